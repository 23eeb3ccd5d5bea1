"""The upload page's store work: the dry run and load on the CLI's path, audited as page: unggah."""

from __future__ import annotations

import pytest

from dashboard.logic import unggah
from dashboard.state import uploads


@pytest.fixture
def private_store(store_url):
    """A fresh store of its own, on SQLite and on PostgreSQL."""
    from ingest.store import get_engine
    from ingest.store.engine import dispose_engine

    engine = get_engine(store_url)
    yield engine
    dispose_engine(engine)


def test_dry_run_then_load_same_path_as_cli(private_store, broken_workbook, template_bytes):
    from ingest.queries import load_all_files

    before = len(load_all_files(private_store))
    checked = uploads.check_files(private_store, [("rusak.xlsx", broken_workbook), ("bogor.xlsx", template_bytes)])
    assert [r.outcome for r in checked] == ["rejected", "loaded"]
    assert len(load_all_files(private_store)) == before  # a dry run stores nothing
    problems = unggah.problems_frame(checked)
    broken = problems[problems["file"] == "rusak.xlsx"]
    assert {("Evaluasi", "F11"), ("Evaluasi", "F12")} <= set(zip(broken["sheet"], broken["cell"], strict=True))
    assert broken["severity"].iloc[0] == "error"
    done = uploads.load_files(private_store, [("rusak.xlsx", broken_workbook), ("bogor.xlsx", template_bytes)],
                             uploaded_by="Sari <sari@example.go.id>")
    assert [r.outcome for r in done] == ["rejected", "loaded"] and done[1].submissions >= 1
    stored = load_all_files(private_store).tail(2)
    assert list(stored["uploaded_by"]) == ["Sari <sari@example.go.id>"] * 2
    assert list(stored["outcome"]) == ["rejected", "loaded"]
    from ingest.access import EVALUATOR_VIEWER, load_audit

    log = load_audit(private_store, EVALUATOR_VIEWER, actor="sari@example.go.id")
    assert sorted(log["action"]) == ["framework", "load", "reject", "upload", "upload"]  # first use of spbe-2020
    assert set(log["source"]) == {"page: unggah"}
    again = uploads.check_files(private_store, [("bogor.xlsx", template_bytes)])
    assert again[0].outcome == "unchanged"
    summary = unggah.summary_frame(done)
    assert list(summary["errors"] > 0) == [True, False]


def test_oversized_upload_is_reported_not_read(private_store, monkeypatch):
    import ingest.readers.source

    # The size is checked in the app's process, before the bytes reach the reader worker.
    monkeypatch.setattr(ingest.readers.source, "MAX_FILE_BYTES", 10)
    result = uploads.check_files(private_store, [("besar.xlsx", b"x" * 11)])[0]
    assert result.outcome == "rejected" and result.errors[0].type == "unreadable-file"
    assert result.errors[0].fields["reason"] == "too-large"
