"""`python -m ingest backup`: a consistent copy of the SQLite store, taken while another connection holds it open."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from ingest.access.audit import load_audit
from ingest.access.viewer import EVALUATOR_VIEWER
from ingest.cli import main
from ingest.errors import BackupError
from ingest.store import save_file
from ingest.store.backup import save_backup
from ingest.store.schema import files


def _fill(engine, count: int) -> None:
    with engine.begin() as conn:
        for number in range(count):
            save_file(conn, f"berkas {number}".encode() * 50, f"berkas-{number}.xlsx", "xlsx", kind="workbook")


def test_the_copy_holds_what_is_still_in_the_write_ahead_log(store_engine, tmp_path):
    if store_engine.dialect.name != "sqlite":
        with pytest.raises(BackupError, match="pg_dump"):
            save_backup(store_engine, tmp_path / "cadangan.db")
        return
    # An open reader keeps SQLite from folding the log back into the file, as the dashboard does.
    with store_engine.connect() as reader:
        reader.execute(select(func.count()).select_from(files)).scalar()
        _fill(store_engine, 30)
        assert (tmp_path / "tera.db-wal").stat().st_size > 0
        copied = save_backup(store_engine, tmp_path / "cadangan.db")
    assert copied["files"] == 30 and copied["bytes"] > 0
    # One self-contained file: its count is right with no -wal beside it.
    assert not (tmp_path / "cadangan.db-wal").exists() and not (tmp_path / "cadangan.db.partial").exists()
    with sqlite3.connect(tmp_path / "cadangan.db") as copy:
        assert copy.execute("SELECT count(*) FROM files").fetchone()[0] == 30
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_the_cli_never_overwrites_and_records_the_backup(store_url, tmp_path, capsys):
    target = tmp_path / "cadangan" / "tera-2026-12-02.db"
    if not store_url.startswith("sqlite"):
        assert main(["backup", "--db", store_url, "--out", str(target)]) == 1
        assert "pg_dump" in capsys.readouterr().err and not target.exists()
        return
    assert main(["backup", "--db", store_url, "--out", str(target)]) == 0
    assert "wrote" in capsys.readouterr().out and target.exists()
    before = target.read_bytes()
    assert main(["backup", "--db", store_url, "--out", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err and target.read_bytes() == before
    from ingest.store import get_engine

    entries = load_audit(get_engine(store_url), EVALUATOR_VIEWER, action="backup")
    assert len(entries) == 1 and entries.iloc[0]["detail"]["out"] == str(target)
