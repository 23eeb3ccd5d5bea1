"""Masuk (`/masuk`): sign in through the identity provider (OpenID Connect) or with a local account."""

from __future__ import annotations

import streamlit as st

from dashboard.state import identity
from dashboard.state.context import get_shell
from i18n import t
from ingest.errors import SignInError, SignInThrottled

shell = get_shell()
st.title(t("masuk.title"))

if identity.provider_configured():
    st.subheader(t("masuk.provider_title"))
    st.button(t("masuk.provider_button"), on_click=st.login, type="primary", key="oidc_login", icon=":material/key:")
    st.divider()

st.subheader(t("masuk.local_title"))
with st.form("local_sign_in"):
    email = st.text_input(t("masuk.email"), key="sign_in_email", autocomplete="username")
    password = st.text_input(t("masuk.password"), type="password", key="sign_in_password",
                             autocomplete="current-password")
    submitted = st.form_submit_button(t("masuk.submit"), type="primary")
if submitted:
    try:
        viewer = identity.sign_in_local(shell.engine, email, password, "masuk")
    except SignInThrottled:
        st.error(t("masuk.throttled"))
    except SignInError:
        st.error(t("masuk.failed"))
    else:
        if viewer.agency_codes:  # an agency user lands on their own profile
            st.switch_page("screens/instansi.py", query_params={"kode": sorted(viewer.agency_codes)[0]})
        st.rerun()
