"""Peringkat: filter, order and export the ranking (pure)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.logic.search import compute_search_mask
from indicators import Framework

# Then the framework's top-level node codes (SPBE: D1..D4), then rank_change and index_status; stable
# English names (the data download).
RANKING_EXPORT_BASE = ["rank", "agency_code", "agency_name", "agency_type", "province", "index", "rating"]


def ranking_export_columns(framework: Framework, rank_change: bool = True, status: bool = True) -> list[str]:
    """Return the ranking download's columns: the base ones, the framework's top-level node codes, rank_change, index_status."""
    return [*RANKING_EXPORT_BASE, *(node.code for node in framework.top_nodes),
            *(["rank_change"] if rank_change else []), *(["index_status"] if status else [])]


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
        mask &= compute_search_mask(results, search)
    return results[mask]


def sort_for_ranking(results: pd.DataFrame) -> pd.DataFrame:
    """Return rows ranked first (best first), then agencies that did not submit by name."""
    return results.assign(_missing=results["rank"].isna()).sort_values(
        ["_missing", "rank", "agency_name"]).drop(columns="_missing")


def ranking_export(results: pd.DataFrame, framework: Framework, year: int, lang: str = "id") -> pd.DataFrame:
    """Return the ranking rows shown, for download: unrounded numbers, official rating labels, province names,
    the top-level node scores, the rank change and why an agency has no index (`index_status`).
    """
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
    frame["index_status"] = results.get("index_status", "")
    return frame[ranking_export_columns(framework)].reset_index(drop=True)
