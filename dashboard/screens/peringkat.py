"""Peringkat (`/peringkat`): filters in the URL (tahun, jenis, provinsi, predikat, cari) and the ranking table."""

from __future__ import annotations

import streamlit as st

from dashboard.logic import peringkat
from dashboard.logic.formatting import fmt_number
from dashboard.logic.results import INDEX_ONLY
from dashboard.render import widgets
from dashboard.render.tables import open_selected_profile, ranking_cards, ranking_table
from dashboard.screens import _peringkat_views as views
from dashboard.state import data
from dashboard.state.context import get_shell
from dashboard.state.urlstate import url_selectbox
from i18n import t

shell = get_shell()
fw, year, lang = shell.framework, shell.year, shell.lang
results = data.ranked_year(shell.engine, year, fw.code, shell.viewer)  # only this year's rows (and the year before's rank bases)

st.title(t("peringkat.title", framework=fw.short_text(lang), year=year))
widgets.data_caption(year, "stage.final", shell.as_of)

stamp = data.view_stamp(shell.engine, fw.code, shell.viewer)
types, province_names = views.filter_options(stamp, year, lang, results)
cols = st.columns([1, 1, 1, 2])
agency_type = url_selectbox(t("filter.type"), types, "jenis", default="", container=cols[0],
                            format_func=lambda s: t(f"type.{s}") if s else t("filter.all"))
province = url_selectbox(t("filter.province"), ["", *province_names], "provinsi", default="", container=cols[1],
                         format_func=lambda c: province_names.get(c, t("filter.all")))
rating = url_selectbox(t("filter.rating"), ["", *(b.slug for b in fw.rating_bands)], "predikat", default="",
                       container=cols[2], format_func=lambda s: fw.band(s).text(lang) if s else t("filter.all"))
search = cols[3].text_input(t("filter.search"), key="cari", bind="query-params", placeholder=t("filter.search_hint"))

# The rows are the view's (data, scoring, publication, viewer scope) filtered and in the language: that is their key.
rows_key = (stamp, year, lang, agency_type, province, rating, search)
shown = views.shown_rows(rows_key, results, lambda: data.ranking_reasons(shell.engine, year, fw.code, shell.viewer, lang))
filtered = bool(agency_type or province or rating or (search or "").strip())
st.caption(t("peringkat.count", shown=fmt_number(len(shown), 0), total=fmt_number(len(results), 0)))
st.caption(views.funnel_line(rows_key, shown))
if shown.empty:
    st.info(t("peringkat.no_rows"))
else:
    # A fixed height only for long lists; a short filtered list should not leave empty rows.
    # A phone gets cards (the grid would show its pinned name and one more column); narrow.css picks one. A browser
    # that says it is on a desk gets no cards: the table shows at every width (a narrow window scrolls it).
    phone = widgets.maybe_phone()
    if phone:
        ranking_cards(shown, fw, year, key="ranking", rows_key=rows_key)
    with st.container(key="wide-ranking" if phone else "desk-ranking"):
        selection = ranking_table(shown, fw, year, key="ranking", height=640 if len(shown) > 16 else "auto",
                                  in_selection=filtered, rows_key=rows_key)
    index_only = shown[shown["index_kind"] == INDEX_ONLY]
    if len(index_only):
        st.caption(t("results.index_only_count", n=fmt_number(len(index_only), 0)))
    st.caption(t("peringkat.select_hint"))
    open_selected_profile(selection, shown, fw, year)
    widgets.table_downloads(lambda: peringkat.ranking_export(shown, fw, year, "id"), f"peringkat-{fw.code}-{year}", "ranking",
                            decimals=fw.decimals)
