"""Score final values with the evaluation's stage order: the dashboard's results and a load's effect preview
(`ingest.effect`) both score through here, so they agree; the pure rules live in `indicators.results`.
"""

from __future__ import annotations

import pandas as pd

from indicators import Framework
from indicators.results import INDEX_ONLY, group_codes
from indicators.results import compute_scores_wide as _scores_wide
from ingest.vocabulary import STAGES

__all__ = ["INDEX_ONLY", "STAGE_RANK", "compute_scores_wide", "group_levels", "node_columns"]

STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}


def group_levels(framework: Framework) -> list[tuple[int, tuple]]:
    """Return (depth, nodes) for every level above the indicators, top first (SPBE: domains, then aspects)."""
    return [(depth, framework.nodes_at(depth)) for depth in range(1, framework.depth)]


def node_columns(framework: Framework) -> list[str]:
    """Return the codes of every node above the indicators, top level first (SPBE: D1..D4, A1..A8)."""
    return group_codes(framework)


def compute_scores_wide(final: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Score the final values of many agencies: one row per agency and year (see `indicators.results.compute_scores_wide`)."""
    return _scores_wide(final, framework, STAGE_RANK)
