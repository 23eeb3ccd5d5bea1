"""The evaluator's audited re-scoring: move a year's current submissions of a framework to a newer version."""

from __future__ import annotations

from sqlalchemy import Engine, func, select, update

from ingest.access.audit import save_audit
from ingest.frameworks.results import result_keys, save_results
from ingest.store.schema import submissions
from ingest.store.version import bump_data_version


def save_rescore(engine: Engine, code: str, year: int, version: int, *, actor: str, source: str,
                 changes: dict[str, int] | None = None) -> dict[int, int]:
    """Move every current submission of `code` in `year` to `version` and audit it in the same transaction;
    return {previous version: submissions moved}."""
    chosen = ((submissions.c.framework_code == code) & (submissions.c.year == int(year)) & submissions.c.is_current
              & ((submissions.c.framework_version != int(version)) | submissions.c.framework_version.is_(None)))
    with engine.begin() as conn:
        moved = {int(v or 0): int(n) for v, n in conn.execute(
            select(submissions.c.framework_version, func.count()).where(chosen).group_by(submissions.c.framework_version))}
        conn.execute(update(submissions).where(chosen).values(framework_version=int(version)))
        save_results(conn, result_keys(conn, code, year))  # the stored results follow in the same transaction
        bump_data_version(conn)  # rows change in place: other app processes must notice
        save_audit(conn, actor, "rescore", {"code": code, "year": int(year), "version": int(version),
                                            "moved": {str(k): v for k, v in moved.items()}, **(changes or {})}, source)
    return moved
