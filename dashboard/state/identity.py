"""Who is looking at this session: OpenID Connect (`st.user`), a local account, or the default viewer.

The viewer lives in `st.session_state`, so it survives page changes; the role and agencies always
come from Tera's user table (`ingest.access`), never from the identity provider.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from ingest.access import Viewer, sign_in, viewer_for_identity
from ingest.access.audit import save_audit
from ingest.access.reads import default_viewer, demo_forced  # noqa: F401 - demo_forced for the shell's banner

VIEWER_KEY = "_tera_viewer"
OIDC_KEY = "_tera_oidc_identity"
# Set when this session's demo upload stored real data: the demo has ended and signing in is needed.
DEMO_ENDED_KEY = "_tera_demo_ended"


def provider_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section (Streamlit's OpenID Connect sign-in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises instead of answering False
        return False


def _oidc_identity() -> tuple[str | None, str | None] | None:
    try:
        if not st.user.get("is_logged_in", False):
            return None
        return st.user.get("email"), st.user.get("sub")
    except Exception:  # st.user outside a script run (bare mode)
        return None


@st.cache_data(ttl=30, show_spinner=False)
def _default_viewer(db_url: str, provider: bool) -> Viewer:
    from dashboard.state.data import get_store

    return default_viewer(get_store(db_url), provider)


def current_viewer(engine: Engine, page: str) -> Viewer:
    """Return this session's viewer: the identity provider's person, a local account, or the default viewer."""
    identity = _oidc_identity()
    if identity is not None:
        if st.session_state.get(OIDC_KEY) != identity or VIEWER_KEY not in st.session_state:
            email, subject = identity
            st.session_state[VIEWER_KEY] = viewer_for_identity(engine, email, subject)
            st.session_state[OIDC_KEY] = identity
            save_audit(engine, (email or subject or "?").lower(), "sign-in", {"method": "oidc", "subject": subject},
                       f"page: {page}")
        return st.session_state[VIEWER_KEY]
    if st.session_state.get(OIDC_KEY) is not None:  # signed out at the provider: forget the person
        st.session_state.pop(OIDC_KEY, None)
        st.session_state.pop(VIEWER_KEY, None)
    viewer = st.session_state.get(VIEWER_KEY)
    if isinstance(viewer, Viewer):
        return viewer
    from dashboard.state.data import store_url

    return _default_viewer(store_url(engine), provider_configured())


def sign_in_local(engine: Engine, email: str, password: str, page: str) -> Viewer:
    """Check a local account (raises `SignInError`) and keep its viewer for this session."""
    viewer = sign_in(engine, email, password, source=f"page: {page}")
    st.session_state[VIEWER_KEY] = viewer
    return viewer


def sign_out(engine: Engine, viewer: Viewer, page: str) -> None:
    """Forget this session's person (and end the provider's session cookie when signed in through it)."""
    save_audit(engine, viewer.label(), "sign-out", {}, f"page: {page}")
    st.session_state.pop(VIEWER_KEY, None)
    if st.session_state.pop(OIDC_KEY, None) is not None:
        st.logout()
