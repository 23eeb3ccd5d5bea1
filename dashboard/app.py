"""Tera dashboard entry point: `streamlit run dashboard/app.py`.

The shell picks language and year (both in the URL), says which data is shown, and routes to the
pages by stable URL paths: `/` (national overview), `/peringkat` (ranking), `/instansi` (profile),
`/rapat` (meeting mode).
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the repository root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.render import widgets  # noqa: E402
from dashboard.state import data  # noqa: E402
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
st.set_page_config(page_title="Tera · Indeks SPBE", layout="wide", initial_sidebar_state="auto")
lang = set_language(url_value("lang", LANGUAGES, "id"))

pages = [
    st.Page(PAGES_DIR / "ringkasan.py", title=t("nav.overview"), icon=":material/insights:", default=True),
    st.Page(PAGES_DIR / "peringkat.py", title=t("nav.ranking"), icon=":material/leaderboard:", url_path="peringkat"),
    st.Page(PAGES_DIR / "instansi.py", title=t("nav.profile"), icon=":material/account_balance:", url_path="instansi"),
    st.Page(PAGES_DIR / "bandingkan.py", title=t("bandingkan.nav"), icon=":material/compare_arrows:", url_path="bandingkan"),
    st.Page(PAGES_DIR / "wilayah.py", title=t("wilayah.nav"), icon=":material/map:", url_path="wilayah"),
    st.Page(PAGES_DIR / "kualitas_data.py", title=t("kualitas_data.nav"), icon=":material/fact_check:",
            url_path="kualitas-data"),
    st.Page(PAGES_DIR / "unggah.py", title=t("unggah.nav"), icon=":material/upload_file:", url_path="unggah"),
    # Meeting mode hides the sidebar, toolbar and menu with its own CSS (dashboard/static/rapat.css).
    st.Page(PAGES_DIR / "rapat.py", title=t("rapat.nav"), icon=":material/co_present:", url_path="rapat"),
]
page = st.navigation(pages)
# Charts wider than a phone scroll inside their box (dashboard/static/narrow.css).
st.html(f"<style>{(Path(__file__).resolve().parent / 'static' / 'narrow.css').read_text(encoding='utf-8')}</style>")

with st.sidebar:
    st.markdown(f"### {t('app.title')}")
    lang = set_language(url_selectbox(t("app.language"), LANGUAGES, "lang", format_func=lambda c: t(f"lang.{c}"),
                                      default="id"))

try:
    engine = data.get_store()
    ensure_sample(engine)
    framework = data.get_framework()
    years = data.years(engine)
    sample = data.has_sample(engine)
    as_of = data.data_as_of(engine)
except (IngestError, IndicatorsError) as error:
    st.error(t("error.store", detail=str(error)))
    st.stop()

if sample and page.url_path != "rapat":  # meeting mode says it in every slide's footer instead
    widgets.sample_banner()
if not years:
    st.title(t("app.title"))
    widgets.empty_state()
    st.stop()

with st.sidebar:
    year = url_selectbox(t("filter.year"), years, "tahun", default=years[-1], always=True)
    st.caption(t("app.about", framework=framework.title.get(lang, framework.title["id"])))

set_shell(Shell(engine=engine, framework=framework, year=int(year), lang=lang, years=tuple(years), sample=sample,
                as_of=as_of))
page.run()
