"""Profil instansi (`/instansi?kode=CODE&tahun=YEAR&bagian=SECTION`): header and key figures, then one section.

The sections (at a glance, scores, path, indicators, partners, trend) are chosen with a control whose code is in the
URL (`bagian`), so each is a link to share; only the chosen one is worked out and sent to the browser.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.logic import changes, instansi
from dashboard.logic.formatting import fmt_index, fmt_number, fmt_signed, is_missing, level_word, plain
from dashboard.logic.funnel import status_text
from dashboard.logic.ranks import compute_rank_move
from dashboard.logic.results import INDEX_ONLY
from dashboard.render import account, agenda, report, report_pdf, widgets
from dashboard.render import changes as render_changes
from dashboard.render import commitments as render_commitments
from dashboard.render.tables import localized_table
from dashboard.screens import _instansi_views as views
from dashboard.state import data
from dashboard.state.context import get_shell
from dashboard.state.urlstate import url_agency_picker, url_segmented
from i18n import t
from ingest.access import save_audit
from ingest.vocabulary import UNPUBLISHED

shell = get_shell()
fw, year, lang = shell.framework, shell.year, shell.lang
stamp = data.view_stamp(shell.engine, fw.code, shell.viewer)
results = data.ranked_year(shell.engine, year, fw.code, shell.viewer)  # only this year's rows (and the year before's rank bases)
results, names, codes = views.year_agencies(stamp, year, results)

st.title(t("instansi.title"))
asked = st.query_params.get("kode")
# One control: typing "Kab. Banyuwangi", "Pemkot Madiun" or a code into the picker finds the agency.
code = url_agency_picker(results, codes, "kode", container=st.columns([2, 1])[0], rows_key=(stamp, year))
if not code:
    if asked and asked not in names and not shell.viewer.is_evaluator:  # a link this viewer may not see: say so
        st.info(t("masuk.not_visible", code=plain(asked), year=year))
        if st.session_state.get("_tera_refused") != (asked, year):  # once per link, not on every rerun
            st.session_state["_tera_refused"] = (asked, year)
            save_audit(shell.engine, shell.viewer.label(), "access-refused",
                       {"kode": asked[:40], "year": year, "framework": fw.code}, "page: instansi")
        account.sign_in_prompt(shell.viewer)
    else:
        st.info(t("instansi.pick"))
    st.stop()
detail = shell.viewer.sees_detail(code)

row = views.agency_row(stamp, year, code, results)
# One label for the stage an index comes from on every page; the stages that gave its values follow.
widgets.data_caption(year, "stage.final", shell.as_of)
place = row["province_name"] if isinstance(row["province_name"], str) else t("instansi.central")
st.header(row["agency_name"])
st.caption(f"{t(f'type.{row.agency_type}')} · {place} · {t('col.code')} {code}")
if not detail:  # the published part only: say that signing in shows the agency's own detail
    account.sign_in_prompt(shell.viewer)
parts = data.profile_parts(shell.engine, year, code, fw.code, shell.viewer)
levels = parts.levels
own_history = data.agency_history(shell.engine, fw.code, code, shell.viewer)  # its rows of every year only
if parts.sources and row["submitted"]:
    st.caption(t("instansi.stage_sources", stages=", ".join(t(f"stage.{s}") for s in parts.sources)))
# One row of actions (present, compare, the report downloads below), each as wide as its label, so the summary card
# stays on the first screen at 1440×900; the row wraps on a phone.
actions = st.container(horizontal=True, vertical_alignment="center")
with actions:
    agenda.present_button("instansi", year, lang, [code], names)
    # The comparison opens with this agency and its closest peers (same type, nearest index), never empty.
    peers_near, what, what_parts, national, own_history = views.profile_view(stamp, code, year, lang, fw, own_history,
                                                                             results, shell.engine, shell.viewer)
    compare = [code, *peers_near]
    st.page_link("screens/bandingkan.py", label=t("instansi.compare", n=len(compare) - 1),
                 icon=":material/compare_arrows:",
                 query_params=[*(("kode", c) for c in compare), ("tahun", str(year)), ("kerangka", fw.code),
                               *((("lang", lang),) if lang != "id" else ())])

if row["index_status"] == UNPUBLISHED:  # another agency's unpublished state: no stage, reason or review mark
    st.info(t("funnel.unpublished_notice", year=year))
elif row["index_status"] == "not_submitted":
    st.warning(t("instansi.not_submitted", year=year))
elif not row["submitted"]:
    st.warning(t("instansi.no_index", year=year, reason=status_text(row)))
else:
    band = fw.rating_for(row["index"], year)

    def agency_report() -> report.AgencyReport:
        history = data.history(shell.engine, fw.code, shell.viewer)  # the whole history only when a report is asked
        since = changes.previous_year(history, code, year)
        # The agency's own final values and the partners the page found: the report reads no other agency's rows.
        return report.build_report(history, data.agency_final(shell.engine, year, code, fw.code, shell.viewer),
                                   data.agency_levels(shell.engine, year, code, fw.code, shell.viewer), fw, year, code, lang, shell.sample,
                                   shell.as_of,
                                   levels_before=None if since is None else instansi.indicator_levels(
                                       data.agency_final(shell.engine, since, code, fw.code, shell.viewer), code),
                                   commitments=data.commitments(shell.engine, shell.viewer), partners=parts.partners)

    # The one-page report for the agency head; built only when a button is clicked.
    # In the row of actions, each as wide as its label (fixed columns cut "Unduh angka lapora…" at 1440 px).
    pdf_col = xlsx_col = actions
    pdf_col.download_button(t("report.download_pdf"), data=lambda: report_pdf.write_report_pdf(agency_report()),
                            file_name=report.file_name(code, year, lang, "pdf", fw.code), mime="application/pdf",
                            key="report_pdf", on_click="ignore", icon=":material/picture_as_pdf:")
    xlsx_col.download_button(t("report.download_xlsx"), data=lambda: report.write_report_xlsx(agency_report()),
                             file_name=report.file_name(code, year, lang, "xlsx", fw.code), key="report_xlsx",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             on_click="ignore", icon=":material/table:")
    ranked, of_type, in_province = views.ranked_counts(stamp, year, row["agency_type"], row["province_code"], results)
    cols = st.columns(4)
    with cols[0]:
        earlier = [v for y, v in zip(own_history["year"], own_history["index"], strict=True) if y < year and not is_missing(v)]
        change = row["index"] - earlier[-1] if earlier else None
        widgets.metric(t("col.index"), fmt_index(row["index"], year, fw),
                       delta=fmt_signed(change, fw.decimals) if change is not None else None,
                       direction=widgets.change_direction(change, fw.decimals))
        st.markdown(widgets.badge_html(band), unsafe_allow_html=True)
    with cols[1]:
        move = compute_rank_move(row["rank_change"])
        widgets.metric(t("instansi.rank_national"), f"{fmt_number(row['rank'], 0)} / {fmt_number(ranked, 0)}",
                       delta=move.text if move else None, direction=move.direction if move else None,
                       help=t("col.rank_change_help"))
    with cols[2]:
        widgets.metric(t("instansi.rank_type", type=t(f"type.{row.agency_type}")),
                       f"{fmt_number(row['rank_type'], 0)} / {of_type}")
    with cols[3]:
        if not pd.isna(row.get("rank_province")):
            widgets.metric(t("instansi.rank_province", province=place), f"{row['rank_province']} / {in_province}")
    if row.get("index_kind") == INDEX_ONLY:
        st.info(t("results.index_only"))
if not levels:
    st.info(t("instansi.no_indicators", year=year))

# Only the chosen section is worked out and sent: the whole profile was ~125 elements (~190 KB) per session.
sections = instansi.profile_sections(bool(row["submitted"]), bool(levels))
section = url_segmented(t("instansi.section"), sections, "bagian", format_func=lambda s: t(f"instansi.section_{s}"),
                        default=sections[0], label_visibility="collapsed")


if section == "ringkas":
    # The first screen under the key figures: on the left the round's commitments, the path to the next rating summed
    # up (where the head of agency looks first) and the evaluator's quick form; on the right what changed and why.
    # On a phone they stack, the short cards first.
    first_col, change_col = st.columns([1, 2])
    with first_col:
        render_commitments.commitment_card(data.commitments(shell.engine, shell.viewer), code, year,
                                           link=f"komitmen?{urlencode({'cari': code})}")
        card = views.path_plan(stamp, code, year, lang, fw, "fewest", levels)
        if card is not None and not card[0].empty:
            grouped, raises, threshold = card
            with st.container(border=True):
                st.markdown(t("instansi.path_card", steps=raises, indicators=len(grouped),
                              rating=fw.rating_for(grouped["index_after"].iloc[-1], year).text(lang),
                              target=fmt_number(threshold, fw.decimals)))
                # The card's "more" opens the path section (its own link, like every section).
                st.page_link("screens/instansi.py", label=t("instansi.path_title"), icon=":material/arrow_forward:",
                             query_params=[("kode", code), ("tahun", str(year)), ("kerangka", fw.code),
                                           ("bagian", "jalan"), *((("lang", lang),) if lang != "id" else ())])
        render_commitments.commitment_form(shell.engine, shell.viewer, {code: row["agency_name"]}, fw, year,
                                           lambda _code: levels, f"komitmen_{code}", "page: instansi")
    if what is not None:
        with change_col:
            render_changes.what_changed_block(what, fw, lang, f"{code}-{year}", what_parts)

elif section == "skor":
    # Scores of every level above the indicators (SPBE: domains, aspects) against the peer median and the target.
    for depth, chart in views.level_charts(stamp, code, year, lang, fw, row, parts.peer_medians):
        key = f"level{depth}"
        if chart is None:
            if depth > 1 and row.get("index_kind") != INDEX_ONLY:
                st.info(t("instansi.recap_only", level=level_word(fw, 1, lang)))
            continue
        st.subheader(t("instansi.level_scores_title", level=level_word(fw, depth, lang)))
        widgets.chart_block(chart, f"{key}-{code}-{year}", key)
        st.caption(t("instansi.bars_note"))

elif section == "jalan":
    st.subheader(t("instansi.path_title"))
    order = st.segmented_control(t("instansi.path_order"), instansi.PATH_ORDERS, key="urutan", default="fewest",
                                 format_func=lambda o: t(f"instansi.path_order_{o}")) or "fewest"
    plan = views.path_plan(stamp, code, year, lang, fw, order, levels)
    if plan is None:
        st.info(t("instansi.path_incomplete"))
    elif plan[0].empty:
        st.success(t("instansi.path_top"))
    else:
        grouped, raises, _ = plan
        goal = fw.rating_for(grouped["index_after"].iloc[-1], year)
        st.markdown(t("instansi.path_grouped_intro", indicators=len(grouped), steps=raises, rating=goal.text(lang)))
        if order == "weakest":
            st.caption(t("instansi.path_weakest_note"))
        shown = grouped.assign(
            indicator=grouped["code"] + " " + grouped["name"], aspect_code=grouped["aspect"].str.split(" ").str[0],
            change=[f"{a} → {b}" for a, b in zip(grouped["from_level"], grouped["to_level"], strict=True)],
            gain=grouped["index_gain"].map(lambda v: "+" + fmt_number(v, fw.decimals)),
            # As everywhere: the framework's decimals, one more (truncated) where rounding would reach the next band.
            index_after=grouped["index_after"].map(lambda v: fmt_index(v, year, fw)))
        # Only the shown columns go to the Styler: Streamlit rewrites every column's display values.
        path_columns = ["indicator", "aspect_code", "change", "raises", "gain", "index_after"]
        path_labels = {"aspect_code": t("col.aspect"), "change": t("col.level_change"), "raises": t("col.steps"),
                       "gain": t("col.index_gain"), "index_after": t("col.index_after")}
        if widgets.maybe_phone():  # cards for a phone only: a desk's browser shows the table at every width
            widgets.table_cards("path", [(r["indicator"], [(label, str(r[c])) for c, label in path_labels.items()])
                                         for _, r in shown.iterrows()])
        with st.container(key="wide-path"):
            st.dataframe(localized_table(shown[path_columns], fw.decimals), hide_index=True, width="stretch",
                         height=min(len(shown), instansi.PATH_SCREEN_ROWS) * 35 + 38,
                         column_order=path_columns,
                         column_config={"indicator": st.column_config.TextColumn(t("col.indicator"), width=300, pinned=True),
                                        "aspect_code": st.column_config.TextColumn(t("col.aspect"), width=60),
                                        "change": st.column_config.TextColumn(t("col.level_change"), width=120),
                                        "raises": st.column_config.NumberColumn(t("col.steps"), width=76),
                                        "gain": st.column_config.TextColumn(t("col.index_gain"), width=120),
                                        "index_after": st.column_config.TextColumn(t("col.index_after"), width=140,
                                                                                   alignment="right")})
        linked = grouped.dropna(subset=["serves"])
        for base, practice in zip(linked["code"], linked["serves"], strict=True):
            st.caption(t("instansi.path_link", base=base, practice=practice))
        if len(linked) and fw.needs_note:
            st.caption(plain(fw.needs_note.get(lang) or fw.needs_note["id"]))
        widgets.table_downloads(grouped, f"jalan-{code}-{year}-{order}", "path", decimals=fw.decimals)
    # Today's levels against the framework's links: a note on the data, never an error.
    for practice, base, own, under in instansi.link_breaches(levels, fw):
        st.caption(t("instansi.link_breach", practice=practice, base=base, level=fmt_number(own, fw.decimals),
                     base_level=fmt_number(under, fw.decimals)))

elif section == "indikator":
    # Indicator detail exists only for years loaded from workbooks, not from recap tables.
    scores = data.agency_levels(shell.engine, year, code, fw.code, shell.viewer)
    table, chart, table_text, compared = views.indicator_view(stamp, code, year, lang, fw, detail, scores, levels)
    st.subheader(t("instansi.indicators_title"))
    widgets.chart_block(chart, f"indikator-{code}-{year}", "heat")
    stage_cols = [c for c in table.columns if c.startswith("stage_")]
    parent_label = fw.level_label(fw.depth - 1, lang) if fw.depth > 1 else t("col.index")
    config = {"aspect": parent_label, "code": t("col.code"), "name": t("col.indicator"), "level": t("col.level"),
              "level_name": t("col.level_name"), "raw_value": t("col.raw_value"), "explanation": t("col.explanation"),
              "evidence": t("col.evidence"),
              "justification": t("col.justification"),
              **{c: t(f"stage.{c.removeprefix('stage_')}") for c in stage_cols}}
    st.dataframe(table_text, hide_index=True, column_config=config,
                 width="stretch", height=420, placeholder="–")
    widgets.table_downloads(table, f"indikator-{code}-{year}", "levels")

    st.subheader(t("instansi.self_title"))
    if not detail:
        st.caption(t("masuk.self_hidden"))
    elif compared is None:
        st.info(t("instansi.no_self"))
    else:
        own, final_index, gap = compared
        cols = st.columns(3)
        cols[0].metric(t("instansi.self_index"), fmt_index(own, year, fw))
        cols[1].metric(t("instansi.final_index"), fmt_index(final_index, year, fw))
        cols[2].metric(t("instansi.self_gap"), fmt_signed(own - final_index, fw.decimals)
                       if not is_missing(own) and not is_missing(final_index) else "–")
        st.caption(t("instansi.self_counts", over=gap.over, under=gap.under, compared=gap.compared))

    st.subheader(t("instansi.sw_title", level=parent_label.lower()))
    # A static table wraps the long indicator lists instead of cutting "Kelemahan" at the column edge.
    st.table(views.strengths_table(stamp, code, year, lang, fw, parent_label, levels))

elif section == "mitra":
    st.subheader(t("instansi.partners_title"))
    partners = parts.partners
    if partners.empty:
        st.info(t("instansi.no_partners"))
    else:
        st.caption(t("instansi.partners_note", type=t(f"type.{row.agency_type}")))
        partners = partners.assign(indicator=partners["code"].map(lambda c: f"{c} {fw.node(c).label(lang)}"))
        partner_columns = ["indicator", "agency_name", "level", "index"]
        shown_partners = localized_table(partners[partner_columns], {"level": 0, "index": fw.decimals},
                                         fractions=fw.decimals)
        if widgets.maybe_phone():  # one card per indicator naming its partner agencies (the table shows the indicator)
            widgets.table_cards("partners", [
                (indicator, [(name, f"{t('col.level')} {fmt_number(level, 0 if float(level).is_integer() else fw.decimals)}"
                              f" · {t('col.index')} {fmt_index(index, year, fw)}")
                             for name, level, index in zip(group["agency_name"], group["level"], group["index"], strict=True)])
                for indicator, group in partners.groupby("indicator", sort=False)])
        with st.container(key="wide-partners"):
            st.dataframe(shown_partners, hide_index=True, width="stretch", column_order=partner_columns, placeholder="–",
                         column_config={"indicator": t("col.indicator"), "agency_name": t("col.agency"),
                                        "level": t("col.level"),
                                        "index": st.column_config.TextColumn(t("col.index"), alignment="right")})

else:  # "tren": the index over the years, the results in other frameworks and the agency's own files
    st.subheader(t("instansi.trend_title"))
    widgets.chart_block(views.trend_chart(stamp, code, lang, fw, row["agency_name"], own_history, national),
                        f"tren-{code}", "trend")
    widgets.framework_break_note(fw, data.framework_spans(shell.engine, lang, shell.viewer), lang)

    # Every framework in the store, side by side but never compared: each has its own scale and weights.
    everywhere = data.results_everywhere(shell.engine, code, shell.viewer, lang)
    if everywhere["framework"].nunique() > 1:
        st.subheader(t("framework.other_results_title"))
        st.caption(t("framework.other_results_note"))
        everywhere = everywhere.assign(index=[fmt_number(v, d, lang) for v, d in
                                              zip(everywhere["index"], everywhere["decimals"], strict=True)])
        st.dataframe(everywhere.drop(columns="decimals"), hide_index=True, width="stretch",
                     column_config={"framework": t("framework.col"), "year": t("col.year"), "index": t("col.index"),
                                    "rating": t("col.rating"), "rank": t("col.rank")})

    if detail:  # the agency's own files and revisions (evaluators and the agency's users)
        revisions = data.agency_revisions(shell.engine, code, shell.viewer)
        with st.expander(t("masuk.revisions_title", count=len(revisions))):
            st.dataframe(revisions.assign(stage=revisions["stage"].map(lambda s: t(f"stage.{s}"))), hide_index=True,
                         width="stretch", column_config={
                             "year": st.column_config.NumberColumn(t("col.year"), format="%d"),
                             "stage": t("kualitas_data.col_stage"), "revision": t("kualitas_data.col_revision"),
                             "is_current": t("kualitas_data.col_current"), "complete": t("kualitas_data.col_status"),
                             "original_name": t("kualitas_data.col_file"),
                             "uploaded_by": t("kualitas_data.col_uploaded_by"),
                             "uploaded_at": t("kualitas_data.col_uploaded_at"), "file_id": t("kualitas_data.col_file_id")})
