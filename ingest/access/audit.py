"""Append-only audit log: who did what, when, from which page or command (triggers refuse edits)."""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from ingest.access.viewer import Viewer
from ingest.errors import AccessDenied
from ingest.store.schema import audit_log

ACTIONS = (
    "sign-in", "sign-in-failed", "sign-out", "upload", "load", "reject", "alias", "framework", "publication",
    "user-add", "user-disable", "user-password", "sample-clear", "backup",
    "agency", "rescore", "commitment", "export", "access-refused", "migrate", "revert",
)
AUDIT_COLUMNS = ["id", "at", "actor", "action", "detail", "source"]


def cli_actor() -> str:
    """Return who runs a command line: env `TERA_ACTOR`, else the operating-system user, marked as such."""
    name = os.environ.get("TERA_ACTOR")
    if name:
        return name
    try:
        return f"{getpass.getuser()} (os)"
    except Exception:  # no user name in a bare container: still record something honest
        return "unknown (os)"


def save_audit(target: Engine | Connection, actor: str, action: str, detail: dict[str, Any] | None = None,
               source: str = "") -> None:
    """Append one entry; `target` may be a connection so the entry commits with the change it records."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    row = {"at": datetime.now(UTC), "actor": actor or "unknown", "action": action, "detail": detail or {},
           "source": source}
    if isinstance(target, Connection):
        target.execute(insert(audit_log).values(**row))
        return
    with target.begin() as conn:
        conn.execute(insert(audit_log).values(**row))


def load_audit(engine: Engine, viewer: Viewer, *, action: str | None = None, actor: str | None = None,
               since: datetime | None = None, until: datetime | None = None, limit: int | None = None) -> pd.DataFrame:
    """Return audit entries newest first, filtered; only evaluators may read the log (else `AccessDenied`)."""
    if not viewer.is_evaluator:
        raise AccessDenied("only evaluators may read the audit log")
    query = select(audit_log)
    if action:
        query = query.where(audit_log.c.action == action)
    if actor:
        query = query.where(audit_log.c.actor.contains(actor, autoescape=True))
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if until is not None:
        query = query.where(audit_log.c.at <= until)
    query = query.order_by(audit_log.c.id.desc())
    if limit is not None:
        query = query.limit(int(limit))
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(query)]
    frame = pd.DataFrame.from_records(rows, columns=AUDIT_COLUMNS)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame
