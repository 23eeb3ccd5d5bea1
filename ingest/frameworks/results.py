"""Results kept in the store: computed once, when a submission becomes current, in the same transaction.

`save_results(conn, keys)` recomputes the agency × year × framework keys a write touched from their
current submissions (a load, a rescore, a revert, clearing the sample) and replaces their rows in
`results`; `fill_results(conn)` rebuilds every row (migration 0010 on an existing store).
Each result is scored with the framework version its submissions were loaded under, exactly as the
pandas path of `dashboard.logic.results` does (the oracle the tests compare with).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, bindparam, delete, func, insert, select

from indicators import Framework
from indicators.rating import compute_ratings, rating_basis_array
from indicators.results import compute_agency_result, compute_scores_wide, group_codes, index_statuses
from ingest.final_scores import STAGE_RANK
from ingest.frameworks.catalog import FrameworkCatalog, StoredVersion
from ingest.queries import compute_final_levels
from ingest.store.bulk import insert_rows
from ingest.store.save import Submission
from ingest.store.schema import framework_versions, result_levels, results, scores, submissions
from ingest.vocabulary import STAGES

Key = tuple[str, int, str]  # agency_code, year, framework_code
# The current score rows a result is computed from, in this order.
CURRENT_COLUMNS = ["agency_code", "year", "framework_code", "stage", "framework_version", "code", "kind", "value",
                   "review", "raw_value"]
# The final values kept in `result_levels`, in this order.
LEVEL_COLUMNS = ["agency_code", "year", "framework_code", "code", "kind", "stage", "value", "invalid", "raw_value"]
_CURRENT = {**{name: submissions.c[name] for name in CURRENT_COLUMNS[:5]},
            **{name: scores.c[name] for name in CURRENT_COLUMNS[5:]}}
# Up to this many agencies of one framework-year are scored one by one (a load group's), more as a frame.
_ONE_BY_ONE = 64
# Agencies per IN list: well under every backend's bound-parameter limit.
_CHUNK = 400
# Statements built once, values bound per call (as in ingest.store.save): a load rebuilds one file's
# results, and building the statements anew cost about as much as running them.
_SCORE_COLUMNS = (*(_CURRENT[name] for name in CURRENT_COLUMNS), submissions.c.id, scores.c.id)
_SCORED = submissions.outerjoin(scores, scores.c.submission_id == submissions.c.id)
_FRAMEWORK_YEAR = (submissions.c.framework_code == bindparam("framework_code")) & (submissions.c.year == bindparam("year"))
_SCORE_ROWS_CURRENT = select(*_SCORE_COLUMNS).select_from(_SCORED).where(_FRAMEWORK_YEAR, submissions.c.is_current)
_SCORE_ROWS_OF_IDS = (select(*_SCORE_COLUMNS).select_from(_SCORED)
                      .where(_FRAMEWORK_YEAR, submissions.c.id.in_(bindparam("ids", expanding=True))))
# A few agencies' rows: the (agency_code, year, stage, framework_code) index must find them, not
# ix_submissions_year_framework, which walks every submission of the framework-year (a load pays it per
# file). Planners without statistics (SQLite always, PostgreSQL until it analyses a store being filled)
# pick the latter whenever the framework is compared or the rows ordered by id in SQL, so both happen
# here in Python; every stage is named, so the index answers all but the framework column.
_SCORE_ROWS_OF_AGENCIES = (select(*_SCORE_COLUMNS).select_from(_SCORED)
                           .where(submissions.c.agency_code.in_(bindparam("agencies", expanding=True)),
                                  submissions.c.year == bindparam("year"), submissions.c.stage.in_(STAGES),
                                  submissions.c.is_current))
_WIDTH = len(CURRENT_COLUMNS)
# Which of a few agencies have stored results in a year, found by the primary key (agency_code, year, ...).
_STORED_OF_AGENCIES = select(results.c.agency_code, results.c.framework_code).where(
    results.c.agency_code.in_(bindparam("agencies", expanding=True)), results.c.year == bindparam("year"))
_DELETE_ALL = tuple(delete(table).where(table.c.framework_code == bindparam("framework_code"),
                                         table.c.year == bindparam("year")) for table in (results, result_levels))
_DELETE_OF_AGENCIES = tuple(statement.where(statement.table.c.agency_code.in_(bindparam("agencies", expanding=True)))
                            for statement in _DELETE_ALL)
_INSERT_RESULTS = insert(results)
# How many current submissions each of a few agencies has in a year, per framework (the agency index answers).
_CURRENT_COUNTS = (select(submissions.c.agency_code, submissions.c.framework_code, func.count())
                   .where(submissions.c.agency_code.in_(bindparam("agencies", expanding=True)),
                          submissions.c.year == bindparam("year"), submissions.c.stage.in_(STAGES),
                          submissions.c.is_current)
                   .group_by(submissions.c.agency_code, submissions.c.framework_code))


def catalog_of(conn: Connection) -> FrameworkCatalog:
    """Return the framework catalogue read through an open connection (inside a migration or a write transaction)."""
    fields = list(StoredVersion.__dataclass_fields__)
    rows = conn.execute(select(*(framework_versions.c[name] for name in fields))).mappings()
    return FrameworkCatalog(StoredVersion(**{**row, "content": bytes(row["content"])}) for row in rows)


def save_results(conn: Connection, keys: Iterable[Key], catalog: FrameworkCatalog | None = None,
                 written: Mapping[Key, Mapping[str, Submission]] | None = None) -> int:
    """Recompute and store the results of the given (agency_code, year, framework_code) keys; return the rows written.

    Call it inside the transaction that changed which submissions are current: a key without current
    submissions any more loses its row. `written` holds, per key, the submissions by stage the caller made
    current in this transaction; a key whose current submissions are exactly those is scored from them
    instead of reading its score rows back.
    """
    catalog = catalog or catalog_of(conn)
    groups: dict[tuple[str, int], set[str]] = defaultdict(set)
    for agency_code, year, framework_code in keys:
        groups[(framework_code, int(year))].add(agency_code)
    count = 0
    for (framework_code, year), agencies in sorted(groups.items()):
        codes = sorted(agencies)
        for start in range(0, len(codes), _CHUNK):
            count += _rebuild(conn, framework_code, year, codes[start:start + _CHUNK], catalog, written)
    return count


def fill_results(conn: Connection, catalog: FrameworkCatalog | None = None) -> int:
    """Rebuild every stored result from the current submissions (frameworks the catalogue lacks are left out); return rows."""
    catalog = catalog or catalog_of(conn)
    conn.execute(delete(results))
    conn.execute(delete(result_levels))
    pairs = conn.execute(select(submissions.c.framework_code, submissions.c.year)
                         .where(submissions.c.is_current).distinct()).all()
    return sum(_rebuild(conn, code, int(year), None, catalog) for code, year in sorted(pairs) if code in catalog)


def _rebuild(conn: Connection, framework_code: str, year: int, agencies: list[str] | None,
             catalog: FrameworkCatalog, written: Mapping[Key, Mapping[str, Submission]] | None = None) -> int:
    """Replace the rows of one framework-year (of `agencies`, or all of them) with freshly computed ones."""
    values: dict[str, Any] = {"framework_code": framework_code, "year": int(year)}
    deletes = _DELETE_ALL
    if agencies is not None:
        # A first load has nothing to replace: the deletes (whose plan, without statistics, may walk the
        # framework-year on PostgreSQL) run only for agencies with stored results of this framework.
        stored = conn.execute(_STORED_OF_AGENCIES, {"agencies": agencies, "year": int(year)})
        values["agencies"] = sorted({agency for agency, code in stored if code == framework_code})
        deletes = _DELETE_OF_AGENCIES if values["agencies"] else ()
    for statement in deletes:
        conn.execute(statement, values)
    current = _current_rows(conn, framework_code, year, agencies, written)
    rows, levels = compute_result_rows(current, framework_code, year, catalog)
    if rows:
        conn.execute(_INSERT_RESULTS, rows)
    # Plain values: the driver's own executemany (ingest.store.bulk), as for the score rows.
    insert_rows(conn, result_levels, levels)
    return len(rows)


def _current_rows(conn: Connection, framework_code: str, year: int, agencies: list[str] | None,
                  written: Mapping[Key, Mapping[str, Submission]] | None) -> list[tuple]:
    """Return the current score rows of the agencies (`score_rows`), those of submissions the caller just wrote
    taken from memory when they are all the agency's current ones (a first load reads nothing back)."""
    if not written or agencies is None:
        return score_rows(conn, framework_code, year, agencies)
    counts = {agency: number for agency, code, number in conn.execute(
        _CURRENT_COUNTS, {"agencies": agencies, "year": int(year)}) if code == framework_code}
    known = {agency: written[(agency, int(year), framework_code)] for agency in agencies
             if (agency, int(year), framework_code) in written}
    mine = {agency for agency in agencies if agency in known and counts.get(agency, 0) == len(known[agency])}
    rest = [agency for agency in agencies if agency not in mine]
    rows = [row for agency in sorted(mine) for item in known[agency].values() for row in compute_written_rows(item)]
    return rows + (score_rows(conn, framework_code, year, rest) if rest else [])


def compute_written_rows(item: Submission) -> list[tuple]:
    """Return the `CURRENT_COLUMNS` rows of a submission `save_submissions` has written, as `score_rows` reads them."""
    head = (item.agency_code, int(item.year), item.framework_code, item.stage, item.framework_version)
    # Written rows: submission id, code, kind, value, sheet, cell, explanation, evidence, justification, review, raw.
    rows = [(*head, row[1], row[2], row[3], row[9], row[10]) for row in item.written]
    # A submission without scores reads back as one row without a code (the outer join).
    return rows or [(*head, None, None, None, None, None)]


def score_rows(conn: Connection, framework_code: str, year: int, agencies: list[str] | None = None,
               ids: list[int] | None = None) -> list[tuple]:
    """Return the score rows (`CURRENT_COLUMNS`) of one framework-year's current submissions (of `agencies`, or all),
    or of exactly the submissions `ids` (a publication snapshot's); one row without a code per submission that
    holds no score."""
    values: dict[str, Any] = {"framework_code": framework_code, "year": int(year)}
    if ids is not None:
        query, values["ids"] = _SCORE_ROWS_OF_IDS, list(ids)
        if agencies is not None:
            query = query.where(submissions.c.agency_code.in_(agencies))
    elif agencies is not None:
        query, values["agencies"] = _SCORE_ROWS_OF_AGENCIES, list(agencies)
    else:
        query = _SCORE_ROWS_CURRENT
    # fetched at once: iterating a result fetches row by row, which cost more than the query at a load's scale
    found = [row for row in conn.execute(query, values).all() if row[2] == framework_code]
    # By submission, then score; a submission without scores has one row, its score id NULL.
    found.sort(key=lambda row: (row[_WIDTH], row[_WIDTH + 1] or 0))
    return [tuple(row[:_WIDTH]) for row in found]


def compute_result_rows(current: list[tuple], framework_code: str, year: int,
                        catalog: FrameworkCatalog) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the `results` and `result_levels` rows of one framework-year from its current score rows
    (`CURRENT_COLUMNS`, stored order)."""
    if not current:
        return [], []
    versions = catalog.version_frameworks(framework_code)
    newest = catalog.get(framework_code)

    def scored_with(version: Any) -> tuple[Framework, int | None]:
        # The newest version among an agency-year's current submissions (none recorded: the newest stored one).
        if not versions:
            return newest, None
        if _missing(version):
            return newest, max(versions)
        return versions.get(int(version), newest), int(version)

    now = datetime.now(UTC)
    by_agency: dict[str, list[tuple]] = defaultdict(list)
    for row in current:
        by_agency[row[0]].append(row)
    if len(by_agency) <= _ONE_BY_ONE:
        # A file's few agencies: one at a time, without a frame's overhead (a load pays this per file).
        rows, levels = [], []
        for agency_code, found in by_agency.items():
            used = [row[4] for row in found if not _missing(row[4])]
            framework, version = scored_with(max(used) if used else None)
            row, final = _row_of([row[3:10] for row in found if row[5] is not None], agency_code, framework, version,
                                 year, framework_code, now)
            rows.append(row)
            levels += final
        return rows, levels
    current = pd.DataFrame.from_records(current, columns=CURRENT_COLUMNS)
    current["value"] = pd.to_numeric(current["value"], errors="coerce").astype("float64")
    used = current.groupby("agency_code")["framework_version"].max()
    final = compute_final_levels(current[current["code"].notna()])
    rows = []
    for version, agencies in used.groupby(used.fillna(-1)).groups.items():
        framework, stored_version = scored_with(None if version == -1 else version)
        part = final[final["agency_code"].isin(agencies)]
        rows += _rows_of(part, list(agencies), framework, stored_version, year, framework_code, now)
    levels = [{key: (None if _missing(value) else value) for key, value in level.items()}
              for level in final[LEVEL_COLUMNS].to_dict("records")]
    return rows, levels


def _row_of(given: list[tuple], agency_code: str, framework: Framework, version: int | None, year: int,
            framework_code: str, now: datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One agency-year's row and final values from its current rows (stage, framework_version, code, kind, value,
    review, raw value)."""
    found = compute_agency_result([(stage, code, kind, value, review, raw)
                                   for stage, _v, code, kind, value, review, raw in given], framework, STAGE_RANK)
    levels = [{"agency_code": agency_code, "year": year, "framework_code": framework_code, "code": code, "kind": kind,
               "stage": stage, "value": value, "invalid": invalid, "raw_value": raw}
              for code, kind, stage, value, invalid, raw in found["levels"]]
    index = math.nan if found["index"] is None else found["index"]
    band = framework.rating_for(found["index"], year) if found["index"] is not None else None
    return {"agency_code": agency_code, "year": year, "framework_code": framework_code,
            "framework_version": version if found["took_part"] else None, "stage": found["stage"],
            "index": found["index"], "rating": band.slug if band else None,
            "rank_basis": _number(rating_basis_array(np.array([index]), framework, year)[0]),
            "nodes": {code: found["nodes"].get(code) for code in group_codes(framework)} if found["took_part"] else {},
            "complete": found["complete"], "missing": None if found["missing"] is None else list(found["missing"]),
            "index_kind": found["index_kind"], "took_part": found["took_part"], "index_status": found["index_status"],
            "empty_codes": list(found["empty_codes"]), "invalid_codes": list(found["invalid_codes"]),
            "computed_at": now}, levels


def _rows_of(final: pd.DataFrame, agencies: list[str], framework: Framework, version: int | None, year: int,
             framework_code: str, now: datetime) -> list[dict[str, Any]]:
    scored = compute_scores_wide(final, framework, STAGE_RANK)
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

