"""The store-wide data version: text that changes whenever anything a page shows changes, in any process.

Every app process reads it once per rerun (one small query) and drops its cached frames when it moved,
so a load, a publication or a framework added through one process shows in every other at once.
It combines what every write already leaves behind (the newest file, submission and framework version
ids, the number of submissions, the publication settings) with a token in `store_state` that writes
changing rows in place (a revert, a review mark, clearing the sample) renew with `bump_data_version`
in their own transaction.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import Connection, Engine, Select, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ingest.store.schema import files, framework_versions, publications, store_state, submissions

DATA_VERSION = "data_version"


def bump_data_version(conn: Connection) -> None:
    """Renew the store's data version token inside the caller's transaction (for writes that change rows in place)."""
    values = {"value": uuid.uuid4().hex, "updated_at": datetime.now(UTC)}
    if conn.execute(update(store_state).where(store_state.c.key == DATA_VERSION).values(**values)).rowcount:
        return
    try:
        with conn.begin_nested():  # another process may insert the first token at the same moment
            conn.execute(insert(store_state).values(key=DATA_VERSION, **values))
    except IntegrityError:
        conn.execute(update(store_state).where(store_state.c.key == DATA_VERSION).values(**values))


@cache
def _version_query() -> Select:
    # Built once per process: every rerun of every session runs it, and building it cost more than running it.
    return select(
        select(store_state.c.value).where(store_state.c.key == DATA_VERSION).scalar_subquery(),
        select(func.max(files.c.id)).scalar_subquery(),
        select(func.max(submissions.c.id)).scalar_subquery(),
        select(func.count()).select_from(submissions).scalar_subquery(),
        select(func.max(framework_versions.c.id)).scalar_subquery(),
        select(func.max(publications.c.changed_at)).scalar_subquery(),
        select(func.count()).select_from(publications).scalar_subquery(),
    )


def load_data_version(engine: Engine) -> str:
    """Return the store's data version as text (compare for equality only; it has no order)."""
    with engine.connect() as conn:
        return "|".join(str(part) for part in conn.execute(_version_query()).one())
