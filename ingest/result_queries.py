"""Reads of the results kept in the store (table `results`, written at load by `ingest.frameworks.results`).

One query per framework gives what `dashboard.logic.results.compute_history` used to compute from
every score row: the agencies alive each year (those that took part in the framework in any year and
existed that year, plus any with a result outside its registry years), their stored results and
their province's name. Unfiltered, like `ingest.queries`: the dashboard reads through the viewer-aware layer.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd
from sqlalchemy import Engine, Select, Table, and_, case, or_, select, true

from ingest.queries import _FINAL_COLUMNS as FINAL_COLUMNS
from ingest.queries import _frame
from ingest.store.schema import agencies, result_levels, results

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
    rows = select_stored_rows(framework_code, years=None if year is None else [year]).subquery("rows")
    query = select(*(rows.c[name] for name in STORED_COLUMNS)).order_by(rows.c.year, rows.c.alive_order.desc(),
                                                                         rows.c.agency_code)
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
