"""User accounts: roles and agencies from Tera's own table, local passwords with lock-out, viewers from identities.

Lock-out: after `TERA_LOCKOUT_ATTEMPTS` (default 5) failed local sign-ins in a row an account is
locked for `TERA_LOCKOUT_MINUTES` (default 15); a sign-in while locked fails even with the right
password. Every sign-in, failure and account change is written to the audit log.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, case, func, insert, or_, select, update

from ingest.access.audit import save_audit
from ingest.access.passwords import MIN_PASSWORD_LENGTH, check_password, compute_password_hash, needs_rehash
from ingest.access.throttle import SIGN_IN_THROTTLE, Throttle
from ingest.access.viewer import AGENCY, EVALUATOR, PUBLIC_VIEWER, Viewer
from ingest.errors import SignInError, SignInThrottled, UserError
from ingest.store.schema import ROLES, agencies, users

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Verified against on an unknown e-mail so a miss costs as long as a wrong password (no account probing).
_DUMMY_HASH = compute_password_hash("tera-no-such-account")
SIGN_IN_FAILED = "e-mail or password is wrong, or the account is locked or disabled"
SIGN_IN_THROTTLED = "too many sign-in attempts; wait a minute and try again"
# The audit log's actor when the typed name is not an e-mail address (it may be a password typed in the wrong field).
NOT_AN_EMAIL = "(bukan email)"


@dataclass(frozen=True)
class LockoutPolicy:
    """How many failed sign-ins in a row lock an account, and for how many minutes."""

    attempts: int = 5
    minutes: int = 15

    @classmethod
    def from_env(cls) -> LockoutPolicy:
        """Read `TERA_LOCKOUT_ATTEMPTS` and `TERA_LOCKOUT_MINUTES` (positive integers) or use the defaults."""
        def number(name: str, default: int) -> int:
            text = os.environ.get(name, "").strip()
            return int(text) if text.isdigit() and int(text) > 0 else default
        return cls(number("TERA_LOCKOUT_ATTEMPTS", cls.attempts), number("TERA_LOCKOUT_MINUTES", cls.minutes))


def normalize_email(email: str) -> str:
    """Return the e-mail trimmed and lower-cased; raises `UserError` when it is not an address."""
    text = (email or "").strip().lower()
    if not _EMAIL.match(text):
        raise UserError(f"{email!r} is not an e-mail address")
    return text


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _check_agencies(engine: Engine, role: str, codes: list[str]) -> list[str]:
    if role not in ROLES:
        raise UserError(f"role {role!r} is not one of {', '.join(ROLES)}")
    codes = sorted({c.strip() for c in codes if c and c.strip()})
    if role == AGENCY and not codes:
        raise UserError("an agency user needs at least one --agency CODE")
    if role == EVALUATOR and codes:
        raise UserError("an evaluator sees every agency; give no --agency")
    with engine.connect() as conn:
        known = set(conn.execute(select(agencies.c.code).where(agencies.c.code.in_(codes))).scalars())
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise UserError(f"unknown agency code(s): {', '.join(unknown)}; find codes with: python -m ingest agencies find NAME")
    return codes


def _row(engine: Engine, email: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.email == email)).mappings().first()
    return dict(row) if row else None


def add_user(engine: Engine, email: str, role: str, agency_codes: list[str] | None = None, *, actor: str,
             source: str, subject: str | None = None) -> dict[str, Any]:
    """Create a user (no password yet) and audit it; raises `UserError` for a duplicate or bad input."""
    email = normalize_email(email)
    codes = _check_agencies(engine, role, list(agency_codes or []))
    if _row(engine, email) is not None:
        raise UserError(f"a user {email} already exists")
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(users).values(email=email, subject=subject or None, role=role, agency_codes=codes,
                                          password_hash=None, failed_attempts=0, locked_until=None, disabled=False,
                                          created_at=now, updated_at=now))
        save_audit(conn, actor, "user-add", {"email": email, "role": role, "agencies": codes}, source)
    return {"email": email, "role": role, "agency_codes": codes}


def list_users(engine: Engine) -> list[dict[str, Any]]:
    """Return every user without password hashes: email, subject, role, agency_codes, has_password, locked_until, disabled."""
    with engine.connect() as conn:
        rows = conn.execute(select(users).order_by(users.c.email)).mappings().all()
    return [{"email": r["email"], "subject": r["subject"], "role": r["role"], "agency_codes": list(r["agency_codes"]),
             "has_password": bool(r["password_hash"]), "locked_until": _utc(r["locked_until"]),
             "disabled": bool(r["disabled"])} for r in rows]


def count_users(engine: Engine) -> int:
    """Return how many user accounts exist (disabled ones included)."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(users)).scalar())


def _change(engine: Engine, email: str, values: dict[str, Any], action: str, detail: dict[str, Any], *, actor: str,
            source: str) -> None:
    email = normalize_email(email)
    if _row(engine, email) is None:
        raise UserError(f"no user {email}")
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.email == email).values(updated_at=datetime.now(UTC), **values))
        save_audit(conn, actor, action, {"email": email, **detail}, source)


def disable_user(engine: Engine, email: str, *, actor: str, source: str) -> None:
    """Disable an account (it can no longer sign in by any method); audited."""
    _change(engine, email, {"disabled": True}, "user-disable", {}, actor=actor, source=source)


def set_password(engine: Engine, email: str, password: str, *, actor: str, source: str) -> None:
    """Set a local password (argon2id hash; at least 8 characters) and lift any lock; audited without the password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    _change(engine, email, {"password_hash": compute_password_hash(password), "failed_attempts": 0,
                            "locked_until": None}, "user-password", {}, actor=actor, source=source)


def viewer_of_row(row: dict[str, Any]) -> Viewer:
    """Return the viewer of a user row: its role, agencies and e-mail."""
    return Viewer(role=row["role"], agency_codes=frozenset(row["agency_codes"] or ()), email=row["email"])


def audit_actor(email: str) -> str:
    """Return how a typed sign-in name is logged: the normalised e-mail, or "(bukan email)" (a password typed there stays out)."""
    try:
        return normalize_email(email)
    except UserError:
        return NOT_AN_EMAIL


def _reserve_attempt(engine: Engine, email: str, policy: LockoutPolicy, now: datetime) -> dict[str, Any] | None:
    """Count one attempt before the password is checked, in one UPDATE … RETURNING; None when disabled, locked or unknown.

    Counting first makes the lock-out hold under concurrent attempts: only `policy.attempts` reservations
    succeed before `locked_until` is set, and no password is checked after that.
    """
    expired = users.c.locked_until.is_not(None) & (users.c.locked_until <= now)
    attempts = case((expired, 1), else_=users.c.failed_attempts + 1)
    statement = (update(users)
                 .where(users.c.email == email, users.c.disabled.is_(False),
                        or_(users.c.locked_until.is_(None), users.c.locked_until <= now))
                 .values(failed_attempts=attempts,
                         locked_until=case((attempts >= policy.attempts, now + timedelta(minutes=policy.minutes)),
                                           else_=None))
                 .returning(users.c.email, users.c.role, users.c.agency_codes, users.c.password_hash,
                            users.c.locked_until))
    with engine.begin() as conn:
        row = conn.execute(statement).mappings().first()
    return dict(row) if row else None


def _refusal(engine: Engine, email: str) -> str:
    # Why an attempt was not even counted (for the audit log only; the person sees one message).
    row = _row(engine, email) if email else None
    return "unknown" if row is None else ("disabled" if row["disabled"] else "locked")


def sign_in(engine: Engine, email: str, password: str, *, source: str, policy: LockoutPolicy | None = None,
            now: datetime | None = None, client: str | None = None, throttle: Throttle | None = None) -> Viewer:
    """Check a local account's password and return its viewer; raises `SignInError` (one message for every cause).

    Every attempt costs one argon2 verification (a dummy hash for unknown, locked or disabled accounts),
    counts towards the lock-out before the check, and passes the throttle per `client` address and overall.
    """
    policy = policy or LockoutPolicy.from_env()
    now = (now or datetime.now(UTC)).astimezone(UTC)
    actor = audit_actor(email)
    email = actor if actor != NOT_AN_EMAIL else ""
    if not (throttle or SIGN_IN_THROTTLE).allow(client):
        save_audit(engine, actor, "sign-in-failed", {"method": "password", "reason": "throttled", "client": client},
                   source)
        raise SignInThrottled(SIGN_IN_THROTTLED)
    row = _reserve_attempt(engine, email, policy, now) if email else None
    if row is None:
        check_password(_DUMMY_HASH, password)  # the same work as a wrong password: no account probing by time
        save_audit(engine, actor, "sign-in-failed", {"method": "password", "reason": _refusal(engine, email)}, source)
        raise SignInError(SIGN_IN_FAILED)
    if check_password(row["password_hash"] or _DUMMY_HASH, password) and row["password_hash"]:
        values: dict[str, Any] = {"failed_attempts": 0, "locked_until": None}
        if needs_rehash(row["password_hash"]):
            values["password_hash"] = compute_password_hash(password)
        with engine.begin() as conn:
            conn.execute(update(users).where(users.c.email == email).values(**values))
            save_audit(conn, email, "sign-in", {"method": "password"}, source)
        return viewer_of_row(row)
    detail: dict[str, Any] = {"method": "password", "reason": "password"}
    if row["locked_until"] is not None:  # this attempt was the one that locked the account
        detail["locked_until"] = _utc(row["locked_until"]).isoformat()
    save_audit(engine, actor, "sign-in-failed", detail, source)
    raise SignInError(SIGN_IN_FAILED)


def viewer_for_user(engine: Engine, email: str) -> Viewer:
    """Return the viewer of the account with this e-mail (the CLI's `--as`); public when unknown or disabled."""
    row = _row(engine, (email or "").strip().lower())
    return viewer_of_row(row) if row and not row["disabled"] else PUBLIC_VIEWER


def viewer_for_identity(engine: Engine, email: str | None, subject: str | None = None, *,
                        email_verified: bool = False) -> Viewer:
    """Return the viewer of a person signed in by the identity provider: role and agencies from Tera's table.

    A row bound to a subject matches only that subject; a row without one matches the e-mail, and only
    when the provider says the e-mail is verified. Unknown, unverified or disabled people are public (but named).
    """
    with engine.connect() as conn:
        row = None
        if subject:
            row = conn.execute(select(users).where(users.c.subject == subject)).mappings().first()
        if row is None and email and email_verified:
            row = conn.execute(select(users).where(users.c.email == email.strip().lower(),
                                                   users.c.subject.is_(None))).mappings().first()
    if row is None or row["disabled"]:
        return Viewer(email=(email or subject or "").strip().lower() or None) if (email or subject) else PUBLIC_VIEWER
    return viewer_of_row(dict(row))
