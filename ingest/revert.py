"""Undo a load: make the revision before a submission current again, audited; nothing is deleted.

A reverted submission stays in the store (no longer current) with its file; the revision it replaced
becomes current again (none when it was the first). A file none of whose submissions is current any
more is marked `reverted`, so sending the same bytes again loads them again instead of 'unchanged'.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update

from ingest.access.audit import save_audit
from ingest.errors import RevertError
from ingest.frameworks.results import save_results
from ingest.store.save import compute_sha256
from ingest.store.schema import audit_log, files, submissions
from ingest.store.version import bump_data_version

_KEY = ("agency_code", "year", "stage", "framework_code")


def find_revert_target(engine: Engine, target: str) -> dict[str, int]:
    """Return {'submission': id} or {'file': id} for `submission:ID`, `file:ID`, a bare submission id or a loaded file's path."""
    kind, _, number = target.partition(":")
    if kind in ("submission", "file") and number.isdigit():
        return {kind: int(number)}
    if target.isdigit():
        return {"submission": int(target)}
    path = Path(target)
    if path.is_file():
        with engine.connect() as conn:
            found = conn.execute(select(files.c.id).where(files.c.sha256 == compute_sha256(path.read_bytes()))).scalar()
        if found is None:
            raise RevertError(f"{target} was never loaded (no stored file has its bytes)")
        return {"file": int(found)}
    raise RevertError(f"{target!r} is neither submission:ID, file:ID, a submission id nor a loaded file's path")


def revert_load(engine: Engine, *, actor: str, source: str, submission: int | None = None,
                file: int | None = None) -> list[dict[str, Any]]:
    """Revert one current submission, or every current submission of a file, in one audited transaction.

    Returns one dict per reverted submission (its key, revision and the revision made current, None for none).
    Raises `RevertError` when nothing named is current (a later revision must be reverted first).
    """
    with engine.begin() as conn:
        rows = _current_rows(conn, submission=submission, file=file)
        done = [_revert_one(conn, row) for row in rows]
        file_ids = {row["file_id"] for row in rows}
        for file_id in file_ids:
            still = conn.execute(select(func.count()).where((submissions.c.file_id == file_id) & submissions.c.is_current)).scalar()
            if not still:
                conn.execute(update(files).where(files.c.id == file_id).values(outcome="reverted"))
        # The results kept in the store follow the revisions made current, in the same transaction.
        save_results(conn, {(row["agency_code"], int(row["year"]), row["framework_code"]) for row in rows})
        bump_data_version(conn)  # current flags change in place: other app processes must notice
        save_audit(conn, actor, "revert", {"submission": submission, "file": file, "reverted": done}, source)
    return done


def load_reverted_ids(conn: Connection) -> set[int]:
    """Return the ids of every submission ever reverted (from the audit log's `revert` entries)."""
    details = conn.execute(select(audit_log.c.detail).where(audit_log.c.action == "revert")).scalars()
    return {int(item["submission"]) for detail in details for item in (detail or {}).get("reverted", [])}


def _current_rows(conn: Connection, *, submission: int | None, file: int | None) -> list[dict[str, Any]]:
    if (submission is None) == (file is None):
        raise RevertError("name exactly one submission or one file to revert")
    where = submissions.c.id == submission if submission is not None else submissions.c.file_id == file
    rows = [dict(row) for row in conn.execute(select(submissions).where(where).order_by(submissions.c.id)).mappings()]
    if not rows:
        raise RevertError(f"no stored {'submission' if submission is not None else 'file'} with id {submission or file}")
    current = [row for row in rows if row["is_current"]]
    if not current:
        raise RevertError(f"nothing of {'submission' if submission is not None else 'file'} {submission or file} is "
                          "current any more (already reverted, or a later revision replaced it: revert that one first)")
    return current


def _revert_one(conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    key = (submissions.c.agency_code == row["agency_code"]) & (submissions.c.year == row["year"]) \
        & (submissions.c.stage == row["stage"]) & (submissions.c.framework_code == row["framework_code"])
    conn.execute(update(submissions).where(submissions.c.id == row["id"]).values(is_current=False))
    # The revision before is the newest earlier one not itself reverted (the audit log is the record of reverts).
    skipped = load_reverted_ids(conn)
    earlier = next((found for found in conn.execute(
        select(submissions.c.id, submissions.c.revision)
        .where(key & (submissions.c.revision < row["revision"]))
        .order_by(submissions.c.revision.desc())) if found.id not in skipped), None)
    if earlier is not None:
        conn.execute(update(submissions).where(submissions.c.id == earlier.id).values(is_current=True))
    return {**{k: row[k] for k in _KEY}, "submission": row["id"], "revision": row["revision"],
            "restored_revision": None if earlier is None else int(earlier.revision),
            "restored_submission": None if earlier is None else int(earlier.id)}
