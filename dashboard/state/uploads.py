"""The upload page's store work: dry runs and loads on the CLI's path, their effect, and undo, audited as page: unggah."""

from __future__ import annotations

from typing import Any, Unpack

from sqlalchemy import Engine

from ingest.access.record import load_framework_codes, save_load_audit
from ingest.effect import LoadEffect, compute_load_effect
from ingest.load import LoadOptionFields, LoadResult, load_file
from ingest.revert import revert_load

SOURCE = "page: unggah"


def check_files(engine: Engine, files: list[tuple[str, bytes]],
                **options: Unpack[LoadOptionFields]) -> list[LoadResult]:
    """Dry-run every file through `ingest.load.load_file`: the full report, nothing stored."""
    return [load_file(engine, content, name=name, dry_run=True, **options) for name, content in files]


def load_files(engine: Engine, files: list[tuple[str, bytes]], uploaded_by: str,
               **options: Unpack[LoadOptionFields]) -> list[LoadResult]:
    """Load every file for real, one transaction each (a rejected file is kept with its report, as the CLI does).

    Each stored or rejected file is audited as an upload plus its load or rejection, by `uploaded_by`.
    """
    before = load_framework_codes(engine)
    results = [load_file(engine, content, name=name, uploaded_by=uploaded_by, dry_run=False, **options)
               for name, content in files]
    save_load_audit(engine, results, actor=uploaded_by, source=SOURCE, upload=True, frameworks_before=before)
    return results


def check_effect(engine: Engine, results: list[LoadResult]) -> LoadEffect:
    """Return what loading the dry-run `results` would change (per agency and in published figures); stores nothing."""
    return compute_load_effect(engine, results)


def revert_files(engine: Engine, results: list[LoadResult], actor: str) -> list[dict[str, Any]]:
    """Revert every file this page just loaded (the revision before becomes current again), audited; nothing is deleted."""
    done = []
    for result in results:
        if result.outcome == "loaded" and result.file_id is not None:
            done += revert_load(engine, actor=actor, source=SOURCE, file=result.file_id)
    return done
