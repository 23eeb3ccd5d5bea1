"""Tera dashboard entry point: `streamlit run dashboard/app.py`.

The shell picks language, year and framework (`lang`, `tahun`, `kerangka`, all in the URL), says which
data is shown, and routes to the pages by stable URL paths: `/` (national overview), `/peringkat`
(ranking), `/instansi` (profile), `/rapat` (meeting mode), `/masuk` (sign in). Who is looking (the
viewer) is decided here, before the pages are listed: data quality, upload and access settings exist
only for evaluators.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the repository root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.logic.results import version_note  # noqa: E402
from dashboard.render import account, widgets  # noqa: E402
from dashboard.state import data, identity  # noqa: E402
from dashboard.state.context import Shell, set_shell  # noqa: E402
from dashboard.state.first_start import ensure_sample  # noqa: E402
from dashboard.state.urlstate import url_selectbox, url_value  # noqa: E402
from i18n import LANGUAGES, set_language, t  # noqa: E402
from indicators import IndicatorsError  # noqa: E402
from ingest.errors import IngestError  # noqa: E402

# Not named `pages/`: Streamlit treats a `pages/` folder beside the entry script as legacy multipage
# mode and, on a fresh server, may run a page file without this shell.
PAGES_DIR = Path(__file__).resolve().parent / "screens"

# "auto": open beside the page on a desk, closed on a phone (it would cover three quarters of the screen).
st.set_page_config(page_title="Tera", layout="wide", initial_sidebar_state="auto")
lang = set_language(url_value("lang", LANGUAGES, "id"))

try:
    engine = data.get_store()
    ensure_sample(engine)
    data.check_data_version(engine)  # another process may have loaded or published since the last rerun
    viewer = identity.current_viewer(engine, "app")
    years = data.years(engine, viewer)
    sample = data.has_sample(engine)
    as_of = data.data_as_of(engine)
except (IngestError, IndicatorsError) as error:
    st.error(t("error.store", detail=str(error)))
    st.stop()

pages = [
    st.Page(PAGES_DIR / "ringkasan.py", title=t("nav.overview"), icon=":material/insights:", default=True),
    st.Page(PAGES_DIR / "peringkat.py", title=t("nav.ranking"), icon=":material/leaderboard:", url_path="peringkat"),
    st.Page(PAGES_DIR / "instansi.py", title=t("nav.profile"), icon=":material/account_balance:", url_path="instansi"),
    st.Page(PAGES_DIR / "bandingkan.py", title=t("bandingkan.nav"), icon=":material/compare_arrows:", url_path="bandingkan"),
    st.Page(PAGES_DIR / "wilayah.py", title=t("wilayah.nav"), icon=":material/map:", url_path="wilayah"),
    st.Page(PAGES_DIR / "komitmen.py", title=t("komitmen.nav"), icon=":material/handshake:", url_path="komitmen"),
]
if viewer.is_evaluator:  # data quality, upload and access settings are the evaluators' pages
    pages += [
        st.Page(PAGES_DIR / "kualitas_data.py", title=t("kualitas_data.nav"), icon=":material/fact_check:",
                url_path="kualitas-data"),
        st.Page(PAGES_DIR / "unggah.py", title=t("unggah.nav"), icon=":material/upload_file:", url_path="unggah"),
        st.Page(PAGES_DIR / "akses.py", title=t("akses.nav"), icon=":material/admin_panel_settings:", url_path="akses"),
    ]
pages += [
    # Meeting mode hides the sidebar, toolbar and menu with its own CSS (dashboard/static/rapat.css).
    st.Page(PAGES_DIR / "rapat.py", title=t("rapat.nav"), icon=":material/co_present:", url_path="rapat"),
]
# Signed-in people see who they are and "Keluar" in the sidebar instead; the demo evaluator has no
# account to sign in with (the store has no users and no identity provider), so no sign-in page either.
if not viewer.signed_in and not viewer.demo:
    pages.append(st.Page(PAGES_DIR / "masuk.py", title=t("masuk.nav"), icon=":material/login:", url_path="masuk"))
page = st.navigation(pages)
# Charts wider than a phone scroll inside their box (dashboard/static/narrow.css).
st.html(f"<style>{widgets.NARROW_CSS}</style>")

with st.sidebar:
    st.markdown(f"### {t('app.title')}")
    lang = set_language(url_selectbox(t("app.language"), LANGUAGES, "lang", format_func=lambda c: t(f"lang.{c}"),
                                      default="id"))
    if account.sidebar_account(viewer):
        identity.sign_out(engine, viewer, page.url_path or "ringkasan")
        st.rerun()

if viewer.demo and page.url_path != "rapat":
    st.info(t("masuk.demo_forced_banner" if identity.demo_forced() else "masuk.demo_banner"), icon=":material/visibility:")
elif st.session_state.get(identity.DEMO_ENDED_KEY) and not viewer.signed_in:
    st.warning(t("masuk.demo_ended"), icon=":material/lock:")
if sample and page.url_path != "rapat":  # meeting mode says it in every slide's footer instead
    widgets.sample_banner()
if not years and page.url_path != "masuk":
    st.title(t("app.title"))
    if not data.has_data(engine):
        widgets.empty_state()
    else:
        st.info(t("masuk.nothing_published"))
        account.sign_in_prompt(viewer)
    st.stop()

with st.sidebar:
    year = url_selectbox(t("filter.year"), years, "tahun", default=years[-1], always=True) if years else None
    framework = None
    if year is not None:
        # Beside the year: the frameworks with data that year, the year's default first.
        codes = data.frameworks_of_year(engine, int(year), viewer)
        try:
            # Each name looked up once: the selectbox formats every option several times per run.
            catalog = data.catalog(engine)
            names = {code: catalog.get(code).short_text(lang) for code in codes}
            framework_code = url_selectbox(t("framework.select"), codes, "kerangka", default=codes[0], always=True,
                                           format_func=names.get)
            # The version the year's results were scored with: a newer one must not rename their bands or nodes.
            framework = data.year_framework(engine, framework_code, int(year))
        except (IngestError, IndicatorsError) as error:
            st.error(t("error.store", detail=str(error)))
            st.stop()
        st.caption(t("app.about", framework=framework.title_text(lang) + version_note(
            data.result_versions(engine, framework.code, int(year)), lang)))

if framework is not None and not viewer.is_evaluator:
    # Readers outside the evaluators see the publication snapshot: its date is the data's date on every page.
    taken = data.snapshot_date(engine, int(year), framework.code)
    if taken is not None:
        as_of = taken
        if page.url_path != "rapat":
            st.caption(t("app.snapshot", date=f"{taken:%d-%m-%Y %H:%M}"))

set_shell(Shell(engine=engine, framework=framework, year=int(year) if year else None, lang=lang, years=tuple(years),
                sample=sample, as_of=as_of, viewer=viewer))
page.run()
