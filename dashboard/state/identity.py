"""Who is looking at this session: OpenID Connect (`st.user`), a local account, or the default viewer.

The viewer lives in `st.session_state`, so it survives page changes, and in a signed, expiring cookie
(`ingest.access.sessions`), so it survives reloads, typed URLs and shared links. The role and agencies
always come from Tera's user table (`ingest.access`), never from the identity provider, and are read
again at least every few seconds: a disabled, deleted or changed account loses its old rights at its
next interaction. A session unused for `TERA_SESSION_IDLE_MINUTES` (default 60) ends.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime

import streamlit as st
from sqlalchemy import Engine

from ingest.access import Viewer, sign_in, viewer_for_identity
from ingest.access.audit import save_audit
from ingest.access.reads import default_viewer, demo_forced  # noqa: F401 - demo_forced for the shell's banner
from ingest.access.sessions import (
    account_stamp,
    compute_session_token,
    idle_minutes,
    load_account,
    load_session_viewer,
    read_session_token,
    refresh_viewer,
    session_secret,
)

VIEWER_KEY = "_tera_viewer"
OIDC_KEY = "_tera_oidc_identity"
# Set when this session's demo upload stored real data: the demo has ended and signing in is needed.
DEMO_ENDED_KEY = "_tera_demo_ended"
CHECKED_KEY = "_tera_viewer_checked"  # monotonic time the account was last read
SEEN_KEY = "_tera_viewer_seen"  # monotonic time of the session's last interaction
COOKIE_KEY = "_tera_cookie_pending"  # a token to write (or "" to clear) in the browser on this run
ISSUED_KEY = "_tera_cookie_issued"  # monotonic time the cookie was last written
# Set once this session signed out: the cookie its connection opened with must not sign it in again.
ENDED_KEY = "_tera_session_ended"
SESSION_COOKIE = "tera_session"
# How old the account's copy in a session may be, and how often an active session's cookie is renewed.
REFRESH_SECONDS = 5
RENEW_SECONDS = 300


def provider_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section (Streamlit's OpenID Connect sign-in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises instead of answering False
        return False


def _oidc_identity() -> tuple[str | None, str | None, bool] | None:
    try:
        if not st.user.get("is_logged_in", False):
            return None
        return st.user.get("email"), st.user.get("sub"), st.user.get("email_verified") is True
    except Exception:  # st.user outside a script run (bare mode)
        return None


def client_address() -> str | None:
    """Return the browser's address for the sign-in throttle: the header `TERA_CLIENT_HEADER` names (set by the
    proxy, e.g. X-Real-IP), else the address of the connection."""
    try:
        header = os.environ.get("TERA_CLIENT_HEADER", "").strip()
        if header:
            return st.context.headers.get(header) or None
        return st.context.ip_address
    except Exception:  # no request context (bare mode, AppTest)
        return None


@st.cache_data(ttl=30, show_spinner=False)
def _default_viewer(db_url: str, provider: bool) -> Viewer:
    from dashboard.state.data import get_store

    return default_viewer(get_store(db_url), provider)


def _write_cookie(token: str) -> None:
    # Streamlit has no response to set a header on: the browser sets the cookie itself (one hidden element).
    secure = "" if os.environ.get("TERA_COOKIE_INSECURE") == "1" else "; Secure"
    age = idle_minutes() * 60 if token else 0
    cookie = f"{SESSION_COOKIE}={token}; Path=/; Max-Age={age}; SameSite=Strict{secure}"
    st.html(f"<script>document.cookie = {json.dumps(cookie)};</script>", unsafe_allow_javascript=True)


def _issue(engine: Engine, viewer: Viewer) -> None:
    row = load_account(engine, viewer.email) if viewer.email else None
    if row is not None:
        st.session_state[COOKIE_KEY] = compute_session_token(row["email"], account_stamp(row), datetime.now(UTC),
                                                             session_secret())
        st.session_state[ISSUED_KEY] = time.monotonic()


def _forget(engine: Engine, viewer: Viewer, page: str, reason: str) -> None:
    save_audit(engine, viewer.label(), "sign-out", {"reason": reason}, f"page: {page}")
    for key in (VIEWER_KEY, CHECKED_KEY, SEEN_KEY, ISSUED_KEY):
        st.session_state.pop(key, None)
    st.session_state[COOKIE_KEY] = ""
    st.session_state[ENDED_KEY] = True


def _from_cookie(engine: Engine, page: str) -> Viewer | None:
    # A new browser session (reload, typed URL, shared link): the signed cookie may name a person.
    if st.session_state.get(ENDED_KEY):  # the cookies Streamlit holds are those the session opened with
        return None
    try:
        token = st.context.cookies.get(SESSION_COOKIE)
    except Exception:  # no request context (bare mode, AppTest)
        return None
    if not token:
        return None
    viewer = load_session_viewer(engine, read_session_token(token, session_secret(), datetime.now(UTC), idle_minutes()))
    if viewer is None:
        st.session_state[COOKIE_KEY] = ""  # expired, forged or the account changed: clear it
        return None
    save_audit(engine, viewer.label(), "sign-in", {"method": "cookie"}, f"page: {page}")
    st.session_state[VIEWER_KEY] = viewer
    st.session_state[CHECKED_KEY] = st.session_state[SEEN_KEY] = time.monotonic()
    return viewer


def _checked(engine: Engine, viewer: Viewer, page: str) -> Viewer | None:
    """Return the session's person as the account is now, or None when the session ended (idle, disabled, deleted)."""
    now = time.monotonic()
    if now - st.session_state.get(SEEN_KEY, now) > idle_minutes() * 60:
        _forget(engine, viewer, page, "idle")
        return None
    st.session_state[SEEN_KEY] = now
    if viewer.email and now - st.session_state.get(CHECKED_KEY, float("-inf")) >= REFRESH_SECONDS:
        fresh = refresh_viewer(engine, viewer)
        if fresh is None:
            _forget(engine, viewer, page, "account")
            return None
        st.session_state[VIEWER_KEY] = viewer = fresh
        st.session_state[CHECKED_KEY] = now
        if now - st.session_state.get(ISSUED_KEY, float("-inf")) >= RENEW_SECONDS:
            _issue(engine, viewer)  # an active session keeps its cookie fresh (the idle timeout counts from here)
    return viewer


def _flush_cookie() -> None:
    pending = st.session_state.pop(COOKIE_KEY, None)
    if pending is not None:
        _write_cookie(pending)


def current_viewer(engine: Engine, page: str) -> Viewer:
    """Return this session's viewer: the identity provider's person, a local account, or the default viewer."""
    try:
        return _current_viewer(engine, page)
    finally:
        _flush_cookie()


def _current_viewer(engine: Engine, page: str) -> Viewer:
    identity = _oidc_identity()
    if identity is not None:
        fresh = time.monotonic() - st.session_state.get(CHECKED_KEY, float("-inf")) < REFRESH_SECONDS
        if st.session_state.get(OIDC_KEY) != identity or VIEWER_KEY not in st.session_state or not fresh:
            email, subject, verified = identity
            first = st.session_state.get(OIDC_KEY) != identity
            st.session_state[VIEWER_KEY] = viewer_for_identity(engine, email, subject, email_verified=verified)
            st.session_state[OIDC_KEY] = identity
            st.session_state[CHECKED_KEY] = time.monotonic()
            if first:
                save_audit(engine, (email or subject or "?").lower(), "sign-in", {"method": "oidc", "subject": subject},
                           f"page: {page}")
        return st.session_state[VIEWER_KEY]
    if st.session_state.get(OIDC_KEY) is not None:  # signed out at the provider: forget the person
        st.session_state.pop(OIDC_KEY, None)
        st.session_state.pop(VIEWER_KEY, None)
    viewer = st.session_state.get(VIEWER_KEY)
    if not isinstance(viewer, Viewer):
        viewer = _from_cookie(engine, page)
    if isinstance(viewer, Viewer):
        viewer = _checked(engine, viewer, page)
        if viewer is not None:
            return viewer
    from dashboard.state.data import store_url

    return _default_viewer(store_url(engine), provider_configured())


def sign_in_local(engine: Engine, email: str, password: str, page: str) -> Viewer:
    """Check a local account (raises `SignInError`), keep its viewer for this session and in the signed cookie."""
    viewer = sign_in(engine, email, password, source=f"page: {page}", client=client_address())
    st.session_state.pop(ENDED_KEY, None)
    st.session_state[VIEWER_KEY] = viewer
    st.session_state[CHECKED_KEY] = st.session_state[SEEN_KEY] = time.monotonic()
    _issue(engine, viewer)
    return viewer


def sign_out(engine: Engine, viewer: Viewer, page: str) -> None:
    """Forget this session's person, clear the cookie (and end the provider's session when signed in through it)."""
    _forget(engine, viewer, page, "keluar")
    if st.session_state.pop(OIDC_KEY, None) is not None:
        st.logout()
