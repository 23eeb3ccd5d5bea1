"""Ratings (predikat) of indices, one at a time or vectorised, on the basis each year prescribes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators.errors import ScoringError
from indicators.framework import Framework
from indicators.model import Band


def compute_rating(index: float | None, framework: Framework, year: int | None) -> Band | None:
    """Return the rating band of one index (scale units) in `year`, or None for a missing index."""
    return framework.rating_for(index, year)


def rating_basis_array(values: np.ndarray, framework: Framework, year: int | None) -> np.ndarray:
    """Return the values ratings are read from in `year`: rounded half up where the year says, like `rating_basis`."""
    values = np.asarray(values, dtype=float)
    decimals = framework.rating_decimals(year)
    if decimals is None:
        return values.copy()
    factor = 10.0**decimals
    # Same steps as round_half_up: drop float noise at 6 decimals of the scaled value, then half up.
    scaled = np.floor(np.round(np.abs(values) * factor, 6) + 0.5) / factor
    return np.where(values >= 0, scaled, -scaled)


def band_edges(framework: Framework) -> tuple[list[Band], np.ndarray]:
    """Return the bands from lowest to highest and the lower edges of all but the lowest."""
    ascending = sorted(framework.rating_bands, key=lambda band: band.min)
    return ascending, np.array([band.min for band in ascending[1:]])


def compute_ratings(values: pd.Series | Sequence[float] | np.ndarray, framework: Framework,
                    year: int | Sequence[int] | pd.Series | None) -> pd.Series:
    """Return the rating slug of every index (None where the index is missing); `year` is one year or one per value."""
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values, dtype=float))
    numbers = series.to_numpy(dtype=float, na_value=np.nan)
    years = np.broadcast_to(np.asarray(year, dtype=object), numbers.shape) if year is None or np.ndim(year) == 0 \
        else np.asarray(pd.Series(year).to_numpy(dtype=object))
    if years.shape != numbers.shape:
        raise ScoringError(f"got {len(years)} years for {len(numbers)} indices")
    basis = np.full(numbers.shape, np.nan)
    for one_year in pd.unique(years):
        chosen = years == one_year
        basis[chosen] = rating_basis_array(numbers[chosen], framework, None if one_year is None else int(one_year))
    ascending, edges = band_edges(framework)
    low, high = ascending[0].min, ascending[-1].max
    given = ~np.isnan(basis)
    outside = given & ((basis < low) | (basis > high))
    if outside.any():
        bad = numbers[outside][0]
        raise ScoringError(f"index {bad:g} lies outside every rating band of {framework.code} ({low:g}–{high:g})")
    # digitize puts an edge value in the band above it: bands are [min, max), the top one closed.
    position = np.digitize(np.where(given, basis, low), edges, right=False)
    slugs = np.array([band.slug for band in ascending], dtype=object)[position]
    slugs[~given] = None
    return pd.Series(slugs, index=series.index, dtype=object, name=series.name)


def next_band(framework: Framework, band: Band) -> Band | None:
    """Return the band directly above `band`, or None for the top band."""
    ascending, _ = band_edges(framework)
    position = ascending.index(band)
    return ascending[position + 1] if position + 1 < len(ascending) else None


def lowest_index_for(framework: Framework, band: Band, year: int | None) -> float:
    """Return the smallest index rated `band` or above in `year` (with rounding: the lowest value rounding up to the edge).

    Rounded to d decimals, the first rounded value at or above the edge is r = ceil(edge, d); every index
    from r − half a unit of the d-th decimal rounds to it (3.5 on 2 decimals: 3.495; 0.75 on 1 decimal: 0.75).
    """
    decimals = framework.rating_decimals(year)
    if decimals is None:
        return band.min
    factor = 10.0**decimals
    first_rounded = math.ceil(round(band.min * factor, 6)) / factor
    return round(first_rounded - 0.5 / factor, decimals + 6)
