"""Reads of the results kept in the store (table `results`, written at load by `ingest.frameworks.results`).

One query per framework gives what `dashboard.logic.results.compute_history` used to compute from
every score row: the agencies alive each year (those that took part in the framework in any year and
existed that year, plus any with a result outside its registry years), their stored results and
their province's name. Unfiltered, like `ingest.queries`: the dashboard reads through the viewer-aware layer.
The results as published (`load_published_stored_results`, `load_published_stored_final_levels`) read the same
way, with each published year × framework's rows from `published_results` / `published_result_levels` (the copy
taken with its publication snapshot) and every other pair's from `results` / `result_levels`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd
from sqlalchemy import Engine, Select, Table, and_, case, exists, func, or_, select, true, union_all

from ingest.queries import _FINAL_COLUMNS as FINAL_COLUMNS
from ingest.queries import _frame
from ingest.store.schema import (
    agencies,
    files,
    publications,
    published_result_levels,
    published_results,
    result_levels,
    results,
    submissions,
)

STORED_COLUMNS = ["agency_code", "agency_name", "agency_type", "province_code", "province_name", "year", "stage",
                  "index", "rating", "nodes", "complete", "missing", "index_kind", "took_part", "index_status",
                  "empty_codes", "invalid_codes", "framework_version", "rank_basis"]


def select_stored_rows(framework_code: str, *, table: Table = results, years: Collection[int] | None = None,
                       columns: Sequence[str] = STORED_COLUMNS) -> Select:
    """Return the query of one row per alive agency and year of a framework (years of `table`, or those of them in
    `years`) with its stored result, plus `alive_order` (1 for agencies existing that year, 0 for those outside their
    registry years); unordered. `table` is `results` or a table with its columns (a publication's results)."""
    of_framework = table.c.framework_code == framework_code
    found = select(table.c.year).where(of_framework).distinct()
    if years is not None:
        found = found.where(table.c.year.in_(sorted(int(y) for y in years)))
    found = found.subquery("years")
    taking_part = select(table.c.agency_code).where(of_framework, table.c.took_part).distinct()
    province = agencies.alias("province")
    alive = and_(agencies.c.evaluated, or_(agencies.c.valid_from.is_(None), agencies.c.valid_from <= found.c.year),
                 or_(agencies.c.valid_to.is_(None), agencies.c.valid_to >= found.c.year),
                 agencies.c.code.in_(taking_part))
    named = {"agency_code": agencies.c.code, "agency_name": agencies.c.name, "agency_type": agencies.c.type,
             "province_code": agencies.c.province_code, "province_name": province.c.name, "year": found.c.year}
    return (select(*((named[name] if name in named else table.c[name]).label(name) for name in columns),
                   case((alive, 1), else_=0).label("alive_order"))
            .select_from(agencies.join(found, true())
                         .outerjoin(table, and_(table.c.agency_code == agencies.c.code, table.c.year == found.c.year,
                                                of_framework))
                         .outerjoin(province, and_(province.c.code == agencies.c.province_code,
                                                   province.c.type == "provinsi")))
            .where(or_(table.c.took_part.is_(True), alive)))


def load_stored_results(engine: Engine, framework_code: str, year: int | None = None) -> pd.DataFrame:
    """Return one row per alive agency and year of a framework (all years, or `year`) with its stored result.

    Rows of agencies that did not take part that year carry NULL results and `took_part` NULL.
    Ordered by year, then the agencies existing that year by code, then those outside their registry years.
    """
    return _frame(engine, _ordered(select_stored_rows(framework_code, years=None if year is None else [year])))\
        .reindex(columns=STORED_COLUMNS)


def load_published_stored_results(engine: Engine, framework_code: str, year: int | None = None) -> pd.DataFrame:
    """Return the rows of `load_stored_results` as published: each published year of the framework from its
    publication snapshot's copy (`published_results`), every other year as it is now (unmasked)."""
    source = select_as_published(results, published_results, framework_code)
    rows = select_stored_rows(framework_code, table=source, years=None if year is None else [year])
    return _frame(engine, _ordered(rows)).reindex(columns=STORED_COLUMNS)


def _ordered(query: Select) -> Select:
    # By year, then the agencies existing that year by code, then those outside their registry years.
    rows = query.subquery("rows")
    return select(*(rows.c[name] for name in STORED_COLUMNS)).order_by(rows.c.year, rows.c.alive_order.desc(),
                                                                       rows.c.agency_code)


def select_as_published(current, published, framework_code: str | None = None):
    """Return a subquery with the columns of `current` (`results` or `result_levels`): the rows of `published` (its
    published twin) for published year × framework pairs, the rows of `current` for every other pair."""
    parts = []
    for table, shown in ((current, ~_published_pair(current)), (published, _published_pair(published))):
        query = select(*(table.c[column.name] for column in current.columns)).where(shown)
        if framework_code is not None:
            query = query.where(table.c.framework_code == framework_code)
        parts.append(query)
    return union_all(*parts).subquery(f"as_published_{current.name}")


def _published_pair(table):
    # True for a row whose year × framework is published now.
    return exists().where(publications.c.published, publications.c.year == table.c.year,
                          publications.c.framework_code == table.c.framework_code)



def load_stored_final_levels(engine: Engine, year: int | None = None, framework: str | None = None,
                             agency_code: str | Collection[str] | None = None) -> pd.DataFrame:
    """Return the final value per agency × year × framework × code kept at load: the frame of
    `queries.load_final_levels` (same columns and order) without reading every stage's score rows; of one agency
    or a few when given (a profile reads its own rows, commitments their agencies', not the year's)."""
    return _final_levels(engine, result_levels, year, framework, agency_code=agency_code)


def load_published_stored_final_levels(engine: Engine, year: int | None = None, framework: str | None = None, *,
                                       published_only: bool = False,
                                       agency_code: str | Collection[str] | None = None) -> pd.DataFrame:
    """Return the frame of `load_stored_final_levels` as published: each published year × framework from its
    publication snapshot's copy (`published_result_levels`), every other pair as it is now (none with
    `published_only`), of one agency or a few when given; unmasked."""
    if published_only:
        return _final_levels(engine, published_result_levels, year, framework, published_only=True,
                             agency_code=agency_code)
    return _final_levels(engine, select_as_published(result_levels, published_result_levels, framework), year,
                         framework, agency_code=agency_code)


def _final_levels(engine: Engine, source, year: int | None, framework: str | None, published_only: bool = False,
                  agency_code: str | Collection[str] | None = None) -> pd.DataFrame:
    query = select(*(source.c[name] for name in FINAL_COLUMNS))
    if isinstance(agency_code, str):
        query = query.where(source.c.agency_code == agency_code)
    elif agency_code is not None:
        query = query.where(source.c.agency_code.in_(sorted(agency_code)))
    if year is not None:
        query = query.where(source.c.year == int(year))
    if framework is not None:
        query = query.where(source.c.framework_code == framework)
    if published_only:
        query = query.where(_published_pair(source))
    frame = _frame(engine, query)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    frame["invalid"] = frame["invalid"].astype(bool)
    # Sorted as compute_final_levels sorts (Python's order of the codes, whatever the database's collation).
    return frame.sort_values(["agency_code", "year", "framework_code", "code"], kind="stable").reset_index(drop=True)


PARTNER_COLUMNS = ["code", "agency_code", "agency_name", "level", "index"]


def load_stored_partners(engine: Engine, year: int, framework_code: str, agency_code: str, agency_type: str,
                         thresholds: dict[str, float], per_indicator: int = 3) -> pd.DataFrame:
    """Return the candidate learning partners of an agency: other agencies of `agency_type` with a result whose final
    value on an indicator of `thresholds` is at least its threshold, the best `per_indicator` per indicator by value,
    then index (with ties at the edge: the caller breaks them by agency code), ordered by agency code.

    Columns code, agency_code, agency_name, level (the final value), index; one query whatever the year's size.
    """
    if not thresholds:
        return pd.DataFrame(columns=PARTNER_COLUMNS)
    level = result_levels.c
    mastered = or_(*(and_(level.code == code, level.value >= float(value)) for code, value in thresholds.items()))
    # rank(), not row_number(): rows tied with the last place all come back, so the database's collation of agency
    # codes never decides which of them is shown.
    place = func.rank().over(partition_by=level.code, order_by=(level.value.desc(), results.c.index.desc()))
    found = (select(level.code, level.agency_code, agencies.c.name.label("agency_name"), level.value.label("level"),
                    results.c.index, place.label("place"))
             .select_from(result_levels
                          .join(results, and_(results.c.agency_code == level.agency_code, results.c.year == level.year,
                                              results.c.framework_code == level.framework_code))
                          .join(agencies, agencies.c.code == level.agency_code))
             .where(level.framework_code == framework_code, level.year == int(year), level.code.in_(sorted(thresholds)),
                    mastered, agencies.c.type == agency_type, level.agency_code != agency_code,
                    results.c.index.is_not(None))
             .subquery("found"))
    frame = _frame(engine, select(*(found.c[name] for name in PARTNER_COLUMNS)).where(found.c.place <= per_indicator))
    frame = frame.reindex(columns=PARTNER_COLUMNS)
    frame["level"] = frame["level"].astype("float64")
    frame["index"] = frame["index"].astype("float64")
    return frame.sort_values("agency_code", kind="stable").reset_index(drop=True)


def load_agency_submission_rows(engine: Engine, agency_code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return every submission revision of one agency (the columns of `queries.load_all_submissions`, oldest first) and
    the metadata of their files (the columns of `queries.load_all_files` but the problem report): what a profile lists
    of its agency's revisions, without the store's other submissions or any file's report."""
    own = submissions.c.agency_code == agency_code
    rows = _frame(engine, select(submissions).where(own).order_by(submissions.c.id))
    their_files = select(submissions.c.file_id).where(own)
    columns = [c for c in files.c if c.name not in ("content", "report")]
    return rows, _frame(engine, select(*columns).where(files.c.id.in_(their_files)).order_by(files.c.id))
