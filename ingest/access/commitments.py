"""Commitments (komitmen): recorded, withdrawn, made public per meeting and carried to a successor framework.

Only evaluators write; every write is audited in the same transaction; nothing is deleted (the table
refuses DELETE). Reads go through `ingest.access.reads.load_commitments`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, case, insert, select, update

from ingest.access.audit import save_audit
from ingest.access.viewer import Viewer
from ingest.errors import AccessDenied, StoreError
from ingest.store.schema import agencies, commitments
from ingest.store.version import bump_data_version


@dataclass(frozen=True)
class Commitment:
    """One promise: agency, framework and indicator, target level and round, base round and level, who, note, meeting."""

    agency_code: str
    framework_code: str
    indicator: str
    target_level: float
    target_year: int
    base_year: int | None = None
    base_level: float | None = None
    responsible: str = ""
    note: str = ""
    meeting: str = ""
    public: bool = False


def _evaluator(viewer: Viewer | None) -> None:
    if viewer is not None and not viewer.is_evaluator:
        raise AccessDenied("only evaluators may record or change commitments")


def save_commitment(engine: Engine, viewer: Viewer | None, item: Commitment, *, actor: str, source: str) -> int:
    """Store one commitment and audit it; return its id (`viewer` None: the CLI, trusted)."""
    _evaluator(viewer)
    with engine.begin() as conn:
        return _insert(conn, item, actor, source, None)


def _insert(conn: Connection, item: Commitment, actor: str, source: str, carried_from: int | None) -> int:
    if item.target_level is None or item.target_year is None or not item.indicator:
        raise StoreError("a commitment needs an indicator, a target level and a target round")
    if conn.execute(select(agencies.c.code).where(agencies.c.code == item.agency_code)).first() is None:
        raise StoreError(f"unknown agency {item.agency_code!r}")
    values = {**item.__dict__, "target_level": float(item.target_level), "target_year": int(item.target_year),
              "responsible": item.responsible.strip(), "note": item.note.strip(), "meeting": item.meeting.strip(),
              "public": bool(item.public), "created_by": actor, "created_at": datetime.now(UTC),
              "carried_from": carried_from}
    new_id = int(conn.execute(insert(commitments).values(**values).returning(commitments.c.id)).scalar_one())
    bump_data_version(conn)  # other app processes drop their cached commitments
    save_audit(conn, actor, "commitment", {"op": "add", "id": new_id, "agency": item.agency_code,
                                           "framework": item.framework_code, "indicator": item.indicator,
                                           "target_level": float(item.target_level),
                                           "target_year": int(item.target_year), "carried_from": carried_from}, source)
    return new_id


def withdraw_commitment(engine: Engine, viewer: Viewer | None, commitment_id: int, reason: str, *, actor: str,
                        source: str) -> None:
    """Withdraw a commitment with a reason (kept in the store, shown as withdrawn) and audit it."""
    _evaluator(viewer)
    with engine.begin() as conn:
        _withdraw(conn, commitment_id, reason, actor, source)


def _withdraw(conn: Connection, commitment_id: int, reason: str, actor: str, source: str) -> None:
    if not reason.strip():
        raise StoreError("withdrawing a commitment needs a reason")
    row = conn.execute(select(commitments.c.withdrawn_at).where(commitments.c.id == int(commitment_id))).first()
    if row is None:
        raise StoreError(f"no commitment {commitment_id}")
    if row[0] is not None:
        raise StoreError(f"commitment {commitment_id} is already withdrawn")
    conn.execute(update(commitments).where(commitments.c.id == int(commitment_id)).values(
        withdrawn_at=datetime.now(UTC), withdrawn_by=actor, withdrawn_reason=reason.strip()))
    bump_data_version(conn)  # other app processes drop their cached commitments
    save_audit(conn, actor, "commitment", {"op": "withdraw", "id": int(commitment_id), "reason": reason.strip()},
               source)


def save_meeting_public(engine: Engine, viewer: Viewer | None, meeting: str, public: bool, *, actor: str,
                        source: str) -> int:
    """Mark every commitment of one meeting public (or not) and audit it; return how many changed."""
    _evaluator(viewer)
    with engine.begin() as conn:
        changed = conn.execute(update(commitments).where(commitments.c.meeting == meeting.strip(),
                                                         commitments.c.public.is_not(bool(public)))
                               .values(public=bool(public))).rowcount
        bump_data_version(conn)  # other app processes drop their cached commitments
        save_audit(conn, actor, "commitment", {"op": "public", "meeting": meeting.strip(), "public": bool(public),
                                               "changed": int(changed)}, source)
    return int(changed)


def carry_commitment(engine: Engine, viewer: Viewer | None, commitment_id: int, framework_code: str, indicator: str,
                     target_level: float, *, actor: str, source: str) -> int:
    """Carry a commitment to a successor framework's indicator: a new commitment, the old one withdrawn (one
    transaction, both audited); return the new id."""
    _evaluator(viewer)
    with engine.begin() as conn:
        row = conn.execute(select(commitments).where(commitments.c.id == int(commitment_id))).mappings().first()
        if row is None:
            raise StoreError(f"no commitment {commitment_id}")
        item = Commitment(agency_code=row["agency_code"], framework_code=framework_code, indicator=indicator,
                          target_level=target_level, target_year=row["target_year"], responsible=row["responsible"],
                          note=row["note"], meeting=row["meeting"], public=row["public"])
        new_id = _insert(conn, item, actor, source, int(commitment_id))
        _withdraw(conn, commitment_id, f"→ {framework_code} {indicator} (#{new_id})", actor, source)
    return new_id


def load_commitments_stamp(engine: Engine) -> str:
    """Return text that changes whenever a commitment is added, withdrawn or made public (a cache key part)."""
    from sqlalchemy import func

    query = select(func.count(), func.max(commitments.c.id), func.count(commitments.c.withdrawn_at),
                   func.sum(case((commitments.c.public, 1), else_=0)))
    with engine.connect() as conn:
        return "|".join(str(v) for v in conn.execute(query).one())
