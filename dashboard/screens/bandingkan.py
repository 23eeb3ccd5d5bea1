"""Bandingkan (`/bandingkan?kode=A&kode=B…&acuan=A&tahun=YEAR`): 2–6 agencies side by side.

Domains, aspects, an agencies × indicators heatmap with the level written in each cell, the
differences to a reference agency, and the index trend over the years.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.logic import bandingkan
from dashboard.logic.formatting import fmt_index, fmt_number, fmt_signed, level_word
from dashboard.logic.funnel import status_text
from dashboard.logic.results import group_levels, node_columns
from dashboard.logic.search import compute_search_mask
from dashboard.render import agenda, charts_bandingkan, widgets
from dashboard.render import commitments as render_commitments
from dashboard.render.scales import level_text, unanswered_legend
from dashboard.render.tables import localized_table, open_selected_profile, ranking_table
from dashboard.state import data
from dashboard.state.context import get_shell
from dashboard.state.urlstate import url_selectbox
from i18n import t

KEY = "kode"
WIDGET = "_url_multi_kode"

# The name search box and its "several found" note.
SEARCH, SEARCH_NOTE = "cari_bandingkan", "_cari_bandingkan_note"
# Matches listed under the search box, each with its own "add" button.
MAX_MATCHES = 8

shell = get_shell()
fw, year, lang = shell.framework, shell.year, shell.lang
history = data.history(shell.engine, fw.code, shell.viewer)
results = history[history["year"] == year]
names = dict(zip(history["agency_code"], history["agency_name"], strict=False))
options = sorted(results["agency_code"], key=lambda c: names[c])


def _write_back() -> None:
    chosen = st.session_state.get(WIDGET) or []
    if chosen:
        st.query_params[KEY] = list(chosen)
    else:
        st.query_params.pop(KEY, None)


def _add_code(code: str) -> None:
    current = list(st.session_state.get(WIDGET) or [])
    if code not in current and len(current) < bandingkan.MAX_AGENCIES:
        current.append(code)
        st.query_params[KEY] = current
    # Added: the search is done, so its text and the list of matches go.
    st.session_state[SEARCH] = ""
    st.session_state[SEARCH_NOTE] = []


def _add_by_name() -> None:
    # The picker's own filter matches letters only; this finds "Kab. Banyuwangi" or "Pemkot Batu" too.
    found = results[compute_search_mask(results, st.session_state.get(SEARCH, ""))]
    if len(found) == 1:
        _add_code(found["agency_code"].iloc[0])
        return
    # Several (or none): what was typed stays, and the matches are listed to add with one click.
    st.session_state[SEARCH_NOTE] = list(zip(found["agency_code"].head(MAX_MATCHES), found["agency_name"].head(MAX_MATCHES),
                                             strict=True))


st.title(t("bandingkan.title", year=year))
widgets.data_caption(year, "stage.final", shell.as_of)

# The repeated `kode` parameters are the source of truth (a shared link opens the same comparison).
chosen = bandingkan.pick_codes(st.query_params.get_all(KEY), set(options))
if st.session_state.get(WIDGET) != chosen:
    st.session_state[WIDGET] = chosen
search_col, pick_col = st.columns([1, 2])
search_col.text_input(t("bandingkan.add_by_name"), key=SEARCH, on_change=_add_by_name,
                      placeholder=t("filter.search_hint"))
matches = st.session_state.get(SEARCH_NOTE) or []
if matches:
    search_col.caption(t("bandingkan.add_pick", n=len(matches)))
    for match_code, match_name in matches:
        search_col.button(f"{match_name} ({match_code})", key=f"add_{match_code}", icon=":material/add:",
                          on_click=_add_code, args=(match_code,), type="tertiary")
elif (st.session_state.get(SEARCH) or "").strip():
    search_col.caption(t("bandingkan.add_none"))
codes = pick_col.multiselect(t("bandingkan.pick"), options, key=WIDGET, format_func=lambda c: f"{names.get(c, c)} ({c})",
                       max_selections=bandingkan.MAX_AGENCIES, placeholder=t("bandingkan.pick_hint"), on_change=_write_back)
if codes:
    st.query_params[KEY] = list(codes)
else:
    st.query_params.pop(KEY, None)

if len(codes) < bandingkan.MIN_AGENCIES:
    st.info(t("bandingkan.need_two", low=bandingkan.MIN_AGENCIES, high=bandingkan.MAX_AGENCIES))
    st.stop()
agenda.present_button("bandingkan", year, lang, codes, {c: names[c] for c in options})
# An evaluator records a promise one of the compared agencies makes, without leaving the comparison.
render_commitments.commitment_form(shell.engine, shell.viewer, {c: names[c] for c in codes}, fw, year,
                                   lambda c: data.profile_parts(shell.engine, year, c, fw.code, shell.viewer).levels,
                                   "komitmen_bandingkan", "page: bandingkan")

chosen_results = results.set_index("agency_code").loc[codes].reset_index()
missing = chosen_results.loc[chosen_results["index_status"] == "not_submitted", "agency_name"].tolist()
if missing:
    st.warning(t("bandingkan.not_submitted", names=", ".join(missing), year=year))
for _, unscored in chosen_results[chosen_results["took_part"] & ~chosen_results["submitted"]].iterrows():
    st.warning(t("instansi.no_index", year=year, reason=status_text(unscored)) + f" ({unscored['agency_name']})")

st.subheader(t("bandingkan.summary_title"))
open_selected_profile(ranking_table(chosen_results, fw, year, key="compare_table"), chosen_results, fw, year)
table = bandingkan.score_table(results, codes, fw)
widgets.table_downloads(table, f"bandingkan-{year}", "compare_scores")

submitted_codes = chosen_results.loc[chosen_results["submitted"], "agency_code"].tolist()
titles = {"value": t("col.score"), "rating": t("col.rating"), "agency": t("col.agency")}
for depth, nodes in group_levels(fw):
    key = f"level{depth}"
    scores = bandingkan.node_scores(results, submitted_codes, nodes, fw, year, lang, names)
    st.subheader(t("bandingkan.level_scores_title", level=level_word(fw, depth, lang)))
    if scores.empty:
        st.info(t("bandingkan.no_aspects", level=level_word(fw, 1, lang)) if depth > 1 else t("bandingkan.no_scores"))
        continue
    widgets.chart_block(charts_bandingkan.grouped_bars_chart(scores, fw, lang, titles),
                        f"bandingkan-{key}-{year}", f"compare_{key}")

st.subheader(t("bandingkan.heatmap_title"))
matrix = bandingkan.level_matrix(data.final_levels(shell.engine, year, fw.code, shell.viewer), codes, fw, names, lang)
if matrix["level"].notna().any():
    st.caption(t("bandingkan.heatmap_note"))
    heat = charts_bandingkan.heatmap_chart(matrix, fw, {"indicator": t("col.indicator"), "level": t("col.level"),
                                                        "agency": t("col.agency")},
                                           unanswered_legend(fw, t("level.unanswered")))
    widgets.chart_block(heat, f"bandingkan-indikator-{year}", "compare_heat", width="content")
    wide = matrix.pivot_table(index=["indicator", "number", "name"], columns="agency", values="level",
                              aggfunc="first", sort=False).reset_index().sort_values("number").drop(columns="number")
    widgets.table_downloads(wide, f"bandingkan-indikator-{year}", "compare_levels")
else:
    st.info(t("bandingkan.no_indicators", year=year))

st.subheader(t("bandingkan.diff_title"))
reference = url_selectbox(t("bandingkan.reference"), codes, "acuan", default=codes[0],
                          format_func=lambda c: names.get(c, c))
diff = bandingkan.differences(table, fw, reference)
if diff.empty or diff.drop(columns=["agency_code", "agency_name"]).isna().all().all():
    st.info(t("bandingkan.no_diff"))
else:
    st.caption(t("bandingkan.diff_note", reference=names[reference]))
    columns = [c for c in ["index", *node_columns(fw)] if diff[c].notna().any()]
    shown = pd.DataFrame({"agency": diff["agency_name"],
                          **{c: diff[c].map(lambda v: fmt_signed(v, fw.decimals)) for c in columns}})
    config = {"agency": t("col.agency"), "index": t("col.index"),
              **{c: st.column_config.TextColumn(c, help=fw.node(c).label(lang)) for c in node_columns(fw)}}
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
    widgets.table_downloads(diff, f"selisih-{year}", "compare_diff")
    spread = bandingkan.level_spread(matrix)
    spread = spread[spread["spread"] > 0].head(10)
    if not spread.empty:
        st.markdown(f"**{t('bandingkan.spread_title')}**")
        spread_columns = ["indicator", "name", "range", "spread"]
        ranges = [f"{level_text(fw, lo)} – {level_text(fw, hi)}" for lo, hi in zip(spread["low"], spread["high"], strict=True)]
        # Whole level steps as integers; a continuous scale's spread keeps the framework's decimals.
        st.dataframe(localized_table(spread.assign(range=ranges)[spread_columns], 0, fractions=fw.decimals),
                     hide_index=True, width="stretch", column_order=spread_columns, placeholder="–",
                     column_config={"indicator": t("col.code"), "name": t("col.indicator"),
                                    "range": t("bandingkan.col_range"),
                                    "spread": st.column_config.TextColumn(t("bandingkan.col_spread"), alignment="right")})

st.subheader(t("bandingkan.trend_title"))
trend = bandingkan.trends(history, codes, names)
if trend.empty:
    st.info(t("bandingkan.no_trend"))
else:
    # The reference agency's line is the black one; the others are grey.
    widgets.chart_block(charts_bandingkan.trend_chart(trend, fw, {"year": t("col.year"), "value": t("col.index")}, lang,
                                                      highlight=names[reference]), "bandingkan-tren", "compare_trend")
    years = sorted(trend["year"].unique())
    if len(years) > 1:
        first, last = years[0], years[-1]
        wide = trend.pivot_table(index="agency_code", columns="year", values="value", aggfunc="first")
        change = [{"agency": names[c], "first": fmt_index(wide.loc[c].get(first), first, fw),
                   "last": fmt_index(wide.loc[c].get(last), last, fw),
                   "change": fmt_signed(wide.loc[c].get(last) - wide.loc[c].get(first), fw.decimals)}
                  for c in codes if c in wide.index]
        st.dataframe(pd.DataFrame(change), hide_index=True, width="stretch", column_config={
            "agency": t("col.agency"), "first": t("bandingkan.col_year_value", year=first),
            "last": t("bandingkan.col_year_value", year=last), "change": t("bandingkan.col_change")})
    st.caption(t("bandingkan.trend_note", count=fmt_number(len(years), 0)))
    widgets.framework_break_note(fw, data.framework_spans(shell.engine, lang, shell.viewer), lang)
