"""First start: fill an empty default store with the synthetic sample data, once, under a lock.

Sample data goes only into the default SQLite store: never into a store the user named with
`DATABASE_URL` or `--db`, and never into a store that already holds a real file. The fill is
marked complete in `store_state` as its last step; a start that finds sample rows without the mark
(a kill while filling) removes them and fills again, so a store holds no sample or a complete one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, delete, func, insert, select

from ingest.frameworks.commands import add_framework
from ingest.load import LoadResult, load_paths
from ingest.sample.clear import clear_sample
from ingest.sample.generate import write_sample_files
from ingest.store.engine import DEFAULT_DB_PATH
from ingest.store.schema import files, store_state

SAMPLE_STATE, COMPLETE = "sample", "complete"
SAMPLE_DIR = DEFAULT_DB_PATH.parent / "sample"
UPLOADER = "data contoh (sintetis)"
# phase ('write' or 'load'), files done, files in all
Progress = Callable[[str, int, int], None]


def wants_sample(db_url: str | None = None) -> bool:
    """True when neither `db_url` nor `DATABASE_URL` names a store, so the default store may get sample data."""
    return not (db_url or os.environ.get("DATABASE_URL"))


def needs_sample(engine: Engine) -> bool:
    """True when the store holds no real file and no complete sample: it is empty, or a first start was killed while filling it."""
    with engine.connect() as conn:
        if conn.execute(select(store_state.c.value).where(store_state.c.key == SAMPLE_STATE)).scalar() == COMPLETE:
            return False
        return not conn.execute(select(func.count()).select_from(files).where(files.c.is_sample.is_(False))).scalar()


def _mark_complete(engine: Engine) -> None:
    # Written last, in its own transaction: a kill before this commit leaves the fill unfinished, and
    # the next start redoes it; a kill after leaves a complete sample.
    with engine.begin() as conn:
        conn.execute(delete(store_state).where(store_state.c.key == SAMPLE_STATE))
        conn.execute(insert(store_state).values(key=SAMPLE_STATE, value=COMPLETE, updated_at=datetime.now(UTC)))


def ensure_sample_data(engine: Engine, *, progress: Progress | None = None, sample_dir: Path = SAMPLE_DIR,
                       lock_path: Path | None = None) -> list[LoadResult] | None:
    """Generate and load the sample files into an empty store; return the load results, or None if nothing was done.

    The caller decides with `wants_sample` whether the store is the default one; two processes
    starting together wait on one lock and the second finds the store filled.
    """
    # Always through the lock: a store another process is still filling is not empty, but not ready
    # either, and waiting here (about half a minute, once) beats showing half the sample.
    with _exclusive(lock_path or sample_dir.with_suffix(".lock")):
        if not needs_sample(engine):
            return None
        # Whatever a killed fill left is removed first: the sample is loaded whole or not at all.
        clear_sample(engine)
        written = write_sample_files(sample_dir, progress=(lambda done, total: progress("write", done, total)) if progress else None)
        for item in written:
            if item.expect == "framework":
                add_framework(engine, item.path, added_by=UPLOADER, is_sample=True)
        results = load_paths(engine, [f.path for f in written if f.expect != "framework"], is_sample=True,
                             uploaded_by=UPLOADER,
                             progress=(lambda done, total, _r: progress("load", done, total)) if progress else None)
        _mark_complete(engine)
        return results


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `path` (waits for another process holding it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks in the stdlib; a single process is the norm there.
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
