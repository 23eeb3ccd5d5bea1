"""Ringkasan nasional (`/`): national figures, rating counts, index distribution, domain trend, top and bottom ten."""

from __future__ import annotations

import streamlit as st

from dashboard.logic.formatting import fmt_index, fmt_number, fmt_signed, level_word, plain
from dashboard.render import agenda, widgets
from dashboard.render.tables import ranking_table
from dashboard.screens import _ringkasan_views as views
from dashboard.state import data
from dashboard.state.context import get_shell
from i18n import t

shell = get_shell()
fw, year, lang = shell.framework, shell.year, shell.lang
# Only the year's rows (ranked as read) and small aggregates are read; the year's counts come from its rows.
year_rows = data.ranked_year(shell.engine, year, fw.code, shell.viewer)
# An agency user's own rows (none for everyone else: no lookup over the year's rows then).
own = year_rows[year_rows["agency_code"].isin(shell.viewer.agency_codes)] if shell.viewer.agency_codes else None
results = year_rows
if not shell.viewer.is_evaluator and (year, fw.code) not in data.published(shell.engine):
    # National figures are figures of published years only: an agency's own unpublished rows are not "national".
    results = year_rows.iloc[0:0]

st.title(t("ringkasan.title", framework=fw.short_text(lang), year=year))
if not shell.viewer.is_evaluator and results.empty:
    st.info(t("ringkasan.national_unpublished", year=year))
    for _, row in own.iterrows() if own is not None else ():
        st.markdown(t("ringkasan.own_unpublished", name=plain(row["agency_name"]),
                      index=fmt_index(row["index"], year, fw) if row["submitted"] else "–"))
    st.stop()
for _, row in own[own["rank"].notna()].iterrows() if own is not None else ():  # the agency user's own place
    st.info(t("ringkasan.own_place", name=plain(row["agency_name"]), rank=fmt_number(row["rank"], 0),
              count=fmt_number(int(results["rank"].notna().sum()), 0)), icon=":material/location_on:")
stamp = data.view_stamp(shell.engine, fw.code, shell.viewer)
overview, funnel, names = views.overview_head(stamp, year, lang, fw, results, shell.engine, shell.viewer)
agenda.present_button("ringkasan", year, lang, names=names)
widgets.data_caption(year, "stage.final", shell.as_of)
st.caption(funnel)

published = overview.published or {}
cols = st.columns(4)
with cols[0]:
    widgets.metric(t("ringkasan.evaluated"), fmt_number(overview.submitted, 0),
                   help=t("ringkasan.evaluated_help", registry=funnel))
with cols[1]:
    if published.get("index") is not None:
        band = fw.rating_for(published["index"], year)
        previous = (overview.previous_published or {}).get("index")
        widgets.metric(t("ringkasan.published_index"), fmt_index(published["index"], year, fw),
                       delta=fmt_signed(published["index"] - previous, fw.decimals) if previous is not None else None,
                       direction=widgets.change_direction(published["index"] - previous if previous is not None
                                                          else None, fw.decimals),
                       help=t("ringkasan.published_help"))
        st.markdown(widgets.badge_html(band), unsafe_allow_html=True)
    else:
        widgets.metric(t("ringkasan.published_index"), "–", help=t("ringkasan.no_published"))
with cols[2]:
    delta = (overview.mean - overview.previous_mean) if overview.mean is not None and overview.previous_mean else None
    widgets.metric(t("ringkasan.computed_mean"), fmt_index(overview.mean, year, fw),
                   delta=fmt_signed(delta, fw.decimals) if delta is not None else None, help=t("ringkasan.mean_help"),
                   direction=widgets.change_direction(delta, fw.decimals))
    if overview.mean is not None:
        st.markdown(widgets.badge_html(fw.rating_for(overview.mean, year)), unsafe_allow_html=True)
with cols[3]:
    widgets.metric(t("ringkasan.computed_median"), fmt_index(overview.median, year, fw), help=t("ringkasan.median_help"))

if overview.submitted == 0:
    widgets.empty_state()
    st.stop()

counts_chart, histogram, has_target, trend_chart, (top, bottom) = views.overview_view(
    stamp, year, lang, fw, results, shell.engine, shell.viewer)
st.subheader(t("ringkasan.counts_title"))
widgets.chart_block(counts_chart, f"predikat-per-jenis-{year}", "counts")

st.subheader(t("ringkasan.histogram_title"))
widgets.chart_block(histogram, f"sebaran-indeks-{year}", "histogram")
if not has_target:
    st.caption(t("ringkasan.no_target"))

st.subheader(t("ringkasan.trend_title", level=level_word(fw, 1, lang)))
widgets.chart_block(trend_chart, "rata-rata-domain", "trend")
st.caption(t("ringkasan.trend_note"))
widgets.framework_break_note(fw, views.framework_spans(stamp, lang, shell.engine, shell.viewer), lang)

# One below the other: side by side, half the width cut a ministry's name (up to ~65 characters) at 1440 px.
st.subheader(t("ringkasan.top_title"))
ranking_table(top, fw, year, key="top", compact=True, rows_key=(stamp, year, lang, "top"))
st.subheader(t("ringkasan.bottom_title"))
ranking_table(bottom, fw, year, key="bottom", compact=True, rows_key=(stamp, year, lang, "bottom"))
