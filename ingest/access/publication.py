"""Publication settings: whether a year's results under a framework are public (an audited evaluator setting)."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, func, insert, select, update

from ingest.access.audit import save_audit
from ingest.access.viewer import Viewer
from ingest.errors import AccessDenied
from ingest.store.schema import publications

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
        save_audit(conn, actor, "publication", {"year": int(year), "framework": framework_code,
                                                "published": bool(published), "was": previous}, source)


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
    return f"{latest}|{count}"
