"""Reads of the results kept in the store (table `results`, written at load by `ingest.frameworks.results`).

One query per framework gives what `dashboard.logic.results.compute_history` used to compute from
every score row: the agencies alive each year (those that took part in the framework in any year and
existed that year, plus any with a result outside its registry years), their stored results and
their province's name. Unfiltered, like `ingest.queries`: the dashboard reads through the viewer-aware layer.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, or_, select, true

from ingest.queries import _FINAL_COLUMNS as FINAL_COLUMNS
from ingest.queries import _frame
from ingest.store.schema import agencies, result_levels, results

STORED_COLUMNS = ["agency_code", "agency_name", "agency_type", "province_code", "province_name", "year", "stage",
                  "index", "rating", "nodes", "complete", "missing", "index_kind", "took_part", "index_status",
                  "empty_codes", "invalid_codes", "framework_version", "rank_basis"]


def load_stored_results(engine: Engine, framework_code: str, year: int | None = None) -> pd.DataFrame:
    """Return one row per alive agency and year of a framework (all years, or `year`) with its stored result.

    Rows of agencies that did not take part that year carry NULL results and `took_part` NULL.
    Ordered by year, then the agencies existing that year by code, then those outside their registry years.
    """
    of_framework = results.c.framework_code == framework_code
    years = select(results.c.year).where(of_framework).distinct()
    if year is not None:
        years = years.where(results.c.year == int(year))
    years = years.subquery("years")
    taking_part = select(results.c.agency_code).where(of_framework, results.c.took_part).distinct()
    province = agencies.alias("province")
    alive = and_(agencies.c.evaluated, or_(agencies.c.valid_from.is_(None), agencies.c.valid_from <= years.c.year),
                 or_(agencies.c.valid_to.is_(None), agencies.c.valid_to >= years.c.year),
                 agencies.c.code.in_(taking_part))
    query = (select(agencies.c.code.label("agency_code"), agencies.c.name.label("agency_name"),
                    agencies.c.type.label("agency_type"), agencies.c.province_code,
                    province.c.name.label("province_name"), years.c.year, results.c.stage, results.c.index,
                    results.c.rating, results.c.nodes, results.c.complete, results.c.missing, results.c.index_kind,
                    results.c.took_part, results.c.index_status, results.c.empty_codes, results.c.invalid_codes,
                    results.c.framework_version, results.c.rank_basis)
             .select_from(agencies.join(years, true())
                          .outerjoin(results, and_(results.c.agency_code == agencies.c.code,
                                                   results.c.year == years.c.year, of_framework))
                          .outerjoin(province, and_(province.c.code == agencies.c.province_code,
                                                    province.c.type == "provinsi")))
             .where(or_(results.c.took_part.is_(True), alive))
             .order_by(years.c.year, alive.desc(), agencies.c.code))
    return _frame(engine, query).reindex(columns=STORED_COLUMNS)


def load_stored_final_levels(engine: Engine, year: int | None = None, framework: str | None = None) -> pd.DataFrame:
    """Return the final value per agency × year × framework × code kept at load: the frame of
    `queries.load_final_levels` (same columns and order) without reading every stage's score rows."""
    query = select(*(result_levels.c[name] for name in FINAL_COLUMNS))
    if year is not None:
        query = query.where(result_levels.c.year == int(year))
    if framework is not None:
        query = query.where(result_levels.c.framework_code == framework)
    frame = _frame(engine, query)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    frame["invalid"] = frame["invalid"].astype(bool)
    # Sorted as compute_final_levels sorts (Python's order of the codes, whatever the database's collation).
    return frame.sort_values(["agency_code", "year", "framework_code", "code"], kind="stable").reset_index(drop=True)
