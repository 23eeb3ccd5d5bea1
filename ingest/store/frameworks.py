"""Write API of the store for evaluator-added frameworks: one row per version, original bytes kept."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select

from ingest.store.save import compute_sha256
from ingest.store.schema import framework_versions


def save_framework_version(conn: Connection, content: bytes, *, code: str, title: str, original_name: str,
                           format: str, added_by: str | None = None, is_sample: bool = False) -> tuple[int, bool]:
    """Store a validated framework file as the next version of `code`; return (version, True when new).

    The same bytes for the same code are stored once: adding them again returns the existing version.
    """
    sha256 = compute_sha256(content)
    same = (framework_versions.c.code == code)
    known = conn.execute(select(framework_versions.c.version).where(same & (framework_versions.c.sha256 == sha256))).scalar()
    if known is not None:
        return int(known), False
    last = conn.execute(select(func.max(framework_versions.c.version)).where(same)).scalar()
    version = 1 if last is None else int(last) + 1
    conn.execute(insert(framework_versions).values(
        code=code, version=version, title=title, sha256=sha256, original_name=original_name, format=format,
        content=content, added_by=added_by, added_at=datetime.now(UTC), is_sample=is_sample))
    return version, True
