"""The profile's parts worked out once and shared by every session (a page script re-runs its decorators per run).

Each builder is keyed by the view stamp (data state and view), agency, year and language; what it returns is
read only: every session shares the same objects.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.logic import changes, instansi
from dashboard.logic.bandingkan import closest_peers
from dashboard.logic.formatting import is_missing
from dashboard.logic.results import group_levels
from dashboard.render import charts
from dashboard.render.changes import what_changed_parts
from dashboard.render.scales import unanswered_legend
from dashboard.render.tables import frozen_styler, localized, localized_table, shared_arrow
from dashboard.state import data
from i18n import t
from indicators import Framework
from ingest.vocabulary import SELF_ASSESSMENT_STAGE


@st.cache_resource(show_spinner=False, max_entries=128, hash_funcs={Framework: lambda fw: fw.code})
def path_plan(stamp: str, code: str, year: int, lang: str, fw: Framework, order: str, _levels: dict):
    """Return the agency's path to the next rating in this order (`instansi.path_plan`), shared by every session."""
    # The card and the path section ask for the same plan; one agency's plan costs ~30 ms. Keyed by the view stamp
    # with code and year (which levels these are), not by hashing the levels, and never copied per session.
    return instansi.path_plan(_levels, fw, year, lang, order)


@st.cache_resource(show_spinner=False, max_entries=128, hash_funcs={Framework: lambda fw: fw.code})
def profile_view(stamp: str, code: str, year: int, lang: str, fw: Framework, _own: pd.DataFrame,
                 _results: pd.DataFrame, _engine, _viewer):
    """Return the comparison's closest peers, what changed since the previous result (with its sentence and chart), the
    national mean per year and the agency's own index per year."""
    # Worked out from the agency's own history and the year's results, once per data state and view (`stamp` with code
    # and year says which rows these are), shared by every session (nothing may change it); the national mean per year
    # is one small query, and the agency's own (year, index) rows are taken once, not copied per session.
    since = changes.previous_year(_own, code, year)
    # The agency's other years and this year's results: every row `compute_what_changed` reads of a history.
    rows = pd.concat([_own[_own["year"] != year], _results], ignore_index=True)
    what = None if since is None else changes.compute_what_changed(
        rows, instansi.indicator_levels(data.agency_final(_engine, since, code, fw.code, _viewer), code),
        data.profile_parts(_engine, year, code, fw.code, _viewer).levels, code, year, fw)
    means = data.node_means(_engine, fw.code, [], _viewer)
    own = _own[["year", "index"]].sort_values("year")
    return (closest_peers(_results, code), what, None if what is None else what_changed_parts(what, fw, lang),
            means.set_index("year")["index"], own)


@st.cache_resource(show_spinner=False, max_entries=128, hash_funcs={Framework: lambda fw: fw.code})
def strengths_table(stamp: str, code: str, year: int, lang: str, fw: Framework, parent_label: str, _levels: dict):
    """Return the strengths and weaknesses table as a frozen Styler, shared by every session."""
    # The strengths and weaknesses table as a Styler rendered once, shared by every session (see `frozen_styler`).
    sw = instansi.strengths_weaknesses(_levels, fw, lang)
    sw_headers = {"aspect": parent_label, "score": t("col.score", lang=lang), "strengths": t("col.strengths", lang=lang),
                  "weaknesses": t("col.weaknesses", lang=lang), "unanswered": t("col.unanswered", lang=lang)}
    return frozen_styler(localized(sw.rename(columns=sw_headers), fw.decimals, lang).hide(axis="index"), "tera-sw")


@st.cache_resource(show_spinner=False, max_entries=128, hash_funcs={Framework: lambda fw: fw.code})
def indicator_view(stamp: str, code: str, year: int, lang: str, fw: Framework, detail: bool, _scores: pd.DataFrame,
                   _levels: dict):
    """Return the indicator table, its heat strip, its screen text and the self-assessment comparison."""
    # The indicator table as shown and downloaded, its heat strip, the table's screen text and the self-assessment
    # comparison, once per data state and view (`stamp` with code and year says which scores these are).
    table = instansi.visible_level_columns(data.level_table(_scores, _levels, fw, lang), detail)
    chart = charts.chart_spec("heat_strip_chart", instansi.heat_rows(table), fw,
                              {"level": t("col.level", lang=lang), "indicator": t("col.indicator", lang=lang)},
                              unanswered_legend(fw, t("level.unanswered", lang=lang)))
    compared = instansi.self_vs_final(instansi.stage_levels(_scores, SELF_ASSESSMENT_STAGE), _levels, fw)
    return table, chart, shared_arrow(localized_table(table, 0, lang, fractions=fw.decimals)), compared


@st.cache_resource(show_spinner=False, max_entries=128, hash_funcs={Framework: lambda fw: fw.code})
def level_charts(stamp: str, code: str, year: int, lang: str, fw: Framework, _row: pd.Series, _medians: pd.Series):
    """Return (depth, score bars chart or None) for every level above the indicators."""
    # Per level above the indicators, its score bars against the peer median and the target (None: no scores at that
    # level), once per data state and view (`stamp` with code and year says which row and medians these are),
    # shared by every session (nothing may change them).
    targets = [item["index"] for item in fw.reference.get("targets", []) if item["year"] == year]
    labels = {b.slug: b.text(lang) for b in fw.rating_bands}
    titles = {"value": t("col.score", lang=lang), "rating": t("col.rating", lang=lang),
              "peer": t("instansi.peer_median", lang=lang), "target": t("chart.target", lang=lang, year=year)}
    found = []
    for depth, nodes in group_levels(fw):
        codes_here = [n.code for n in nodes]
        if _row[codes_here].isna().all():
            found.append((depth, None))
            continue
        frame = pd.DataFrame({"node": [f"{n.code} {n.label(lang)}" for n in nodes],
                              "value": _row[codes_here].astype(float).to_numpy(),
                              "peer_median": _medians.reindex(codes_here).to_numpy()})
        frame["rating_label"] = [labels[fw.rating_for(v, year).slug] if not is_missing(v) else "" for v in frame["value"]]
        found.append((depth, charts.chart_spec("score_bars_chart", frame, fw, lang, titles,
                                               max(targets) if targets else None)))
    return found


@st.cache_resource(show_spinner=False, max_entries=32)
def year_agencies(stamp: str, year: int, _results: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """Return the year's rows (`data.ranked_year`), code → name and the codes in name order, shared by every session."""
    # Once per data state, view and year (`stamp` with year says which rows `_results` are), not sorted per run.
    names = dict(zip(_results["agency_code"], _results["agency_name"], strict=True))
    return _results, names, sorted(names, key=lambda c: names[c])


@st.cache_resource(show_spinner=False, max_entries=256)
def agency_row(stamp: str, year: int, code: str, _results: pd.DataFrame) -> pd.Series:
    """Return the agency's row of the year (`year_agencies`' rows), shared by every session."""
    # Taken once per view: picking one row out of every column of the year's rows cost more than the figures it gives.
    return _results[_results["agency_code"] == code].iloc[0]


@st.cache_resource(show_spinner=False, max_entries=128, hash_funcs={Framework: lambda fw: fw.code})
def trend_chart(stamp: str, code: str, lang: str, fw: Framework, name: str, _own: pd.DataFrame, _national: pd.Series):
    """Return the chart of the agency's index per year beside the national mean, shared by every session."""
    # Keyed by the view stamp and code (which rows `_own` and `_national` are), not by hashing the frame per run.
    trend = pd.concat([
        pd.DataFrame({"year": _own["year"], "series": name, "value": _own["index"]}),
        pd.DataFrame({"year": _national.index, "series": t("instansi.national_mean", lang=lang),
                      "value": _national.to_numpy()}),
    ]).dropna(subset=["value"])
    return charts.chart_spec("trend_chart", trend, fw, {"year": t("col.year", lang=lang), "value": t("col.index", lang=lang)})


@st.cache_resource(show_spinner=False, max_entries=256)
def ranked_counts(stamp: str, year: int, agency_type: str, province_code: object, _results: pd.DataFrame):
    """Return how many agencies of the year have an index: in all, of this type, of this type in this province."""
    submitted = _results[_results["submitted"]]
    peers = submitted[submitted["agency_type"] == agency_type]
    return len(submitted), len(peers), int((peers["province_code"] == province_code).sum())
