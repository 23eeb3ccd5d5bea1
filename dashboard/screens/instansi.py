"""Profil instansi (`/instansi?kode=CODE&tahun=YEAR`): scores, ranks, indicators, trend, path and partners."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.logic import instansi
from dashboard.logic.results import INDEX_ONLY, group_levels
from dashboard.render import report, report_pdf, widgets
from dashboard.render.formatting import fmt_index, fmt_number, fmt_signed, is_missing, level_word
from dashboard.render.scales import unanswered_legend
from dashboard.state import data
from dashboard.state.context import get_shell
from dashboard.state.urlstate import url_selectbox
from i18n import t

shell = get_shell()
fw, year, lang = shell.framework, shell.year, shell.lang
history = data.history(shell.engine, fw.code)
results = history[history["year"] == year]

st.title(t("instansi.title"))
names = dict(zip(results["agency_code"], results["agency_name"], strict=True))
codes = sorted(names, key=lambda c: names[c])
code = url_selectbox(t("filter.agency"), codes, "kode", format_func=lambda c: f"{names.get(c, c)} ({c})",
                     placeholder=t("filter.agency_hint"))
if not code:
    st.info(t("instansi.pick"))
    st.stop()

row = results[results["agency_code"] == code].iloc[0]
stage_key = f"stage.{row['stage']}" if isinstance(row["stage"], str) else "stage.final"
widgets.data_caption(year, stage_key, shell.as_of)
place = row["province_name"] if isinstance(row["province_name"], str) else t("instansi.central")
st.header(row["agency_name"])
st.caption(f"{t(f'type.{row.agency_type}')} · {place} · {t('col.code')} {code}")

own_history = history[history["agency_code"] == code].sort_values("year")
if not row["submitted"]:
    st.warning(t("instansi.not_submitted", year=year))
else:
    band = fw.rating_for(row["index"], year)

    def agency_report() -> report.AgencyReport:
        return report.build_report(history, data.final_levels(shell.engine, year, fw.code),
                                   data.agency_levels(shell.engine, year, code, fw.code), fw, year, code, lang, shell.sample,
                                   shell.as_of)

    # The one-page report for the agency head; built only when a button is clicked.
    pdf_col, xlsx_col, _ = st.columns([1, 1, 3])
    pdf_col.download_button(t("report.download_pdf"), data=lambda: report_pdf.write_report_pdf(agency_report()),
                            file_name=report.file_name(code, year, lang, "pdf", fw.code), mime="application/pdf",
                            key="report_pdf", on_click="ignore", icon=":material/picture_as_pdf:")
    xlsx_col.download_button(t("report.download_xlsx"), data=lambda: report.write_report_xlsx(agency_report()),
                             file_name=report.file_name(code, year, lang, "xlsx", fw.code), key="report_xlsx",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             on_click="ignore", icon=":material/table:")
    peers = results[(results["agency_type"] == row["agency_type"]) & results["submitted"]]
    cols = st.columns(4)
    with cols[0]:
        before = own_history[own_history["year"] < year].dropna(subset=["index"]).tail(1)
        delta = fmt_signed(row["index"] - before["index"].iloc[0], fw.decimals) if len(before) else None
        widgets.metric(t("col.index"), fmt_index(row["index"], year, fw), delta=delta)
        st.markdown(widgets.badge_html(band), unsafe_allow_html=True)
    with cols[1]:
        widgets.metric(t("instansi.rank_national"), f"{row['rank']} / {fmt_number(int(results['submitted'].sum()), 0)}",
                       delta=fmt_signed(row["rank_change"], 0) if not pd.isna(row["rank_change"]) else None,
                       help=t("col.rank_change_help"))
    with cols[2]:
        widgets.metric(t("instansi.rank_type", type=t(f"type.{row.agency_type}")),
                       f"{row['rank_type']} / {len(peers)}")
    with cols[3]:
        if not pd.isna(row.get("rank_province")):
            in_province = peers[peers["province_code"] == row["province_code"]]
            widgets.metric(t("instansi.rank_province", province=place), f"{row['rank_province']} / {len(in_province)}")

    # Scores of every level above the indicators (SPBE: domains, aspects) against the peer median and the target.
    targets = [item["index"] for item in fw.reference.get("targets", []) if item["year"] == year]
    labels = {b.slug: b.text(lang) for b in fw.rating_bands}
    titles = {"value": t("col.score"), "rating": t("col.rating"), "peer": t("instansi.peer_median")}
    if row.get("index_kind") == INDEX_ONLY:
        st.info(t("results.index_only"))
    for depth, nodes in group_levels(fw):
        key = f"level{depth}"
        codes_here = [n.code for n in nodes]
        if row[codes_here].isna().all():
            if depth > 1 and row.get("index_kind") != INDEX_ONLY:
                st.info(t("instansi.recap_only", level=level_word(fw, 1, lang)))
            continue
        medians = instansi.peer_medians(results, row["agency_type"], codes_here)
        frame = pd.DataFrame({"node": [f"{n.code} {n.label(lang)}" for n in nodes],
                              "value": row[codes_here].astype(float).to_numpy(), "peer_median": medians.to_numpy()})
        frame["rating_label"] = [labels[fw.rating_for(v, year).slug] if not is_missing(v) else "" for v in frame["value"]]
        st.subheader(t("instansi.level_scores_title", level=level_word(fw, depth, lang)))
        widgets.chart_block(data.chart_spec("score_bars_chart", frame, fw, lang, titles, max(targets) if targets else None),
                            f"{key}-{code}-{year}", key)
        st.caption(t("instansi.bars_note"))

# Indicator detail exists only for years loaded from workbooks, not from recap tables.
final = data.final_levels(shell.engine, year, fw.code)
levels = instansi.indicator_levels(final, code)
scores = data.agency_levels(shell.engine, year, code, fw.code)
if not levels:
    st.info(t("instansi.no_indicators", year=year))
else:
    table = data.level_table(scores, levels, fw, lang)
    st.subheader(t("instansi.indicators_title"))
    chart = data.chart_spec("heat_strip_chart", instansi.heat_rows(table), fw,
                            {"level": t("col.level"), "indicator": t("col.indicator")},
                            unanswered_legend(fw, t("level.unanswered")))
    widgets.chart_block(chart, f"indikator-{code}-{year}", "heat")
    stage_cols = [c for c in table.columns if c.startswith("stage_")]
    parent_label = fw.level_label(fw.depth - 1, lang) if fw.depth > 1 else t("col.index")
    config = {"aspect": parent_label, "code": t("col.code"), "name": t("col.indicator"), "level": t("col.level"),
              "level_name": t("col.level_name"), "explanation": t("col.explanation"), "evidence": t("col.evidence"),
              "justification": t("col.justification"),
              **{c: t(f"stage.{c.removeprefix('stage_')}") for c in stage_cols}}
    st.dataframe(table, hide_index=True, column_config=config, width="stretch", height=420)
    widgets.table_downloads(table, f"indikator-{code}-{year}", "levels")

    st.subheader(t("instansi.path_title"))
    steps = instansi.path_steps(levels, fw, year, lang)
    if steps is None:
        st.info(t("instansi.path_incomplete"))
    elif steps.empty:
        st.success(t("instansi.path_top"))
    else:
        goal = fw.rating_for(steps["index_after"].iloc[-1], year)
        st.markdown(t("instansi.path_intro", steps=len(steps), rating=goal.text(lang)))
        st.dataframe(steps.assign(change=[f"{a} → {b}" for a, b in zip(steps["from_level"], steps["to_level"],
                                                                         strict=True)]),
                     hide_index=True, width="stretch",
                     column_order=["step", "code", "name", "change", "index_gain", "index_after"],
                     column_config={"step": t("col.step"), "code": t("col.code"), "name": t("col.indicator"),
                                    "change": t("col.level_change"),
                                    "index_gain": st.column_config.NumberColumn(t("col.index_gain"),
                                                                                format=f"%.{fw.decimals + 1}f"),
                                    "index_after": st.column_config.NumberColumn(t("col.index_after"),
                                                                                 format=f"%.{fw.decimals + 1}f")})

    st.subheader(t("instansi.self_title"))
    compared = instansi.self_vs_final(instansi.stage_levels(scores, "mandiri"), levels, fw)
    if compared is None:
        st.info(t("instansi.no_self"))
    else:
        own, final_index, gap = compared
        cols = st.columns(3)
        cols[0].metric(t("instansi.self_index"), fmt_index(own, year, fw))
        cols[1].metric(t("instansi.final_index"), fmt_index(final_index, year, fw))
        cols[2].metric(t("instansi.self_gap"), fmt_signed(own - final_index, fw.decimals) if not is_missing(own) else "–")
        st.caption(t("instansi.self_counts", over=gap.over, under=gap.under, compared=gap.compared))

    st.subheader(t("instansi.sw_title", level=parent_label.lower()))
    sw = instansi.strengths_weaknesses(levels, fw, lang)
    st.dataframe(sw, hide_index=True, width="stretch", column_config={
        "aspect": parent_label, "score": st.column_config.NumberColumn(t("col.score"), format=f"%.{fw.decimals}f"),
        "strengths": t("col.strengths"), "weaknesses": t("col.weaknesses"), "unanswered": t("col.unanswered")})

    st.subheader(t("instansi.partners_title"))
    weakest = instansi.weakest_indicators(levels, fw)
    partners = instansi.learning_partners(final, code, weakest, results, fw)
    if partners.empty:
        st.info(t("instansi.no_partners"))
    else:
        st.caption(t("instansi.partners_note", type=t(f"type.{row.agency_type}")))
        partners = partners.assign(indicator=partners["code"].map(lambda c: f"{c} {fw.node(c).label(lang)}"))
        st.dataframe(partners, hide_index=True, width="stretch",
                     column_order=["indicator", "agency_name", "level", "index"],
                     column_config={"indicator": t("col.indicator"), "agency_name": t("col.agency"),
                                    "level": t("col.level"),
                                    "index": st.column_config.NumberColumn(t("col.index"),
                                                                           format=f"%.{fw.decimals}f")})

st.subheader(t("instansi.trend_title"))
national = history[history["submitted"]].groupby("year")["index"].mean()
trend = pd.concat([
    pd.DataFrame({"year": own_history["year"], "series": row["agency_name"], "value": own_history["index"]}),
    pd.DataFrame({"year": national.index, "series": t("instansi.national_mean"), "value": national.to_numpy()}),
]).dropna(subset=["value"])
widgets.chart_block(data.chart_spec("trend_chart", trend, fw, {"year": t("col.year"), "value": t("col.index")}),
                    f"tren-{code}", "trend")
widgets.framework_break_note(fw, data.framework_spans(shell.engine, lang), lang)

# Every framework in the store, side by side but never compared: each has its own scale and weights.
everywhere = instansi.results_in_every_framework(
    {c: data.history(shell.engine, c) for c in data.framework_years(shell.engine)},
    {c: data.get_framework(shell.engine, c) for c in data.framework_years(shell.engine)}, code, lang)
if everywhere["framework"].nunique() > 1:
    st.subheader(t("framework.other_results_title"))
    st.caption(t("framework.other_results_note"))
    everywhere = everywhere.assign(index=[fmt_number(v, d, lang) for v, d in
                                          zip(everywhere["index"], everywhere["decimals"], strict=True)])
    st.dataframe(everywhere.drop(columns="decimals"), hide_index=True, width="stretch",
                 column_config={"framework": t("framework.col"), "year": t("col.year"), "index": t("col.index"),
                                "rating": t("col.rating"), "rank": t("col.rank")})
