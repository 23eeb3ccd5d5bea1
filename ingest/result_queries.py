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

import pandas as pd
from sqlalchemy import Engine, and_, exists, or_, select, true, union_all

from ingest.queries import _FINAL_COLUMNS as FINAL_COLUMNS
from ingest.queries import _frame
from ingest.store.schema import (
    agencies,
    publications,
    published_result_levels,
    published_results,
    result_levels,
    results,
)

STORED_COLUMNS = ["agency_code", "agency_name", "agency_type", "province_code", "province_name", "year", "stage",
                  "index", "rating", "nodes", "complete", "missing", "index_kind", "took_part", "index_status",
                  "empty_codes", "invalid_codes", "framework_version", "rank_basis"]


def load_stored_results(engine: Engine, framework_code: str, year: int | None = None) -> pd.DataFrame:
    """Return one row per alive agency and year of a framework (all years, or `year`) with its stored result.

    Rows of agencies that did not take part that year carry NULL results and `took_part` NULL.
    Ordered by year, then the agencies existing that year by code, then those outside their registry years.
    """
    return _frame(engine, _alive_results(results, framework_code, year)).reindex(columns=STORED_COLUMNS)


def load_published_stored_results(engine: Engine, framework_code: str, year: int | None = None) -> pd.DataFrame:
    """Return the rows of `load_stored_results` as published: each published year of the framework from its
    publication snapshot's copy (`published_results`), every other year as it is now (unmasked)."""
    return _frame(engine, _alive_results(select_as_published(results, published_results, framework_code),
                                         framework_code, year)).reindex(columns=STORED_COLUMNS)


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


def _alive_results(source, framework_code: str, year: int | None):
    # The one query of `load_stored_results` over `source`: `results`, or any subquery with its columns.
    of_framework = source.c.framework_code == framework_code
    years = select(source.c.year).where(of_framework).distinct()
    if year is not None:
        years = years.where(source.c.year == int(year))
    years = years.subquery("years")
    taking_part = select(source.c.agency_code).where(of_framework, source.c.took_part).distinct()
    province = agencies.alias("province")
    alive = and_(agencies.c.evaluated, or_(agencies.c.valid_from.is_(None), agencies.c.valid_from <= years.c.year),
                 or_(agencies.c.valid_to.is_(None), agencies.c.valid_to >= years.c.year),
                 agencies.c.code.in_(taking_part))
    return (select(agencies.c.code.label("agency_code"), agencies.c.name.label("agency_name"),
                   agencies.c.type.label("agency_type"), agencies.c.province_code,
                   province.c.name.label("province_name"), years.c.year, source.c.stage, source.c.index,
                   source.c.rating, source.c.nodes, source.c.complete, source.c.missing, source.c.index_kind,
                   source.c.took_part, source.c.index_status, source.c.empty_codes, source.c.invalid_codes,
                   source.c.framework_version, source.c.rank_basis)
            .select_from(agencies.join(years, true())
                         .outerjoin(source, and_(source.c.agency_code == agencies.c.code,
                                                 source.c.year == years.c.year, of_framework))
                         .outerjoin(province, and_(province.c.code == agencies.c.province_code,
                                                   province.c.type == "provinsi")))
            .where(or_(source.c.took_part.is_(True), alive))
            .order_by(years.c.year, alive.desc(), agencies.c.code))


def load_stored_final_levels(engine: Engine, year: int | None = None, framework: str | None = None) -> pd.DataFrame:
    """Return the final value per agency × year × framework × code kept at load: the frame of
    `queries.load_final_levels` (same columns and order) without reading every stage's score rows."""
    return _final_levels(engine, result_levels, year, framework)


def load_published_stored_final_levels(engine: Engine, year: int | None = None, framework: str | None = None, *,
                                       published_only: bool = False) -> pd.DataFrame:
    """Return the frame of `load_stored_final_levels` as published: each published year × framework from its
    publication snapshot's copy (`published_result_levels`), every other pair as it is now (none with
    `published_only`); unmasked."""
    if published_only:
        return _final_levels(engine, published_result_levels, year, framework, published_only=True)
    return _final_levels(engine, select_as_published(result_levels, published_result_levels, framework), year, framework)


def _final_levels(engine: Engine, source, year: int | None, framework: str | None,
                  published_only: bool = False) -> pd.DataFrame:
    query = select(*(source.c[name] for name in FINAL_COLUMNS))
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
