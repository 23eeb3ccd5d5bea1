"""Audit entries for store changes made by the load pipeline and the other commands (called at the edges)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, select

from ingest.access.audit import save_audit
from ingest.store.schema import frameworks


def load_framework_codes(engine: Engine) -> set[str]:
    """Return the framework codes stored so far (compare before and after a load to audit new ones)."""
    with engine.connect() as conn:
        return set(conn.execute(select(frameworks.c.code)).scalars())


def save_load_audit(engine: Engine, results: Iterable[Any], *, actor: str, source: str, upload: bool = False,
                    frameworks_before: set[str] | None = None) -> None:
    """Append one entry per stored or rejected file (`load` / `reject`; `upload` first when sent through the app).

    `results` are `ingest.load.LoadResult`s; unchanged files change nothing and are not logged.
    New framework codes since `frameworks_before` are logged as `framework` entries.
    """
    with engine.begin() as conn:
        for result in results:
            if result.outcome == "unchanged":
                continue
            detail = {"file": result.name, "sha256": result.sha256, "file_id": result.file_id, "kind": result.kind,
                      "submissions": result.submissions}
            if upload:
                save_audit(conn, actor, "upload", detail, source)
            if result.outcome == "rejected":
                detail["errors"] = len(result.errors)
                detail["first_error"] = result.errors[0].type if result.errors else None
            save_audit(conn, actor, "load" if result.outcome == "loaded" else "reject", detail, source)
    if frameworks_before is not None:
        for code in sorted(load_framework_codes(engine) - frameworks_before):
            save_audit(engine, actor, "framework", {"framework": code, "change": "first-used"}, source)
