"""Peringkat: filter, order and export the ranking (pure)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators import Framework

# Then the framework's top-level node codes (SPBE: D1..D4), then rank_change.
RANKING_EXPORT_BASE = ["rank", "agency_code", "agency_name", "agency_type", "province", "index", "rating"]


def ranking_export_columns(framework: Framework, rank_change: bool = True) -> list[str]:
    """Return the ranking download's columns: the base ones, the framework's top-level node codes, rank_change."""
    return [*RANKING_EXPORT_BASE, *(node.code for node in framework.top_nodes), *(["rank_change"] if rank_change else [])]


def filter_results(results: pd.DataFrame, agency_type: str | None = None, province: str | None = None,
                   rating: str | None = None, search: str | None = None) -> pd.DataFrame:
    """Return the rows matching every given filter (type slug, province code, rating slug, name or code text)."""
    mask = pd.Series(True, index=results.index)
    if agency_type:
        mask &= results["agency_type"] == agency_type
    if province:
        mask &= results["province_code"] == province
    if rating:
        mask &= results["rating"] == rating
    if search and search.strip():
        needle = search.strip().casefold()
        mask &= (results["agency_name"].str.casefold().str.contains(needle, regex=False)
                 | results["agency_code"].str.casefold().str.startswith(needle))
    return results[mask]


def sort_for_ranking(results: pd.DataFrame) -> pd.DataFrame:
    """Return rows ranked first (best first), then agencies that did not submit by name."""
    return results.assign(_missing=results["rank"].isna()).sort_values(
        ["_missing", "rank", "agency_name"]).drop(columns="_missing")


def ranking_export(results: pd.DataFrame, framework: Framework, year: int, lang: str = "id") -> pd.DataFrame:
    """Return the ranking rows shown, for download: unrounded numbers, official rating labels, province names."""
    labels = {b.slug: b.text(lang) for b in framework.rating_bands}
    frame = pd.DataFrame({
        "rank": results["rank"],
        "agency_code": results["agency_code"],
        "agency_name": results["agency_name"],
        "agency_type": results["agency_type"],
        "province": results["province_name"].fillna(""),
        "index": results["index"],
        "rating": results["rating"].map(labels),
    })
    for node in framework.top_nodes:
        frame[node.code] = results.get(node.code, np.nan)
    frame["rank_change"] = results["rank_change"]
    return frame[ranking_export_columns(framework)].reset_index(drop=True)
