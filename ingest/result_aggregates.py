"""Ranks and aggregates of the results kept in the store, read one year (or one agency) at a time (SQLite and
PostgreSQL alike): aggregates in SQL; a year's ranks from its rows and the previous year's bases (one narrow read),
an agency's places counted in SQL.

What `ingest.ranking.add_ranks` and the pages computed in pandas on the whole store's frame, read here one
year (or one small figure per year) at a time: national rank, rank among the same type and within the
province (regencies and cities), rank change against the previous year of the table, counts, mean, median,
minimum and maximum of the index, rating counts and the mean of every top-level node per year.
Every function takes a `Scope`: the source table (`results`, or a table with its columns, such as a
publication's results), the years of it that count, and which results are blanked and left unranked.
Unfiltered, like `ingest.result_queries`: the dashboard reads through the viewer-aware layer.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import (
    JSON,
    Engine,
    Float,
    Select,
    Table,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.sql.elements import ColumnElement

from ingest.queries import _frame
from ingest.result_queries import STORED_COLUMNS, select_stored_rows
from ingest.store.schema import agencies, results
from ingest.vocabulary import LOCAL_TYPES, UNPUBLISHED

RANKED_COLUMNS = [*STORED_COLUMNS, "rank", "rank_type", "rank_province", "rank_change", "percentile"]
FIGURE_COLUMNS = ["rows", "took_part", "submitted", "mean", "median", "min", "max"]
GROUPS = ("agency_type", "province_code")


@dataclass(frozen=True)
class Scope:
    """Which rows of a results table count and how: evaluators read `Scope()`, everybody else the published part.

    `years`: the years of the table shown (None: all); the agencies of `detail` are shown in every year. Ranks
    are those among the shown years, and with `years` given a rank change is given only when the calendar year
    before is among them. `self_assessment`: a result resting on this stage alone is never ranked and, outside
    `detail`, is blanked (no index, rating or node scores; its status reads `unpublished`, stage and codes hidden).
    """

    table: Table = results
    years: frozenset[int] | None = None
    self_assessment: str | None = None
    detail: frozenset[str] = frozenset()

    def allows(self, year: int) -> bool:
        """True when `year` of the table counts in this scope."""
        return self.years is None or int(year) in self.years


EVERYTHING = Scope()


# Blanked with the index (a self-assessment outside the detail); hidden with the status ("unpublished").
_BLANKED = ("index", "rating", "rank_basis", "nodes")
_HIDDEN = ("stage", "empty_codes", "invalid_codes")
_JSON = ("nodes", "empty_codes", "invalid_codes", "missing")


def _masked(name: str, value: ColumnElement, blanked: ColumnElement, hidden: ColumnElement) -> ColumnElement:
    """A stored column as the scope shows it, given the row's `blanked` and `hidden` flags (1 or 0)."""
    if name in _BLANKED:
        value = case((blanked == 1, null()), else_=value)
    elif name in _HIDDEN:
        value = case((hidden == 1, null()), else_=value)
    elif name == "index_status":
        value = case((hidden == 1, UNPUBLISHED), else_=value)
    return type_coerce(value, JSON) if name in _JSON else value


def _shown_rows(framework_code: str, scope: Scope, years: Collection[int] | None, detail_everywhere: bool = True,
                columns: Sequence[str] = STORED_COLUMNS) -> Select:
    """The alive agencies' rows of `years` (all when None) the scope shows (the detail agencies' in every year unless
    `detail_everywhere` is False), `columns` with what it blanks blanked, plus `alive_order`, the rank basis
    (`basis`, NULL where not ranked), `ranked`, `blanked` and `hidden` (1 or 0)."""
    needed = list(dict.fromkeys([*columns, "agency_code", "year", "stage", "index", "took_part", "index_status",
                                 "rank_basis"]))
    raw = select_stored_rows(framework_code, table=scope.table, years=years, columns=needed).subquery("raw")
    shown: list[ColumnElement] = []
    if scope.years is not None:
        published = raw.c.year.in_(sorted(scope.years))
        shown.append(or_(published, raw.c.agency_code.in_(sorted(scope.detail)))
                     if scope.detail and detail_everywhere else published)
    if scope.self_assessment is None:
        unranked: ColumnElement = literal(False)
        blanked: ColumnElement = literal(False)
        hidden: ColumnElement = literal(False)
    else:
        outside = raw.c.agency_code.not_in(sorted(scope.detail)) if scope.detail else literal(True)
        unranked = raw.c.stage == scope.self_assessment
        blanked = and_(unranked, outside)
        # Outside the detail, a participant without a shown index says only "unpublished" (no stage, reason or codes).
        hidden = and_(outside, raw.c.took_part.is_(True), raw.c.index_status != "not_submitted",
                      or_(raw.c.index.is_(None), blanked))
    flags = {"blanked": case((blanked, 1), else_=0), "hidden": case((hidden, 1), else_=0)}
    basis = case((unranked, null()), else_=raw.c.rank_basis)
    return select(*(_masked(name, raw.c[name], flags["blanked"], flags["hidden"]).label(name) for name in columns),
                  raw.c.alive_order, basis.label("basis"), case((basis.is_(None), 0), else_=1).label("ranked"),
                  flags["blanked"].label("blanked"), flags["hidden"].label("hidden")).where(*shown)


def load_previous_year(engine: Engine, framework_code: str, year: int, scope: Scope = EVERYTHING) -> int | None:
    """Return the latest year before `year` of the framework in the scope's table and years, or None."""
    table = scope.table
    query = select(func.max(table.c.year)).where(table.c.framework_code == framework_code, table.c.year < int(year))
    if scope.years is not None:
        query = query.where(table.c.year.in_(sorted(scope.years)))
    with engine.connect() as conn:
        found = conn.execute(query).scalar()
    return None if found is None else int(found)


def load_ranked_year(engine: Engine, framework_code: str, year: int, scope: Scope = EVERYTHING) -> pd.DataFrame:
    """Return the year's rows (`result_queries.STORED_COLUMNS`, ordered as `load_stored_results`) with rank, rank_type,
    rank_province, rank_change (previous rank minus this one; positive = moved up) and percentile (0–100), as
    `ingest.ranking.add_ranks` gives them on the whole history; only this year's and the previous year's rows are read."""
    if not scope.allows(year):
        return pd.DataFrame(columns=RANKED_COLUMNS)
    previous = load_previous_year(engine, framework_code, year, scope)
    # Only a change against the calendar year before, when the scope asks for it (ranks among published years).
    compared = previous is not None and (scope.years is None or int(year) - 1 in scope.years)
    rows = _shown_rows(framework_code, scope, [int(year)]).subquery("rows")
    frame = _frame(engine, select(*(rows.c[name] for name in STORED_COLUMNS), rows.c.basis)
                   .order_by(rows.c.alive_order.desc(), rows.c.agency_code))
    # The year's rows hold every result ranked that year (each took part), with the basis it is ranked by: ranked here,
    # which on SQLite costs a tenth of the window query; only the previous year's bases are one more (narrow) read.
    before = _frame(engine, _bases(framework_code, scope, previous)) if compared else None
    return _with_ranks(frame, _ranks_of(frame, before), "agency_code")


def _bases(framework_code: str, scope: Scope, year: int) -> Select:
    """The agency code and rank basis of every result ranked in `year` (a self-assessment alone where the scope says
    so is not ranked)."""
    table = scope.table
    unranked = table.c.stage == scope.self_assessment if scope.self_assessment else literal(False)
    basis = case((unranked, null()), else_=table.c.rank_basis)
    return (select(table.c.agency_code, basis.label("basis"))
            .select_from(table.join(agencies, agencies.c.code == table.c.agency_code))
            .where(table.c.framework_code == framework_code, table.c.year == int(year), basis.is_not(None)))


def _ranks_of(frame: pd.DataFrame, before: pd.DataFrame | None) -> pd.DataFrame:
    """Per ranked agency: national, type and province ranks and the count ranked, from one year's rows with their
    `basis` (NULL: unranked) and, when compared, the
    previous year's bases: rank() over the basis, best first (ties 1-2-2-4), nationally, per type and per type and
    province (regencies and cities); the change is the previous year's national rank minus this one."""
    basis = pd.to_numeric(frame["basis"], errors="coerce").astype("float64")
    ranked = basis.notna()

    def place(by: pd.Series | None = None) -> pd.Series:
        values = basis[ranked]
        found = values.rank(method="min", ascending=False) if by is None else \
            values.groupby(by[ranked], dropna=True).rank(method="min", ascending=False)
        return found.reindex(frame.index)

    local = frame["agency_type"].isin(LOCAL_TYPES)
    peers = (frame["agency_type"] + ":" + frame["province_code"].fillna("")).where(local)
    ranks = pd.DataFrame({"agency_code": frame["agency_code"], "rank": place(), "rank_type": place(frame["agency_type"]),
                          "rank_province": place(peers), "ranked_count": float(ranked.sum())})[ranked]
    if before is None:
        return ranks.assign(rank_change=float("nan"))
    previous = pd.to_numeric(before["basis"], errors="coerce").astype("float64").rank(method="min", ascending=False)
    then = pd.Series(previous.to_numpy(dtype="float64"), index=before["agency_code"].to_numpy(dtype=object))
    return ranks.assign(rank_change=then.reindex(ranks["agency_code"].to_numpy(dtype=object)).to_numpy() - ranks["rank"])


def _with_ranks(frame: pd.DataFrame, ranks: pd.DataFrame, key: str) -> pd.DataFrame:
    """The rows with their ranks (joined on `key`; none where absent) as `RANKED_COLUMNS`, the percentile worked out."""
    frame = frame.merge(ranks, on=key, how="left", validate="one_to_one")
    for column in ("rank", "rank_type", "rank_province", "rank_change"):
        frame[column] = pd.array(pd.to_numeric(frame[column], errors="coerce"), dtype="Float64").round().astype("Int64")
    frame["percentile"] = compute_percentile(frame["rank"], frame.pop("ranked_count"))
    return frame.reindex(columns=RANKED_COLUMNS)


def load_agency_history(engine: Engine, framework_code: str, agency_code: str,
                        scope: Scope = EVERYTHING) -> pd.DataFrame:
    """Return one agency's rows of every year the scope shows it, oldest first, each as `load_ranked_year` gives it
    (ranks of the years the scope ranks, none in its detail's other years): what a profile shows of its history,
    reading only that agency's rows and, per year, how many ranked results are above it."""
    rows = _shown_rows(framework_code, scope, None).subquery("rows")
    frame = _frame(engine, select(*(rows.c[name] for name in STORED_COLUMNS))
                   .where(rows.c.agency_code == agency_code).order_by(rows.c.year))
    ranks = _frame(engine, _agency_ranks(framework_code, scope, agency_code))
    years = _table_years(engine, framework_code, scope)
    rank_of = dict(zip(ranks["year"].astype(int), ranks["rank"].astype(float), strict=True))
    changes = []
    for year in ranks["year"].astype(int):
        before = [y for y in years if y < year]
        # As `load_ranked_year`: against the latest year before, and with the scope's years only the calendar year before.
        compared = before and (scope.years is None or year - 1 in scope.years) and max(before) in rank_of
        changes.append(rank_of[max(before)] - rank_of[year] if compared else None)
    ranks = ranks.assign(rank_change=pd.array(changes, dtype="Float64"))
    frame = _with_ranks(frame.assign(year=frame["year"].astype("int64")), ranks.astype({"year": "int64"}), "year")
    return frame


def _table_years(engine: Engine, framework_code: str, scope: Scope) -> list[int]:
    """The years of the framework in the scope's table and years, ascending."""
    table = scope.table
    query = select(table.c.year).where(table.c.framework_code == framework_code).distinct()
    if scope.years is not None:
        query = query.where(table.c.year.in_(sorted(scope.years)))
    with engine.connect() as conn:
        return sorted(int(year) for year in conn.execute(query).scalars())


def _agency_ranks(framework_code: str, scope: Scope, agency_code: str) -> Select:
    """Per year the agency is ranked in (the scope's years): its national, type and province ranks as `_ranks_of`
    gives them (1 + the results of the year ranked above it among those peers) and the count ranked that year."""
    table = scope.table
    unranked = table.c.stage == scope.self_assessment if scope.self_assessment else literal(False)
    basis = case((unranked, null()), else_=table.c.rank_basis)
    ranked = (select(table.c.agency_code, table.c.year, agencies.c.type.label("agency_type"),
                     agencies.c.province_code, basis.label("basis"))
              .select_from(table.join(agencies, agencies.c.code == table.c.agency_code))
              .where(table.c.framework_code == framework_code, basis.is_not(None)))
    if scope.years is not None:
        ranked = ranked.where(table.c.year.in_(sorted(scope.years)))
    others = ranked.subquery("others")
    me = ranked.where(table.c.agency_code == agency_code).subquery("me")
    local = case((me.c.agency_type.in_(LOCAL_TYPES), func.coalesce(me.c.province_code, "")))
    above = others.c.basis > me.c.basis
    same_type = others.c.agency_type == me.c.agency_type
    same_place = and_(same_type, func.coalesce(others.c.province_code, "") == local)

    def place(*among: ColumnElement) -> ColumnElement:
        return 1 + func.sum(case((and_(above, *among), 1), else_=0))

    return (select(me.c.year, place().label("rank"),
                   case((me.c.agency_type.is_not(None), place(same_type))).label("rank_type"),
                   case((local.is_not(None), place(same_place))).label("rank_province"),
                   func.count().label("ranked_count"))
            .select_from(me.join(others, others.c.year == me.c.year))
            .group_by(me.c.year, me.c.basis, me.c.agency_type, me.c.province_code).order_by(me.c.year))


def compute_percentile(rank: pd.Series, count: pd.Series) -> pd.Series:
    """Return the share (0–100) of the other ranked agencies of the year ranked at or below each one (100 = best, a
    sole agency 100; NaN without a rank), as `indicators.ranking.compute_rankings` does."""
    counts = pd.to_numeric(count, errors="coerce").astype("float64")
    ranks = rank.astype("Float64")
    percentile = 100.0 * (counts - ranks) / (counts - 1)
    return percentile.where(counts > 1, 100.0).where(rank.notna()).astype(float)


@dataclass(frozen=True)
class Aggregates:
    """Per year (and group): `figures` (rows, took_part, submitted counts; mean, median, min, max of the index) and
    `ratings` (count per rating among results with an index)."""

    figures: pd.DataFrame
    ratings: pd.DataFrame


def load_aggregates(engine: Engine, framework_code: str, year: int | None = None, by: str | None = None,
                    scope: Scope = EVERYTHING, types: Collection[str] | None = None,
                    detail_everywhere: bool = True) -> Aggregates:
    """Return the figures and rating counts of one year (every year of the scope when None), nationally or per
    `by` ("agency_type" or "province_code"; rows without one left out), of agencies of `types` (all when None).

    Counted are the rows `load_ranked_year` gives: every alive agency (`rows`), those that took part and those
    with an index (`submitted`); statistics read the shown index (median: the middle value, or the mean of the two).
    `detail_everywhere=False` leaves the detail agencies' rows of years outside the scope's out (national figures).
    """
    if by is not None and by not in GROUPS:
        raise ValueError(f"aggregates are by {' or '.join(GROUPS)}, not {by!r}")
    rows = _shown_rows(framework_code, scope, None if year is None else [int(year)], detail_everywhere,
                       ["year", "agency_type", "province_code", "took_part", "index", "rating"]).subquery("shown")
    where = [rows.c[by].is_not(None)] if by else []
    if types is not None:
        where.append(rows.c.agency_type.in_(sorted(types)))
    counted = select(rows).where(*where).cte("counted")
    keys = [counted.c.year, *([counted.c[by]] if by else [])]
    figures = (select(*keys, func.count().label("rows"),
                      func.count(case((counted.c.took_part.is_(True), 1))).label("took_part"),
                      func.count(counted.c.index).label("submitted"),
                      func.avg(counted.c.index).label("mean"), func.min(counted.c.index).label("min"),
                      func.max(counted.c.index).label("max"))
               .group_by(*keys).subquery("figures"))
    given = (select(*keys, counted.c.index,
                    func.row_number().over(partition_by=keys, order_by=counted.c.index).label("position"),
                    func.count().over(partition_by=keys).label("given"))
             .where(counted.c.index.is_not(None)).subquery("given"))
    given_keys = [given.c.year, *([given.c[by]] if by else [])]
    # The middle value, or the two middle values averaged (pandas' median); integer halves on both backends.
    middle = (select(*given_keys, func.avg(given.c.index).label("median"))
              .where(given.c.position.in_([(given.c.given + 1) // 2, (given.c.given + 2) // 2]))
              .group_by(*given_keys).subquery("middle"))
    joined = and_(*(figures.c[k.name] == middle.c[k.name] for k in keys))
    names = [k.name for k in keys]
    query = (select(*(figures.c[n] for n in names), figures.c.rows, figures.c.took_part, figures.c.submitted,
                    figures.c.mean, middle.c.median, figures.c.min, figures.c.max)
             .select_from(figures.outerjoin(middle, joined)).order_by(*(figures.c[n] for n in names)))
    ratings = (select(*keys, counted.c.rating, func.count().label("count"))
               .where(counted.c.index.is_not(None), counted.c.rating.is_not(None))
               .group_by(*keys, counted.c.rating).order_by(*keys, counted.c.rating))
    with engine.connect() as conn:
        found = pd.DataFrame.from_records([tuple(r) for r in conn.execute(query)], columns=[*names, *FIGURE_COLUMNS])
        rated = pd.DataFrame.from_records([tuple(r) for r in conn.execute(ratings)], columns=[*names, "rating", "count"])
    for column in ("rows", "took_part", "submitted"):
        found[column] = found[column].astype("int64")
    for column in ("mean", "median", "min", "max"):
        found[column] = pd.to_numeric(found[column], errors="coerce").astype("float64")
    found["year"] = found["year"].astype("int64")
    rated["year"] = rated["year"].astype("int64")
    rated["count"] = rated["count"].astype("int64")
    return Aggregates(found, rated)


def load_node_means(engine: Engine, framework_code: str, codes: Sequence[str], scope: Scope = EVERYTHING,
                    detail_everywhere: bool = True) -> pd.DataFrame:
    """Return per year of the scope the mean index and the mean score of each node in `codes` (read from the `nodes`
    JSON of every result with a shown index): columns year, index, *codes; NaN where no result has the node."""
    rows = _shown_rows(framework_code, scope, None, detail_everywhere, ["year", "index", "nodes"]).subquery("shown")
    nodes = type_coerce(rows.c.nodes, JSON)
    query = (select(rows.c.year, func.avg(rows.c.index).label("index"),
                    *(func.avg(cast(nodes[code].as_float(), Float)).label(f"node_{i}") for i, code in enumerate(codes)))
             .where(rows.c.index.is_not(None)).group_by(rows.c.year).order_by(rows.c.year))
    frame = _frame(engine, query)
    frame.columns = ["year", "index", *codes]
    frame["year"] = frame["year"].astype("int64")
    for column in ["index", *codes]:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame.replace({None: np.nan})
