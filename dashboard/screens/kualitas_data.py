"""Kualitas data (`/kualitas-data?tahun=YEAR&tahap=STAGE&kode=CODE`): what the store holds and how sound it is.

Who submitted what per stage, who did not ("tidak mengisi"), incomplete submissions, rejected files
with their located problems, warnings on loaded files, one agency's file and revision history, and
the self-assessment gap per agency.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.logic import kualitas_data
from dashboard.logic.formatting import fmt_number, fmt_signed
from dashboard.logic.funnel import compute_funnel, funnel_text, status_text
from dashboard.logic.results import registry_for_year
from dashboard.render import widgets
from dashboard.state import data
from dashboard.state.context import get_shell
from dashboard.state.urlstate import url_agency_picker, url_selectbox
from i18n import t
from ingest.vocabulary import SELF_ASSESSMENT_STAGE

shell = get_shell()
fw, year, lang = shell.framework, shell.year, shell.lang
if not shell.viewer.is_evaluator:  # the page is listed only for evaluators; a typed URL gets nothing
    st.stop()
agencies, files, submissions_all = data.store_frames(shell.engine, shell.viewer)
results = data.year_results(shell.engine, year, fw.code, shell.viewer)
names = dict(zip(agencies["code"], agencies["name"], strict=True))

st.title(t("kualitas_data.title", year=year))
widgets.data_caption(year, "stage.final", shell.as_of)
st.caption(t("kualitas_data.intro"))

current = submissions_all[submissions_all["is_current"].astype(bool) & (submissions_all["year"] == year)
                          & (submissions_all["framework_code"] == fw.code)]
# The agencies expected are those taking part in this framework (the results list them), not the whole registry.
registry = registry_for_year(agencies, year).rename(columns={"code": "agency_code", "name": "agency_name",
                                                             "type": "agency_type"})
registry = registry[registry["agency_code"].isin(results["agency_code"])]
province_of = results.drop_duplicates("province_code").set_index("province_code")["province_name"]
registry = registry.assign(province_name=registry["province_code"].map(province_of))
matrix = kualitas_data.stage_matrix(registry, current)
stages = kualitas_data.stages_present(current)
year_files = kualitas_data.files_of_year(files, submissions_all, year)
rejected = kualitas_data.file_problems(files, outcome="rejected", lang=lang)
warnings = kualitas_data.file_problems(year_files, severity="warning", outcome="loaded", lang=lang)
dropped = kualitas_data.dropped_indicators(current, names)
incomplete = kualitas_data.incomplete_submissions(current, names)

# The same funnel as every other page, from the same results rows; the stage table below counts submissions.
funnel = compute_funnel(results)
st.caption(funnel_text(funnel))
cols = st.columns(5)
with cols[0]:
    widgets.metric(t("funnel.evaluated"), fmt_number(funnel.evaluated, 0), help=t("kualitas_data.registry_help"))
with cols[1]:
    widgets.metric(t("funnel.took_part"), fmt_number(funnel.took_part, 0))
with cols[2]:
    widgets.metric(t("funnel.complete"), fmt_number(funnel.complete, 0))
with cols[3]:
    widgets.metric(t("funnel.scored"), fmt_number(funnel.scored, 0))
with cols[4]:
    widgets.metric(t("kualitas_data.rejected_files"), fmt_number(int((files["outcome"] == "rejected").sum()), 0),
                   help=t("kualitas_data.rejected_help"))

# --- who submitted what ---------------------------------------------------------------------------
st.subheader(t("kualitas_data.stages_title"))
if stages:
    counts = kualitas_data.stage_counts(matrix, stages)
    st.dataframe(counts.assign(stage=counts["stage"].map(lambda s: t(f"stage.{s}"))), hide_index=True,
                 column_config={"stage": t("kualitas_data.col_stage"), "submitted": t("kualitas_data.col_given"),
                                "missing": t("kualitas_data.col_not_given")})
stage = url_selectbox(t("kualitas_data.stage_filter"), ["", *stages], "tahap", default="",
                      format_func=lambda s: t(f"stage.{s}") if s else t("kualitas_data.any_stage"))
# An agency's status is its index status: complete only when it has an index, else why not.
statuses = {code: status_text(row) or t("kualitas_data.status_complete")
            for code, row in results.set_index("agency_code").iterrows()}
view = matrix.assign(type=matrix["agency_type"].map(lambda s: t(f"type.{s}")),
                     province=matrix["province_name"].fillna("–"),
                     **{s: [f"✓ {t('kualitas_data.revision_short', n=int(v))}" if not pd.isna(v) else "–" for v in matrix[s]]
                        for s in stages},
                     status=matrix["agency_code"].map(statuses).fillna(t("kualitas_data.status_none")))
st.dataframe(view, hide_index=True, width="stretch", height=360,
             # The status says why an agency has no index, so it comes before the stage columns, wide.
             column_order=["agency_code", "agency_name", "status", "type", "province", *stages],
             column_config={"agency_code": st.column_config.TextColumn(t("col.code"), width=64),
                            "agency_name": st.column_config.TextColumn(t("col.agency"), width=230, pinned=True),
                            "type": t("col.type"), "province": t("col.province"),
                            "status": st.column_config.TextColumn(t("kualitas_data.col_status"), width=330),
                            **{s: st.column_config.TextColumn(t(f"stage.{s}"), width=110) for s in stages}})
widgets.table_downloads(matrix, f"pengiriman-{year}", "quality_matrix")

# --- who did not ----------------------------------------------------------------------------------
missing = kualitas_data.non_submitters(matrix, stage or None)
st.subheader(t("kualitas_data.missing_title", stage=t(f"stage.{stage}") if stage else t("kualitas_data.any_stage").lower()))
if missing.empty:
    st.success(t("kualitas_data.none_missing"))
else:
    st.caption(t("kualitas_data.missing_note", count=fmt_number(len(missing), 0)))
    st.dataframe(missing.assign(type=missing["agency_type"].map(lambda s: t(f"type.{s}")),
                                status=t("not_submitted")),
                 hide_index=True, width="stretch", height=300 if len(missing) > 8 else "auto",
                 column_order=["agency_code", "agency_name", "type", "province_name", "status"],
                 column_config={"agency_code": t("col.code"), "agency_name": t("col.agency"), "type": t("col.type"),
                                "province_name": t("col.province"), "status": t("kualitas_data.col_status")})
    widgets.table_downloads(missing[["agency_code", "agency_name", "agency_type", "province_name"]],
                            f"tidak-mengisi-{year}", "quality_missing")

# --- incomplete -----------------------------------------------------------------------------------
st.subheader(t("kualitas_data.incomplete_title"))
if incomplete.empty:
    st.success(t("kualitas_data.none_incomplete"))
else:
    st.caption(t("funnel.incomplete_note", agencies=fmt_number(incomplete["agency_code"].nunique(), 0),
                 submissions=fmt_number(len(incomplete), 0)))
    st.dataframe(incomplete.assign(stage=incomplete["stage"].map(lambda s: t(f"stage.{s}"))), hide_index=True,
                 width="stretch", column_order=["agency_code", "agency_name", "stage", "revision", "missing_count",
                                                "missing"],
                 column_config={"agency_code": t("col.code"), "agency_name": t("col.agency"),
                                "stage": t("kualitas_data.col_stage"), "revision": t("kualitas_data.col_revision"),
                                "missing_count": t("kualitas_data.col_missing_count"), "missing": t("kualitas_data.col_missing")})
    widgets.table_downloads(incomplete, f"tidak-lengkap-{year}", "quality_incomplete")

problem_config = {"file": t("kualitas_data.col_file"), "uploaded_at": st.column_config.DatetimeColumn(
    t("kualitas_data.col_uploaded_at"), format="DD-MM-YYYY HH:mm"), "severity": t("kualitas_data.col_severity"),
    "type_label": t("kualitas_data.col_type"), "sheet": t("kualitas_data.col_sheet"), "cell": t("kualitas_data.col_cell"),
    "value": t("kualitas_data.col_value"),
    # The fix instruction is what a reader needs: pinned and wide so it is never cut off.
    "message": st.column_config.TextColumn(t("kualitas_data.col_message"), width=520, pinned=True)}


def _with_type_label(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(type_label=frame["type"].map(kualitas_data.problem_label),
                        severity=frame["severity"].map(lambda s: t(f"kualitas_data.severity.{s}")))


# A short list is drawn as a static table so the whole fix instruction wraps instead of being cut.
WRAPPED_ROWS = 40


def _problem_table(frame: pd.DataFrame, columns: list[str]) -> None:
    if len(frame) > WRAPPED_ROWS:
        st.dataframe(frame, hide_index=True, width="stretch", height=320, column_order=columns,
                     column_config=problem_config)
        return
    headers = {"message": t("kualitas_data.col_message"), "file": t("kualitas_data.col_file"),
               "sheet": t("kualitas_data.col_sheet"), "cell": t("kualitas_data.col_cell"),
               "type_label": t("kualitas_data.col_type"), "value": t("kualitas_data.col_value")}
    st.table(frame[columns].rename(columns=headers).style.hide(axis="index"))


# --- rejected files -------------------------------------------------------------------------------
st.subheader(t("kualitas_data.rejected_title"))
if rejected.empty:
    st.success(t("kualitas_data.none_rejected"))
else:
    st.caption(t("kualitas_data.rejected_note"))
    _problem_table(_with_type_label(rejected), ["message", "file", "sheet", "cell", "type_label", "value"])
    widgets.table_downloads(rejected, "berkas-ditolak", "quality_rejected")

# --- warnings -------------------------------------------------------------------------------------
st.subheader(t("kualitas_data.warnings_title"))
if warnings.empty:
    st.success(t("kualitas_data.none_warnings"))
else:
    published = warnings[warnings["type"].isin(kualitas_data.PUBLISHED_TYPES)]
    by_type = warnings.groupby("type").size()
    st.caption(" · ".join(f"{kualitas_data.problem_label(k)}: {fmt_number(int(v), 0)}" for k, v in by_type.items()))
    if not published.empty:
        st.caption(t("kualitas_data.published_note"))
    _problem_table(_with_type_label(warnings), ["message", "file", "sheet", "cell", "type_label", "value"])
    widgets.table_downloads(warnings, f"peringatan-{year}", "quality_warnings")

# --- indicators a new revision no longer answers -----------------------------------------------------
if not dropped.empty:
    st.subheader(t("results.dropped_title"))
    st.caption(t("results.dropped_note"))
    st.dataframe(dropped.assign(stage=dropped["stage"].map(lambda s: t(f"stage.{s}"))), hide_index=True, width="stretch",
                 column_config={"agency_code": t("col.code"), "agency_name": t("col.agency"),
                                "stage": t("kualitas_data.col_stage"), "revision": t("kualitas_data.col_revision"),
                                "dropped": t("results.col_dropped")})
    widgets.table_downloads(dropped, f"indikator-hilang-{year}", "quality_dropped")

# --- one agency's history -------------------------------------------------------------------------
st.subheader(t("kualitas_data.history_title"))
history_codes = sorted(set(submissions_all["agency_code"]), key=lambda c: names.get(c, c))
code = url_agency_picker(agencies.rename(columns={"code": "agency_code", "name": "agency_name", "type": "agency_type"}),
                        history_codes, "kode")
if code:
    own = kualitas_data.agency_history(submissions_all, files, code)
    st.dataframe(own.assign(stage=own["stage"].map(lambda s: t(f"stage.{s}")),
                            is_current=own["is_current"].map(lambda v: t("kualitas_data.current") if v else t("kualitas_data.replaced")),
                            complete=own["complete"].map(lambda v: t("kualitas_data.status_complete") if v else
                                                         t("kualitas_data.status_incomplete"))),
                 hide_index=True, width="stretch",
                 column_config={"year": st.column_config.NumberColumn(t("col.year"), format="%d"),
                                "stage": t("kualitas_data.col_stage"), "revision": t("kualitas_data.col_revision"),
                                "is_current": t("kualitas_data.col_current"), "complete": t("kualitas_data.col_status"),
                                "original_name": t("kualitas_data.col_file"), "uploaded_by": t("kualitas_data.col_uploaded_by"),
                                "uploaded_at": problem_config["uploaded_at"], "file_id": t("kualitas_data.col_file_id")})
    widgets.table_downloads(own, f"riwayat-{code}", "quality_history")
else:
    st.caption(t("kualitas_data.history_pick"))

# --- self-assessment gap --------------------------------------------------------------------------
st.subheader(t("kualitas_data.gap_title"))
gaps = kualitas_data.assessment_gaps(data.stage_scores(shell.engine, year, SELF_ASSESSMENT_STAGE, fw.code, shell.viewer), data.final_levels(shell.engine, year, fw.code, shell.viewer), fw, names)
if gaps.empty:
    st.info(t("kualitas_data.no_gap", year=year))
else:
    st.caption(t("kualitas_data.gap_note", count=fmt_number(len(gaps), 0),
                 mean=fmt_signed(float(gaps["mean_difference"].mean()), fw.decimals)))
    st.dataframe(gaps.assign(mean_text=gaps["mean_difference"].map(fmt_signed)), hide_index=True, width="stretch",
                 height=360 if len(gaps) > 10 else "auto",
                 column_order=["agency_code", "agency_name", "mean_text", "over", "under", "compared"],
                 column_config={"agency_code": t("col.code"), "agency_name": t("col.agency"),
                                "mean_text": st.column_config.TextColumn(t("kualitas_data.col_gap"), help=t("kualitas_data.gap_help")),
                                "over": t("kualitas_data.col_over"), "under": t("kualitas_data.col_under"),
                                "compared": t("kualitas_data.col_compared")})
    widgets.table_downloads(gaps, f"selisih-mandiri-{year}", "quality_gap")
