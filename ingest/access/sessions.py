"""Signed, expiring session tokens (the sign-in cookie) and the account re-check every session makes.

A token is `email|account stamp|issued|signature`: HMAC-SHA256 with the server's secret
(`TERA_SESSION_SECRET`; without it a random secret per process, so sessions then end at a restart).
The account stamp is the user row's `updated_at`: disabling, a new password or a new role changes it,
so every token issued before no longer signs anybody in. A token older than the idle timeout
(`TERA_SESSION_IDLE_MINUTES`, default 60) is expired; the app re-issues it while the person is active.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from ingest.access.users import viewer_of_row
from ingest.access.viewer import Viewer
from ingest.store.schema import users

_PROCESS_SECRET = secrets.token_bytes(32)
DEFAULT_IDLE_MINUTES = 60


def session_secret() -> bytes:
    """Return the signing secret: `TERA_SESSION_SECRET` when set, else a random one made when this process started."""
    text = os.environ.get("TERA_SESSION_SECRET", "")
    return text.encode() if text else _PROCESS_SECRET


def idle_minutes() -> int:
    """Return `TERA_SESSION_IDLE_MINUTES` (a positive integer) or 60: a session unused this long ends."""
    text = os.environ.get("TERA_SESSION_IDLE_MINUTES", "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else DEFAULT_IDLE_MINUTES


@dataclass(frozen=True)
class SessionClaim:
    """What a valid token says: the account's e-mail, its stamp when the token was made, and when it was made (UTC)."""

    email: str
    stamp: str
    issued: datetime


def _sign(payload: str, secret: bytes) -> str:
    digest = hmac.new(secret, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def account_stamp(row: dict[str, Any]) -> str:
    """Return the text that changes whenever the account changes (its `updated_at`, to the microsecond)."""
    value = row["updated_at"]
    return value.replace(tzinfo=None).isoformat() if isinstance(value, datetime) else str(value)


def compute_session_token(email: str, stamp: str, now: datetime, secret: bytes) -> str:
    """Return a signed token naming the account (cookie-safe text: no spaces, commas or semicolons)."""
    payload = f"{base64.urlsafe_b64encode(email.encode()).decode()}|{stamp}|{int(now.timestamp())}"
    return f"{payload}|{_sign(payload, secret)}"


def read_session_token(token: str | None, secret: bytes, now: datetime, idle: int) -> SessionClaim | None:
    """Return the claim of a well-signed token issued less than `idle` minutes ago, else None (never raises)."""
    try:
        encoded, stamp, issued_text, signature = (token or "").split("|")
        payload = f"{encoded}|{stamp}|{issued_text}"
        if not hmac.compare_digest(signature, _sign(payload, secret)):
            return None
        issued = datetime.fromtimestamp(int(issued_text), UTC)
        if not issued <= now < issued + timedelta(minutes=idle):
            return None
        return SessionClaim(base64.urlsafe_b64decode(encoded.encode()).decode(), stamp, issued)
    except (ValueError, UnicodeDecodeError):
        return None


def load_account(engine: Engine, email: str) -> dict[str, Any] | None:
    """Return the user row of `email` when the account exists and is not disabled, else None."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.email == email)).mappings().first()
    return dict(row) if row and not row["disabled"] else None


def load_session_viewer(engine: Engine, claim: SessionClaim | None) -> Viewer | None:
    """Return the viewer a token's claim signs in, re-read from the account; None when gone, disabled or changed since."""
    if claim is None:
        return None
    row = load_account(engine, claim.email)
    if row is None or account_stamp(row) != claim.stamp:
        return None
    return viewer_of_row(row)


def refresh_viewer(engine: Engine, viewer: Viewer) -> Viewer | None:
    """Return a signed-in viewer as its account is now (role, agencies), or None when it was deleted or disabled."""
    row = load_account(engine, viewer.email) if viewer.email else None
    return viewer_of_row(row) if row else None
