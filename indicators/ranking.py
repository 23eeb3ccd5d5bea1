"""Rankings of agencies per year and within peer groups, rank changes, percentiles and group statistics."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators.errors import ScoringError
from indicators.framework import Framework
from indicators.rating import rating_basis_array


def compute_rankings(results: pd.DataFrame, framework: Framework, *, year_col: str = "year",
                     group_cols: Sequence[str] = (), agency_col: str = "agency",
                     index_col: str = "index") -> pd.DataFrame:
    """Return `results` with rank (1 = best, ties 1-2-2-4), rank_<group> per peer column, rank_change and percentile (0–100).

    Ranks read the index the year's rating uses (rounded in 2023, unrounded from 2024). rank_change is
    the previous round's rank minus this one (positive = moved up), NA when the agency was not ranked
    in the previous year present in the table. percentile is the share of the other agencies of the
    year that the agency ranks at or above (100 = best; a sole agency gets 100). A row without an
    index, or without a value in a peer column, gets no rank there.
    """
    needed = [year_col, agency_col, index_col, *group_cols]
    absent = [c for c in needed if c not in results.columns]
    if absent:
        raise ScoringError(f"the results have no column {', '.join(map(repr, absent))}")
    out = results.copy()
    basis = pd.Series(np.nan, index=out.index)
    for year, rows in out.groupby(year_col, sort=False).groups.items():
        basis[rows] = rating_basis_array(out.loc[rows, index_col].to_numpy(dtype=float, na_value=np.nan),
                                         framework, int(year))
    out["_basis"] = basis
    out["rank"] = _rank(out, [year_col])
    for column in group_cols:
        out[f"rank_{column}"] = _rank(out, [year_col, column])
    counts = out.groupby(year_col)["_basis"].transform("count")
    percentile = 100.0 * (counts - out["rank"].astype("Float64")) / (counts - 1)
    out["percentile"] = percentile.where(counts > 1, 100.0).where(out["rank"].notna()).astype(float)
    out["rank_change"] = _rank_change(out, year_col, agency_col)
    return out.drop(columns="_basis")


def _rank(frame: pd.DataFrame, by: list[str]) -> pd.Series:
    ranks = frame.groupby(by, dropna=True)["_basis"].rank(method="min", ascending=False)
    return ranks.reindex(frame.index).astype("Int64")


def _rank_change(frame: pd.DataFrame, year_col: str, agency_col: str) -> pd.Series:
    years = np.sort(frame[year_col].dropna().unique())
    previous_year = dict(zip(years[1:], years[:-1], strict=True))
    ranked = frame.loc[frame["rank"].notna(), [agency_col, year_col, "rank"]]
    if ranked.duplicated([agency_col, year_col]).any():
        raise ScoringError(f"an agency appears twice in one year; cannot compare ranks across years ({agency_col})")
    before = ranked.rename(columns={year_col: "_next", "rank": "_before"})
    before["_next"] = before["_next"].map({v: k for k, v in previous_year.items()})
    lookup = frame[[agency_col, year_col]].merge(before, how="left", left_on=[agency_col, year_col],
                                                 right_on=[agency_col, "_next"])
    change = lookup["_before"].to_numpy(dtype=float, na_value=np.nan) - frame["rank"].to_numpy(dtype=float, na_value=np.nan)
    return pd.Series(change, index=frame.index).round().astype("Int64")


def compute_group_stats(results: pd.DataFrame, by: Sequence[str] | str, columns: Sequence[str]) -> pd.DataFrame:
    """Return one row per group and column with mean, median, q1, q3 (quartiles, linear) and count of non-missing values."""
    by_list = [by] if isinstance(by, str) else list(by)
    absent = [c for c in [*by_list, *columns] if c not in results.columns]
    if absent:
        raise ScoringError(f"the results have no column {', '.join(map(repr, absent))}")
    long = results.melt(id_vars=by_list, value_vars=list(columns), var_name="column", value_name="_value")
    long["_value"] = pd.to_numeric(long["_value"], errors="coerce")
    grouped = long.groupby([*by_list, "column"], sort=False, dropna=False)["_value"]
    stats = pd.DataFrame({
        "mean": grouped.mean(),
        "median": grouped.median(),
        "q1": grouped.quantile(0.25),
        "q3": grouped.quantile(0.75),
        "count": grouped.count(),
    }).reset_index()
    # Keep the caller's column order within each group, not alphabetical.
    stats["column"] = pd.Categorical(stats["column"], categories=list(dict.fromkeys(columns)), ordered=True)
    return stats.sort_values([*by_list, "column"], kind="stable").reset_index(drop=True).astype({"column": str})
