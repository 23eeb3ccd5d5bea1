"""Score final values (pure): one row per agency and year with its index and group scores, from its most detailed values.

The dashboard's results and a load's effect preview (`ingest.effect`) both score through here, so they agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators import Framework
from ingest.vocabulary import STAGES

STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}

# index_kind of an agency-year that has only its published index ("indeks saja").
INDEX_ONLY = "index"


def group_levels(framework: Framework) -> list[tuple[int, tuple]]:
    """Return (depth, nodes) for every level above the indicators, top first (SPBE: domains, then aspects)."""
    return [(depth, framework.nodes_at(depth)) for depth in range(1, framework.depth)]


def node_columns(framework: Framework) -> list[str]:
    """Return the codes of every node above the indicators, top level first (SPBE: D1..D4, A1..A8)."""
    return [node.code for _depth, nodes in group_levels(framework) for node in nodes]


def compute_scores_wide(final: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Score the final values of many agencies: one row per agency and year with index, domains, aspects.

    Each agency-year is scored from its most detailed values: indicators when it has any, else
    aspects, else domains (recap years publish domain values only; aspects then stay NaN).
    """
    from indicators.scoring import compute_scores_frame

    columns = ["agency_code", "year", "stage", "index", *node_columns(framework), "complete", "missing", "index_kind"]
    usable = final[final["code"].isin(framework.nodes.keys())]
    index_only = _index_only(final, usable)
    if usable.empty:
        return index_only.reindex(columns=columns) if len(index_only) else pd.DataFrame(columns=columns)
    # Most detailed first: an agency-year is scored from indicators when it has them.
    detail = usable["code"].map({code: -node.depth for code, node in framework.nodes.items()})
    depth = detail.groupby([usable["agency_code"], usable["year"]]).transform("min")
    chosen = usable[detail == depth]
    parts = []
    for kind, group in chosen.groupby("kind"):
        scored = compute_scores_frame(group, framework, key=("agency_code", "year"), level=kind)
        parts.append(scored.assign(index_kind=kind))
    scored = pd.concat(parts, ignore_index=True)
    # The stage shown is the latest stage that gave any of the agency's final values.
    stages = (chosen.assign(rank=chosen["stage"].map(STAGE_RANK)).sort_values("rank", kind="stable")
              .drop_duplicates(["agency_code", "year"], keep="last")[["agency_code", "year", "stage"]])
    scored = scored.merge(stages, on=["agency_code", "year"], how="left")
    if len(index_only):
        scored = pd.concat([scored, index_only], ignore_index=True)
    for column in columns:
        if column not in scored:
            scored[column] = np.nan
    return scored[columns]


def _index_only(final: pd.DataFrame, usable: pd.DataFrame) -> pd.DataFrame:
    """Agency-years with only a published index (an index-only recap): index_kind 'index', shown as "indeks saja"."""
    published = final[final["code"] == "index"]
    if published.empty:
        return pd.DataFrame()
    scored = set(zip(usable["agency_code"], usable["year"], strict=True))
    keep = [(code, year) not in scored for code, year in zip(published["agency_code"], published["year"], strict=True)]
    rows = published[keep].drop_duplicates(["agency_code", "year"], keep="last")
    return pd.DataFrame({"agency_code": rows["agency_code"], "year": rows["year"], "stage": rows["stage"],
                         "index": rows["value"].astype(float), "complete": False, "missing": None,
                         "index_kind": INDEX_ONLY})


