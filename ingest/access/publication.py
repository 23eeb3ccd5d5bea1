"""Publication settings: whether a year's results under a framework are public (an audited evaluator setting)."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select, update

from ingest.access.audit import save_audit
from ingest.access.viewer import Viewer
from ingest.errors import AccessDenied, UserError
from ingest.frameworks.published_results import save_published_copy
from ingest.store.schema import publication_snapshots, publications, submissions

PUBLICATION_COLUMNS = ["year", "framework_code", "published", "changed_by", "changed_at"]


def save_publication(engine: Engine, viewer: Viewer | None, year: int, framework_code: str, published: bool, *,
                     actor: str, source: str) -> None:
    """Mark `year` under `framework_code` published or not, and audit it; `viewer` None means the CLI (trusted)."""
    if viewer is not None and not viewer.is_evaluator:
        raise AccessDenied("only evaluators may change what is published")
    now = datetime.now(UTC)
    values = {"published": bool(published), "changed_by": actor, "changed_at": now}
    key = (publications.c.year == int(year)) & (publications.c.framework_code == framework_code)
    with engine.begin() as conn:
        previous = conn.execute(select(publications.c.published).where(key)).scalar()
        if previous is None:
            conn.execute(insert(publications).values(year=int(year), framework_code=framework_code, **values))
        else:
            conn.execute(update(publications).where(key).values(**values))
        if published and not previous:  # publishing takes the snapshot readers see until a republication
            _save_snapshot(conn, int(year), framework_code, actor, now)
        save_audit(conn, actor, "publication", {"year": int(year), "framework": framework_code,
                                                "published": bool(published), "was": previous}, source)


def _save_snapshot(conn: Connection, year: int, framework_code: str, actor: str, now: datetime) -> list[int]:
    # The snapshot is the current submissions, so the results the public reads are a copy of their stored rows.
    query = (select(submissions.c.id).where(submissions.c.is_current, submissions.c.year == year,
                                            submissions.c.framework_code == framework_code).order_by(submissions.c.id))
    ids = [int(i) for i in conn.execute(query).scalars()]
    conn.execute(insert(publication_snapshots).values(year=year, framework_code=framework_code, taken_at=now,
                                                      taken_by=actor, submission_ids=ids))
    save_published_copy(conn, year, framework_code)
    return ids


def save_republication(engine: Engine, viewer: Viewer | None, year: int, framework_code: str, *, actor: str,
                       source: str) -> None:
    """Take a new snapshot of a published year × framework (readers then see today's data); audited."""
    if viewer is not None and not viewer.is_evaluator:
        raise AccessDenied("only evaluators may change what is published")
    if (int(year), framework_code) not in load_published(engine):
        raise UserError(f"{year} {framework_code} is not published; publish it first")
    with engine.begin() as conn:
        ids = _save_snapshot(conn, int(year), framework_code, actor, datetime.now(UTC))
        save_audit(conn, actor, "publication", {"year": int(year), "framework": framework_code, "published": True,
                                                "republished": True, "submissions": len(ids)}, source)


def load_snapshots(engine: Engine) -> dict[tuple[int, str], tuple[datetime, frozenset[int]]]:
    """Return the latest snapshot per (year, framework code): when it was taken (UTC) and its submission ids."""
    query = select(publication_snapshots).order_by(publication_snapshots.c.id)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    taken_at = {}
    for row in rows:  # later rows replace earlier ones: the newest snapshot wins
        at = row["taken_at"] if row["taken_at"].tzinfo else row["taken_at"].replace(tzinfo=UTC)
        taken_at[(int(row["year"]), str(row["framework_code"]))] = (at, frozenset(int(i) for i in row["submission_ids"]))
    return taken_at


def load_publications(engine: Engine) -> pd.DataFrame:
    """Return every publication setting (which years are public is itself public), by year."""
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(publications).order_by(publications.c.year,
                                                                              publications.c.framework_code))]
    return pd.DataFrame.from_records(rows, columns=PUBLICATION_COLUMNS)


def load_published(engine: Engine) -> frozenset[tuple[int, str]]:
    """Return the published (year, framework code) pairs."""
    query = select(publications.c.year, publications.c.framework_code).where(publications.c.published)
    with engine.connect() as conn:
        return frozenset((int(y), str(f)) for y, f in conn.execute(query))


def load_publication_stamp(engine: Engine) -> str:
    """Return text that changes whenever a publication setting changes (part of the dashboard's cache keys)."""
    with engine.connect() as conn:
        latest, count = conn.execute(select(func.max(publications.c.changed_at), func.count())).one()
        snapshots = conn.execute(select(func.max(publication_snapshots.c.id))).scalar()
    return f"{latest}|{count}|{snapshots}"
