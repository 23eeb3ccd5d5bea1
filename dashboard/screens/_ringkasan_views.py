"""The overview's parts worked out once per view and shared by every session (a page script re-runs its decorators
on every run, so they live here).

Every builder is keyed by the view stamp (data state and view), year and language; what it returns is read only.
"""

from __future__ import annotations

import streamlit as st

from dashboard.logic import ringkasan
from dashboard.logic.aggregates import compute_aggregates
from dashboard.logic.formatting import fmt_number
from dashboard.logic.funnel import compute_funnel, funnel_text
from dashboard.render import charts
from dashboard.state import data
from i18n import t
from indicators import Framework


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={Framework: lambda fw: fw.code})
def overview_view(stamp: str, year: int, lang: str, fw: Framework, _results, _engine, _viewer):
    """Return the three charts (counts, histogram, domain trend), whether a target is drawn and the top and bottom ten."""
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


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={Framework: lambda fw: fw.code})
def overview_head(stamp: str, year: int, lang: str, fw: Framework, _results, _engine, _viewer):
    """Return the national key figures (`ringkasan.Overview`), the funnel line and code → name of the year's agencies."""
    # Per view, not per session: the funnel counts and the names are over every agency of the year.
    # Counts, mean and median from the year's rows; only the year before's figures are one more (small) query.
    overview = ringkasan.compute_overview_from(data.national_figures(_engine, fw.code, _viewer, year, _results), year, fw)
    funnel = funnel_text(compute_funnel(_results), lang)
    return overview, funnel, dict(zip(_results["agency_code"], _results["agency_name"], strict=True))


@st.cache_resource(show_spinner=False, max_entries=64)
def framework_spans(stamp: str, lang: str, _engine, _viewer) -> dict[str, tuple[str, list[int]]]:
    """Return `data.framework_spans` (each framework's name and years), once per view and language."""
    return data.framework_spans(_engine, lang, _viewer)
