"""Results of many agency-years from their final values (pure): scores from the most detailed level, stage, status.

Shared by the store, which keeps them at load (`ingest.frameworks.results`), and the dashboard's pandas
path (`dashboard.logic.results`), which stays the oracle the stored results are tested against.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.framework import Framework
from indicators.scoring import compute_scores, compute_scores_frame

# index_kind of an agency-year that has only its published index ("indeks saja").
INDEX_ONLY = "index"
# Why an agency has or lacks an index: see `index_statuses`.
STATUS_COLUMNS = ["took_part", "index_status", "empty_codes", "invalid_codes"]


def group_codes(framework: Framework) -> list[str]:
    """Return the codes of every node above the indicators, top level first (SPBE: D1..D4, A1..A8)."""
    return [node.code for depth in range(1, framework.depth) for node in framework.nodes_at(depth)]


def compute_scores_wide(final: pd.DataFrame, framework: Framework, stage_rank: Mapping[str, int]) -> pd.DataFrame:
    """Score the final values of many agencies: one row per agency and year with index, domains, aspects.

    Each agency-year is scored from its most detailed values: indicators when it has any, else
    aspects, else domains (recap years publish domain values only; aspects then stay NaN). `stage_rank`
    orders the stages (the stage shown is the latest that gave any final value).
    """
    columns = ["agency_code", "year", "stage", "index", *group_codes(framework), "complete", "missing", "index_kind"]
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
    stages = (chosen.assign(rank=chosen["stage"].map(stage_rank)).sort_values("rank", kind="stable")
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


def index_statuses(frame: pd.DataFrame, final: pd.DataFrame) -> pd.DataFrame:
    """Return per results row whether the agency took part and why it has (or lacks) an index.

    `index_status` is "scored" (has an index), "incomplete" (some values empty: `empty_codes`),
    "invalid" (values reviewed Tidak Valid: `invalid_codes`, nothing empty) or "not_submitted".
    `frame` holds one year (agency_code, index, missing) and `final` that year's final values.
    """
    given = set(final["agency_code"])
    invalid = final[final["invalid"].astype(bool)] if "invalid" in final else final.iloc[0:0]
    invalid_by = invalid.groupby("agency_code")["code"].agg(tuple).to_dict()
    rows = []
    for code, index, missing in zip(frame["agency_code"], frame["index"], frame["missing"], strict=True):
        took_part = code in given
        bad = tuple(invalid_by.get(code, ()))
        empty = tuple(c for c in (missing if isinstance(missing, tuple | list) else ()) if c not in bad)
        if not took_part:
            status = "not_submitted"
        elif not pd.isna(index):
            status = "scored"
        else:
            status = "incomplete" if empty or not bad else "invalid"
        rows.append((took_part, status, empty, bad))
    return pd.DataFrame(rows, columns=STATUS_COLUMNS, index=frame.index)


def compute_agency_result(rows: list[tuple], framework: Framework, stage_rank: Mapping[str, int]) -> dict:
    """Return one agency-year's result from its current rows (stage, code, kind, value, review, raw value) in stored order.

    The same rules as `compute_final_levels` + `compute_scores_wide` + `index_statuses` for one agency,
    without a frame's overhead: a load computes the result of the file it stores in milliseconds.
    Keys: stage, index, nodes {group code: score}, complete, missing, index_kind, took_part, index_status,
    empty_codes, invalid_codes, levels (the final values: code, kind, stage, value, invalid, raw value).
    """
    # code → (stage rank, stage, kind, value or NaN when invalid, raw value)
    final: dict[str, tuple[int, str, str, float, float | None]] = {}
    invalid: set[str] = set()
    for stage, code, kind, value, review, raw in rows:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        rank = stage_rank[stage]
        if code not in final or rank >= final[code][0]:  # later stages win; within a stage the last row
            final[code] = (rank, stage, kind, math.nan if review == "tidak-valid" else float(value), raw)
            invalid.discard(code)
            if review == "tidak-valid":
                invalid.add(code)
    bad = tuple(sorted(invalid))
    # The final values themselves (code, kind, stage, value or None when invalid, invalid, raw value), by code.
    levels = [(code, kind, stage, None if math.isnan(value) else value, code in invalid, raw)
              for code, (_rank, stage, kind, value, raw) in sorted(final.items())]
    unscored = "not_submitted" if not final else ("invalid" if bad else "incomplete")
    empty = {"stage": None, "index": None, "nodes": {}, "complete": None, "missing": None, "index_kind": None,
             "took_part": bool(final), "index_status": unscored, "empty_codes": (), "invalid_codes": bad,
             "levels": levels}
    usable = {code: item for code, item in final.items() if code in framework.nodes}
    if not usable:
        if "index" not in final:
            return empty
        _rank, stage, _kind, value, _raw = final["index"]
        index = None if math.isnan(value) else value
        return {**empty, "stage": stage, "index": index, "complete": False, "index_kind": INDEX_ONLY,
                "index_status": "scored" if index is not None else unscored}
    deepest = max(framework.nodes[code].depth for code in usable)
    chosen = {code: item for code, item in usable.items() if framework.nodes[code].depth == deepest}
    kind = next(iter(chosen.values()))[2]
    scores = compute_scores({code: item[3] for code, item in chosen.items()}, framework, level=kind)
    stage = max(chosen.values(), key=lambda item: item[0])[1]
    missing = tuple(c for c in scores.missing if c not in bad)
    status = "scored" if scores.index is not None else ("incomplete" if missing or not bad else "invalid")
    return {"stage": stage, "index": scores.index, "nodes": {code: scores.nodes.get(code) for code in group_codes(framework)},
            "complete": scores.complete, "missing": scores.missing, "index_kind": kind, "took_part": True,
            "index_status": status, "empty_codes": missing, "invalid_codes": bad, "levels": levels}
