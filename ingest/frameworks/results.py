"""Results kept in the store: computed once, when a submission becomes current, in the same transaction.

`save_results(conn, keys)` recomputes the agency × year × framework keys a write touched from their
current submissions (a load, a rescore, a revert, clearing the sample) and replaces their rows in
`results`; `fill_results(conn)` rebuilds every row (migration 0010, `python -m ingest results fill`).
Each result is scored with the framework version its submissions were loaded under, exactly as the
pandas path of `dashboard.logic.results` does (the oracle the tests compare with).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, insert, select

from indicators import Framework
from indicators.rating import compute_ratings, rating_basis_array
from indicators.results import compute_agency_result, compute_scores_wide, group_codes, index_statuses
from ingest.frameworks.catalog import FrameworkCatalog, StoredVersion
from ingest.queries import compute_final_levels
from ingest.store.schema import framework_versions, results, scores, submissions
from ingest.vocabulary import STAGES

Key = tuple[str, int, str]  # agency_code, year, framework_code
_STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}
# Up to this many agencies of one framework-year are scored one by one (a file), more as a frame.
_ONE_BY_ONE = 20
# Agencies per IN list: well under every backend's bound-parameter limit.
_CHUNK = 400


def catalog_of(conn: Connection) -> FrameworkCatalog:
    """Return the framework catalogue read through an open connection (inside a migration or a write transaction)."""
    fields = list(StoredVersion.__dataclass_fields__)
    rows = conn.execute(select(*(framework_versions.c[name] for name in fields))).mappings()
    return FrameworkCatalog(StoredVersion(**{**row, "content": bytes(row["content"])}) for row in rows)


def save_results(conn: Connection, keys: Iterable[Key], catalog: FrameworkCatalog | None = None) -> int:
    """Recompute and store the results of the given (agency_code, year, framework_code) keys; return the rows written.

    Call it inside the transaction that changed which submissions are current: a key without current
    submissions any more loses its row.
    """
    catalog = catalog or catalog_of(conn)
    groups: dict[tuple[str, int], set[str]] = defaultdict(set)
    for agency_code, year, framework_code in keys:
        groups[(framework_code, int(year))].add(agency_code)
    written = 0
    for (framework_code, year), agencies in sorted(groups.items()):
        codes = sorted(agencies)
        for start in range(0, len(codes), _CHUNK):
            written += _rebuild(conn, framework_code, year, codes[start:start + _CHUNK], catalog)
    return written


def fill_results(conn: Connection, catalog: FrameworkCatalog | None = None) -> int:
    """Rebuild every stored result from the current submissions (frameworks the catalogue lacks are left out); return rows."""
    catalog = catalog or catalog_of(conn)
    conn.execute(delete(results))
    pairs = conn.execute(select(submissions.c.framework_code, submissions.c.year)
                         .where(submissions.c.is_current).distinct()).all()
    return sum(_rebuild(conn, code, int(year), None, catalog) for code, year in sorted(pairs) if code in catalog)


def _rebuild(conn: Connection, framework_code: str, year: int, agencies: list[str] | None,
             catalog: FrameworkCatalog) -> int:
    """Replace the rows of one framework-year (of `agencies`, or all of them) with freshly computed ones."""
    chosen = (results.c.framework_code == framework_code) & (results.c.year == year)
    if agencies is not None:
        chosen &= results.c.agency_code.in_(agencies)
    conn.execute(delete(results).where(chosen))
    current = _current_scores(conn, framework_code, year, agencies)
    rows = compute_result_rows(current, framework_code, year, catalog)
    if rows:
        conn.execute(insert(results), rows)
    return len(rows)


def _current_scores(conn: Connection, framework_code: str, year: int, agencies: list[str] | None) -> pd.DataFrame:
    """Return the current score rows of one framework-year with each submission's framework version."""
    query = (select(submissions.c.agency_code, submissions.c.year, submissions.c.framework_code, submissions.c.stage,
                    submissions.c.framework_version, scores.c.code, scores.c.kind, scores.c.value, scores.c.review,
                    scores.c.raw_value)
             .select_from(submissions.outerjoin(scores, scores.c.submission_id == submissions.c.id))
             .where(submissions.c.is_current, submissions.c.framework_code == framework_code,
                    submissions.c.year == year))
    if agencies is not None:
        query = query.where(submissions.c.agency_code.in_(agencies))
    result = conn.execute(query.order_by(submissions.c.id, scores.c.id))
    frame = pd.DataFrame.from_records([tuple(row) for row in result], columns=list(result.keys()))
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    return frame


def compute_result_rows(current: pd.DataFrame, framework_code: str, year: int,
                        catalog: FrameworkCatalog) -> list[dict[str, Any]]:
    """Return the `results` rows of one framework-year from its current score rows (see `_current_scores`)."""
    if current.empty:
        return []
    versions = catalog.version_frameworks(framework_code)
    newest = catalog.get(framework_code)
    # The version an agency-year is scored with: the newest among its current submissions (the pandas path's rule).
    used = current.groupby("agency_code")["framework_version"].max()
    final = compute_final_levels(current[current["code"].notna()])
    now = datetime.now(UTC)
    rows = []
    for version, agencies in used.groupby(used.fillna(-1)).groups.items():
        framework = versions.get(int(version), newest) if versions else newest
        stored_version = (int(version) if version != -1 else max(versions)) if versions else None
        if len(used) > _ONE_BY_ONE:
            part = final[final["agency_code"].isin(agencies)]
            rows += _rows_of(part, list(agencies), framework, stored_version, year, framework_code, now)
        else:  # a file's few agencies: one at a time, without a frame's overhead (a load pays this per file)
            rows += [_row_of(current[current["agency_code"] == code], code, framework, stored_version, year,
                             framework_code, now) for code in agencies]
    return rows


def _row_of(current: pd.DataFrame, agency_code: str, framework: Framework, version: int | None, year: int,
            framework_code: str, now: datetime) -> dict[str, Any]:
    given = current[current["code"].notna()]
    found = compute_agency_result(list(zip(given["stage"], given["code"], given["kind"], given["value"], given["review"],
                                           strict=True)), framework, _STAGE_RANK)
    index = math.nan if found["index"] is None else found["index"]
    return {"agency_code": agency_code, "year": year, "framework_code": framework_code,
            "framework_version": version if found["took_part"] else None, "stage": found["stage"],
            "index": found["index"], "rating": compute_ratings([index], framework, year).iat[0],
            "rank_basis": _number(rating_basis_array(np.array([index]), framework, year)[0]),
            "nodes": {code: found["nodes"].get(code) for code in group_codes(framework)} if found["took_part"] else {},
            "complete": found["complete"], "missing": None if found["missing"] is None else list(found["missing"]),
            "index_kind": found["index_kind"], "took_part": found["took_part"], "index_status": found["index_status"],
            "empty_codes": list(found["empty_codes"]), "invalid_codes": list(found["invalid_codes"]), "computed_at": now}


def _rows_of(final: pd.DataFrame, agencies: list[str], framework: Framework, version: int | None, year: int,
             framework_code: str, now: datetime) -> list[dict[str, Any]]:
    scored = compute_scores_wide(final, framework, _STAGE_RANK)
    scored = pd.DataFrame({"agency_code": agencies}).merge(scored.drop(columns=["year"]), on="agency_code", how="left")
    statuses = index_statuses(scored, final)
    index = scored["index"].to_numpy(dtype=float, na_value=math.nan)
    ratings = compute_ratings(index, framework, year)
    basis = rating_basis_array(index, framework, year)
    nodes = group_codes(framework)
    rows = []
    for i, row in enumerate(scored.to_dict("records")):
        took_part = bool(statuses["took_part"].iat[i])
        rows.append({
            "agency_code": row["agency_code"], "year": year, "framework_code": framework_code,
            "framework_version": version if took_part else None,
            "stage": _text(row["stage"]), "index": _number(index[i]), "rating": ratings.iat[i],
            "rank_basis": _number(basis[i]), "nodes": {code: _number(row.get(code)) for code in nodes},
            "complete": None if _missing(row["complete"]) else bool(row["complete"]),
            "missing": list(row["missing"]) if isinstance(row["missing"], tuple | list) else None,
            "index_kind": _text(row["index_kind"]), "took_part": took_part,
            "index_status": statuses["index_status"].iat[i], "empty_codes": list(statuses["empty_codes"].iat[i]),
            "invalid_codes": list(statuses["invalid_codes"].iat[i]), "computed_at": now,
        })
    return rows


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _number(value: Any) -> float | None:
    return None if _missing(value) else float(value)


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value)


def result_keys(conn: Connection, framework_code: str, year: int) -> list[Key]:
    """Return the keys of every current agency-year of one framework and year (what a rescore recomputes)."""
    query = (select(submissions.c.agency_code).where(submissions.c.is_current, submissions.c.framework_code == framework_code,
                                                     submissions.c.year == int(year)).distinct())
    return [(code, int(year), framework_code) for code in conn.execute(query).scalars()]

