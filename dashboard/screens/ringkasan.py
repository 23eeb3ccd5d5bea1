"""Ringkasan nasional (`/`): national figures, rating counts, index distribution, domain trend, top and bottom ten."""

from __future__ import annotations

import streamlit as st

from dashboard.logic import ringkasan
from dashboard.logic.aggregates import compute_aggregates
from dashboard.logic.formatting import fmt_index, fmt_number, fmt_signed, level_word, plain
from dashboard.logic.funnel import compute_funnel, funnel_text
from dashboard.render import agenda, charts, widgets
from dashboard.render.tables import ranking_table
from dashboard.state import data
from dashboard.state.context import get_shell
from i18n import t
from indicators import Framework


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={Framework: lambda fw: fw.code})
def _overview_view(stamp: str, year: int, lang: str, fw: Framework, _results, _engine, _viewer):
    # The three charts and the top and bottom ten, worked out once per data state and view (`stamp` with year and
    # language says which rows `_results` are) and shared by every session: nothing may change them.
    ratings = compute_aggregates(_results, "agency_type")[1]  # from the year's rows, read already
    counts = ringkasan.rating_counts_from(ratings, fw, lambda slug: t(f"type.{slug}", lang=lang), lang)
    counts_chart = charts.chart_spec("rating_counts_chart", counts, fw, lang,
                                     {"group": t("col.type", lang=lang), "count": t("col.count", lang=lang),
                                      "rating": t("col.rating", lang=lang)})
    labels = {b.slug: b.text(lang) for b in fw.rating_bands}
    targets = [{"index": item["index"], "label": f"{item['source'].get(lang, item['source']['id'])} "
                f"({fmt_number(item['index'], fw.decimals, lang)})"}
               for item in fw.reference.get("targets", []) if item["year"] == year]
    histogram = charts.chart_spec("histogram_chart", _results[["index"]].assign(rating_label=_results["rating"].map(labels)),
                                  fw, lang, {"index": t("col.index", lang=lang), "count": t("col.count", lang=lang),
                                             "rating": t("col.rating", lang=lang)}, targets)
    means = data.node_means(_engine, fw.code, [d.code for d in fw.top_nodes], _viewer, national=True)
    trend = ringkasan.domain_trend_from(means, fw, lang, t("col.index", lang=lang))
    changes = [{"year": c["year"], "label": c["label"].get(lang, c["label"]["id"])}
               for c in fw.reference.get("method_changes", [])]
    trend_chart = charts.chart_spec("domain_trend_chart", trend, fw, {"year": t("col.year", lang=lang),
                                                                      "value": t("col.mean_value", lang=lang),
                                                                      "series": t("col.series", lang=lang)}, changes)
    return counts_chart, histogram, bool(targets), trend_chart, ringkasan.top_bottom(_results, 10)


shell = get_shell()
fw, year, lang = shell.framework, shell.year, shell.lang
# Only the year's rows (ranked in SQL) and small aggregates are read; the year's counts come from its rows.
year_rows = data.ranked_year(shell.engine, year, fw.code, shell.viewer)
own = year_rows[year_rows["agency_code"].isin(shell.viewer.agency_codes)]
results = year_rows
if not shell.viewer.is_evaluator and (year, fw.code) not in data.published(shell.engine):
    # National figures are figures of published years only: an agency's own unpublished rows are not "national".
    results = year_rows.iloc[0:0]

st.title(t("ringkasan.title", framework=fw.short_text(lang), year=year))
if not shell.viewer.is_evaluator and results.empty:
    st.info(t("ringkasan.national_unpublished", year=year))
    for _, row in own.iterrows():
        st.markdown(t("ringkasan.own_unpublished", name=plain(row["agency_name"]),
                      index=fmt_index(row["index"], year, fw) if row["submitted"] else "–"))
    st.stop()
for _, row in own[own["rank"].notna()].iterrows():  # the agency user's own place
    st.info(t("ringkasan.own_place", name=plain(row["agency_name"]), rank=fmt_number(row["rank"], 0),
              count=fmt_number(int(results["rank"].notna().sum()), 0)), icon=":material/location_on:")
agenda.present_button("ringkasan", year, lang, names=dict(zip(results["agency_code"], results["agency_name"], strict=True)))
widgets.data_caption(year, "stage.final", shell.as_of)
funnel = compute_funnel(results)
st.caption(funnel_text(funnel))

# Counts, mean and median from the year's rows read above; only the year before's mean is one more (small) query.
overview = ringkasan.compute_overview_from(data.national_figures(shell.engine, fw.code, shell.viewer, year, results),
                                           year, fw)
published = overview.published or {}
cols = st.columns(4)
with cols[0]:
    widgets.metric(t("ringkasan.evaluated"), fmt_number(overview.submitted, 0),
                   help=t("ringkasan.evaluated_help", registry=funnel_text(funnel)))
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

stamp = data.view_stamp(shell.engine, fw.code, shell.viewer)
counts_chart, histogram, has_target, trend_chart, (top, bottom) = _overview_view(
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
widgets.framework_break_note(fw, data.framework_spans(shell.engine, lang, shell.viewer), lang)

# One below the other: side by side, half the width cut a ministry's name (up to ~65 characters) at 1440 px.
st.subheader(t("ringkasan.top_title"))
ranking_table(top, fw, year, key="top", compact=True, rows_key=(stamp, year, lang, "top"))
st.subheader(t("ringkasan.bottom_title"))
ranking_table(bottom, fw, year, key="bottom", compact=True, rows_key=(stamp, year, lang, "bottom"))
