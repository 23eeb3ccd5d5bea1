"""Ranks of a results frame (one row per agency × year): national, among peers of the same type, and within a province.

Shared by the dashboard's results and the viewer-aware reads, which rank again among what a viewer may see.
"""

from __future__ import annotations

import pandas as pd

from indicators import Framework
from indicators.ranking import compute_rankings
from ingest.vocabulary import LOCAL_TYPES

# Regencies and cities are also compared within their province.


def add_ranks(history: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Add national rank, peer ranks (same type; regencies and cities also within their province) and rank change."""
    peer_province = history["agency_type"].where(history["agency_type"].isin(LOCAL_TYPES))
    frame = history.assign(peer_province=peer_province + ":" + history["province_code"].fillna(""))
    ranked = compute_rankings(frame, framework, agency_col="agency_code", group_cols=["agency_type", "peer_province"])
    return ranked.drop(columns=["peer_province"], errors="ignore").rename(
        columns={"rank_agency_type": "rank_type", "rank_peer_province": "rank_province"})
