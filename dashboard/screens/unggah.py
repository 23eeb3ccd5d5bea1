"""Unggah (`/unggah?tahun=YEAR`): upload workbooks, read the full validation report (dry run), then load.

The same code path as `python -m ingest load` (`ingest.load.load_file`) with the same size limit.
Only for evaluators (the page is listed for them only; anyone else who reaches it is told to sign in).
"""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard.logic import kualitas_data, unggah
from dashboard.logic.formatting import fmt_number, plain
from dashboard.render import widgets
from dashboard.state import data, identity, uploads
from dashboard.state.context import get_shell
from i18n import t
from ingest.vocabulary import STAGES

shell = get_shell()
fw, year, lang = shell.framework, shell.year, shell.lang
CHECKED = "_upload_checked"
LOADED = "_upload_loaded"
# Up to this many problems are shown in a wrapped static table; more go to a scrolling table (and the download).
MAX_WRAPPED = 200

st.title(t("unggah.title"))
widgets.data_caption(year, "stage.final", shell.as_of)

if not shell.viewer.is_evaluator:
    st.warning(t("unggah.disabled"))
    st.stop()

st.caption(t("unggah.intro", size=fmt_number(unggah.max_size_mb(), 0), types=", ".join(unggah.ACCEPTED_TYPES)))
if shell.sample:
    st.info(t("unggah.sample_note"))

widgets.uploader_texts(t("unggah.upload_button"), t("unggah.upload_limit", size=fmt_number(unggah.max_size_mb(), 0),
                                                  types=", ".join(unggah.ACCEPTED_TYPES).upper()))
uploaded = st.file_uploader(t("unggah.pick"), type=unggah.ACCEPTED_TYPES, accept_multiple_files=True,
                            key="upload_files")
cols = st.columns(3)
year_options = ["", *range(max(shell.years or (year,)) + 1, 2017, -1)]
year_hint = cols[0].selectbox(t("unggah.year"), year_options, key="upload_year",
                              format_func=lambda y: str(y) if y else t("unggah.from_file"), help=t("unggah.year_help"))
stage_hint = cols[1].selectbox(t("unggah.stage"), ["", *STAGES], key="upload_stage",
                               format_func=lambda s: t(f"stage.{s}") if s else t("unggah.from_file"),
                               help=t("unggah.stage_help"))
catalog = data.catalog(shell.engine)
framework_hint = cols[2].selectbox(t("unggah.framework"), ["", *catalog.codes()], key="upload_framework",
                                   format_func=lambda c: catalog.get(c).title_text(lang) if c else t("unggah.from_file"),
                                   help=t("unggah.framework_help"))
options = {"year": int(year_hint) if year_hint else None, "stage": stage_hint or None,
           "framework": framework_hint or None}

files = [(f.name, f.getvalue()) for f in uploaded or []]
if not files:
    st.info(t("unggah.empty"))
    last = st.session_state.get(LOADED)
    if last:
        st.success(t("unggah.loaded_summary", **{key: plain(value) for key, value in last["counts"].items()}))
    st.stop()

# The dry run is kept per (files, options) so the report does not recompute on every rerun.
fingerprint = hashlib.sha256(repr((sorted((n, hashlib.sha256(c).hexdigest()) for n, c in files),
                                   sorted(options.items()))).encode()).hexdigest()
outcome_label = {"loaded": t("unggah.outcome_ok"), "rejected": t("unggah.outcome_rejected"),
                 "unchanged": t("unggah.outcome_unchanged")}


def summary_table(results) -> None:
    summary = unggah.summary_frame(results)
    st.dataframe(summary.assign(outcome=summary["outcome"].map(outcome_label),
                                kind=summary["kind"].map(lambda k: t(f"unggah.kind.{k}"))),
                 hide_index=True, width="stretch",
                 column_config={"file": t("kualitas_data.col_file"), "outcome": t("unggah.col_outcome"),
                                "kind": t("unggah.col_kind"), "submissions": t("unggah.col_submissions"),
                                "errors": t("unggah.col_errors"), "warnings": t("unggah.col_warnings")})


# Right after a load the page shows what was stored, not the (now outdated) dry-run report.
last = st.session_state.get(LOADED)
if last and last["fingerprint"] == fingerprint:
    st.success(t("unggah.loaded_summary", **{key: plain(value) for key, value in last["counts"].items()}))
    summary_table(last["results"])
    st.caption(t("unggah.after_load"))
    # Every load can be undone: the revision before becomes current again (audited, nothing deleted).
    if (any(r.outcome == "loaded" for r in last["results"]) and not last.get("reverted")
            and st.button(t("unggah.revert_button"), key="upload_revert", help=t("unggah.revert_help"))):
        with st.spinner(t("unggah.reverting")):
            undone = uploads.revert_files(shell.engine, last["results"], shell.viewer.label())
        st.cache_data.clear()
        last["reverted"] = fmt_number(len(undone), 0)
        st.rerun()
    if last.get("reverted"):
        st.info(t("unggah.reverted", count=last["reverted"]))
    st.stop()

checked = st.session_state.get(CHECKED)
if not checked or checked[0] != fingerprint:
    with st.spinner(t("unggah.checking")):
        found = uploads.check_files(shell.engine, files, **options)
        checked = (fingerprint, found, uploads.check_effect(shell.engine, found))
    st.session_state[CHECKED] = checked
results, effect = checked[1], checked[2]

st.subheader(t("unggah.report_title"))
summary_table(results)
problems = unggah.problems_frame(results, lang)
if problems.empty:
    st.success(t("unggah.no_problems"))
else:
    for result in results:
        if result.errors:
            first = result.errors[0]
            where = " › ".join(p for p in (first.sheet, first.cell) if p) or "–"
            # Names, sheets and messages come from the file: shown as text, never as Markdown or HTML.
            st.error(t("unggah.rejected_file", file=plain(result.name), errors=fmt_number(len(result.errors), 0),
                       where=plain(where)))
    shown = problems.assign(severity=problems["severity"].map(lambda s: t(f"kualitas_data.severity.{s}")),
                            type=problems["type"].map(kualitas_data.problem_label))
    shown = shown[["file", "severity", "sheet", "cell", "type", "message", "value"]].rename(columns={
        "file": t("kualitas_data.col_file"), "severity": t("kualitas_data.col_severity"),
        "type": t("kualitas_data.col_type"), "sheet": t("kualitas_data.col_sheet"), "cell": t("kualitas_data.col_cell"),
        "value": t("kualitas_data.col_value"), "message": t("kualitas_data.col_message")})
    if len(shown) <= MAX_WRAPPED:
        # A static table wraps the message, so the fix instruction is always readable; cells are escaped text.
        widgets.text_table(shown)
    else:
        st.dataframe(shown, hide_index=True, width="stretch")
    widgets.table_downloads(problems, "laporan-validasi", "upload_report")

if effect.agencies:
    st.subheader(t("unggah.effect_title"))
    st.caption(t("unggah.effect_intro"))
    frame = unggah.effect_frame(effect, catalog, lang)
    # A lost index (or a lowered published one) is a red row; its note says so in words.
    widgets.text_table(frame.drop(columns="alarm").rename(columns={
        "agency": t("unggah.effect_col_agency"), "year": t("unggah.effect_col_year"),
        "index": t("unggah.effect_col_index"), "rating": t("unggah.effect_col_rating"),
        "rank": t("unggah.effect_col_rank"), "note": t("unggah.effect_col_note")}), alarm=frame["alarm"])
    for line in unggah.published_lines(effect, catalog, lang):
        st.warning(line)

loadable = sum(r.outcome == "loaded" for r in results)
rejected = sum(r.outcome == "rejected" for r in results)
st.caption(t("unggah.load_note", ok=fmt_number(loadable, 0), rejected=fmt_number(rejected, 0)))
confirmed = True
if effect.needs_confirmation:
    # A load that removes or lowers a published result, or drops answers, waits for an explicit yes.
    st.error(" ".join(t(f"unggah.confirm_reason.{reason}") for reason in effect.reasons))
    confirmed = st.checkbox(t("unggah.confirm_box"), key=f"upload_confirm_{fingerprint[:12]}")
if st.button(t("unggah.load_button", count=fmt_number(len(files), 0)), type="primary", key="upload_load",
             disabled=not any(r.outcome != "unchanged" for r in results) or not confirmed):
    who = shell.viewer.label()
    with st.spinner(t("unggah.loading")):
        done = uploads.load_files(shell.engine, files, uploaded_by=who, **options)
    # New data: every cached frame is stale (the store stamp also changes, this makes it immediate).
    st.cache_data.clear()
    counts = {k: fmt_number(sum(r.outcome == k for r in done), 0) for k in ("loaded", "unchanged", "rejected")}
    st.session_state[LOADED] = {"fingerprint": fingerprint, "results": done, "counts": {
        **counts, "who": who, "submissions": fmt_number(sum(r.submissions for r in done), 0)}}
    st.session_state.pop(CHECKED, None)
    if shell.viewer.demo and any(r.outcome in ("loaded", "rejected") for r in done):
        # A stored file (a rejected one is kept too) is real data and ends the demo for good: the next run is
        # public, so the shell says how to sign in.
        st.session_state[identity.DEMO_ENDED_KEY] = True
    st.rerun()
