"""The results as published: a copy of a year × framework's stored results taken with its publication snapshot.

`save_published_copy(conn, year, framework_code)` runs in the transaction that takes a snapshot (publishing,
republishing): the snapshot is then exactly the current submissions, whose rows `results` and `result_levels`
already hold, so the pair's rows are copied (INSERT … SELECT), not recomputed. Nothing else writes them but
clearing the sample (its submissions leave the snapshots too) and migration 0011 (`fill_published_results`):
a later load, rescore or revert leaves them as published, and unpublishing keeps them (the flag hides them).
Each copied row keeps the framework version its result was scored with.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, delete, func, insert, select

from ingest.frameworks.catalog import FrameworkCatalog
from ingest.frameworks.results import catalog_of, compute_result_rows, score_rows
from ingest.store.schema import (
    publication_snapshots,
    publications,
    published_result_levels,
    published_results,
    result_levels,
    results,
    submissions,
)

# Agencies per IN list: well under every backend's bound-parameter limit (a few submissions each).
_CHUNK = 400
_PAIRS = ((results, published_results), (result_levels, published_result_levels))


def save_published_copy(conn: Connection, year: int, framework_code: str, catalog: FrameworkCatalog | None = None) -> int:
    """Replace the published rows of one year × framework by its stored results, in the transaction taking a snapshot
    of its current submissions; return the results rows written.

    Copied when `results` holds a row for every agency with a current submission (what every write keeps);
    otherwise (rows written by hand without `save_results`) computed from the current submissions instead.
    """
    pair = {"year": int(year), "framework_code": framework_code}
    current = set(conn.execute(select(submissions.c.agency_code).where(
        submissions.c.is_current, *_of(submissions, **pair)).distinct()).scalars())
    stored = set(conn.execute(select(results.c.agency_code).where(*_of(results, **pair))).scalars())
    if current != stored:
        ids = conn.execute(select(submissions.c.id).where(submissions.c.is_current, *_of(submissions, **pair))).scalars()
        return save_published_results(conn, year, framework_code, list(ids), catalog=catalog)
    for source, target in _PAIRS:
        conn.execute(delete(target).where(*_of(target, **pair)))
        names = [column.name for column in source.columns]
        conn.execute(insert(target).from_select(names, select(*source.columns).where(*_of(source, **pair))))
    return len(stored)


def save_published_results(conn: Connection, year: int, framework_code: str, submission_ids: Iterable[int],
                           agencies: Iterable[str] | None = None, catalog: FrameworkCatalog | None = None) -> int:
    """Replace the published rows of one year × framework (of `agencies`, or all) by results computed from the
    submissions `submission_ids` that still exist (a snapshot's); return the results rows written.

    Scored exactly as `save_results` scores current submissions; a framework the catalogue lacks keeps no rows.
    """
    catalog = catalog or catalog_of(conn)
    pair = {"year": int(year), "framework_code": framework_code}
    chosen = None if agencies is None else set(agencies)
    for _source, target in _PAIRS:
        where = _of(target, **pair)
        if chosen is not None:
            for part in _chunks(sorted(chosen)):
                conn.execute(delete(target).where(*where, target.c.agency_code.in_(part)))
        else:
            conn.execute(delete(target).where(*where))
    if framework_code not in catalog:
        return 0
    wanted = {int(i) for i in submission_ids}
    ids_of: dict[str, list[int]] = defaultdict(list)
    for sid, agency in conn.execute(select(submissions.c.id, submissions.c.agency_code).where(*_of(submissions, **pair))):
        if int(sid) in wanted and (chosen is None or agency in chosen):
            ids_of[agency].append(int(sid))
    written = 0
    for part in _chunks(sorted(ids_of)):
        ids = [i for agency in part for i in ids_of[agency]]
        rows, levels = compute_result_rows(score_rows(conn, framework_code, int(year), ids=ids), framework_code,
                                           int(year), catalog)
        if rows:
            conn.execute(insert(published_results), rows)
        if levels:
            conn.execute(insert(published_result_levels), levels)
        written += len(rows)
    return written


def fill_published_results(conn: Connection, catalog: FrameworkCatalog | None = None) -> int:
    """Rebuild every published row from the latest snapshot of each year × framework (migration 0011); return rows.

    A snapshot that is still the current submissions is copied from `results`, an older one computed from its
    submissions; a pair published without a snapshot (before they existed) gets its current results.
    """
    catalog = catalog or catalog_of(conn)
    for _source, target in _PAIRS:
        conn.execute(delete(target))
    latest: dict[tuple[int, str], list[int]] = {}
    for year, code, ids in conn.execute(select(publication_snapshots.c.year, publication_snapshots.c.framework_code,
                                               publication_snapshots.c.submission_ids).order_by(publication_snapshots.c.id)):
        latest[(int(year), str(code))] = [int(i) for i in ids]  # later rows replace earlier ones: the newest wins
    written = 0
    for (year, code), ids in sorted(latest.items()):
        current = conn.execute(select(submissions.c.id).where(submissions.c.is_current,
                                                              *_of(submissions, year=year, framework_code=code))).scalars()
        if set(ids) == {int(i) for i in current}:
            written += save_published_copy(conn, year, code, catalog)
        else:
            written += save_published_results(conn, year, code, ids, catalog=catalog)
    unsnapped = conn.execute(select(publications.c.year, publications.c.framework_code).where(publications.c.published))
    for year, code in sorted((int(y), str(c)) for y, c in unsnapped):
        if (year, code) not in latest:
            written += save_published_copy(conn, year, code, catalog)
    return written


def refresh_published_results(conn: Connection, keys: Iterable[tuple[str, int, str]],
                              catalog: FrameworkCatalog | None = None) -> int:
    """Recompute the published rows of the given (agency_code, year, framework_code) keys from their latest snapshot's
    submissions that still exist (after clearing the sample deleted some); return the results rows written."""
    groups: dict[tuple[int, str], set[str]] = defaultdict(set)
    for agency_code, year, framework_code in keys:
        groups[(int(year), framework_code)].add(agency_code)
    if not groups:
        return 0
    newest = (select(publication_snapshots.c.year, publication_snapshots.c.framework_code,
                     func.max(publication_snapshots.c.id).label("id"))
              .group_by(publication_snapshots.c.year, publication_snapshots.c.framework_code).subquery())
    snapshots = {(int(year), str(code)): ids for year, code, ids in conn.execute(
        select(publication_snapshots.c.year, publication_snapshots.c.framework_code, publication_snapshots.c.submission_ids)
        .join(newest, publication_snapshots.c.id == newest.c.id))}
    catalog = catalog or catalog_of(conn)
    return sum(save_published_results(conn, year, code, snapshots[(year, code)], agencies, catalog)
               for (year, code), agencies in sorted(groups.items()) if (year, code) in snapshots)


def _of(table, *, year: int, framework_code: str) -> tuple:
    return table.c.year == int(year), table.c.framework_code == framework_code


def _chunks(codes: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(codes), _CHUNK):
        yield codes[start:start + _CHUNK]
