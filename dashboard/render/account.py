"""Account widgets: who is signed in (with "Keluar") in the sidebar, and the prompt to sign in for more detail."""

from __future__ import annotations

import streamlit as st

from i18n import t
from ingest.access import Viewer

SIGN_IN_PAGE = "screens/masuk.py"


def role_label(viewer: Viewer) -> str:
    """Return the viewer's role in words, with the agencies of an agency user."""
    text = t(f"masuk.role.{viewer.role}")
    if viewer.agency_codes:
        text += f" · {', '.join(sorted(viewer.agency_codes))}"
    return text


def sidebar_account(viewer: Viewer) -> bool:
    """Show who is signed in with a "Keluar" button (True when it is pressed), or the demo note."""
    if viewer.signed_in:
        # Plain text: an e-mail address must not turn into a Markdown link.
        st.text(t("masuk.signed_in_as", email=viewer.email, role=role_label(viewer)))
        return st.button(t("masuk.sign_out"), key="sign_out", icon=":material/logout:")
    if viewer.demo:
        st.caption(t("masuk.demo_short"))
    return False


def sign_in_prompt(viewer: Viewer) -> None:
    """Tell a viewer without access that signing in shows more (nothing for signed-in people)."""
    if not viewer.signed_in:
        st.info(t("masuk.prompt"), icon=":material/lock:")
        st.page_link(SIGN_IN_PAGE, label=t("masuk.nav"), icon=":material/login:")
    else:
        st.info(t("masuk.no_access"), icon=":material/lock:")
