"""Komitmen (`/komitmen?provinsi=35&jenis=kabupaten&status=missed&cari=...`): promises made in meetings, kept or not.

Everyone sees what the read layer lets them (evaluators all; an agency its own and the public ones;
the public those of meetings made public); evaluators also withdraw, publish a meeting's
commitments and carry one to a successor framework, each audited.
"""

from __future__ import annotations

import streamlit as st

from dashboard.logic import komitmen
from dashboard.logic.formatting import fmt_number
from dashboard.logic.search import compute_search_mask
from dashboard.render import widgets
from dashboard.state import data
from dashboard.state.context import get_shell
from dashboard.state.urlstate import url_selectbox
from i18n import t
from ingest.access.commitments import carry_commitment, save_meeting_public, withdraw_commitment
from ingest.errors import IngestError

shell = get_shell()
fw, year, lang, viewer = shell.framework, shell.year, shell.lang, shell.viewer
catalog = data.catalog(shell.engine)
frameworks = {code: catalog.get(code) for code in catalog.codes()}

st.title(t("komitmen.title"))
st.caption(t("komitmen.intro"))
everything = data.commitments(shell.engine, viewer)
if everything.empty:
    st.info(t("komitmen.none"))
    st.stop()

frame = everything
provinces = data.year_results(shell.engine, year, fw.code, viewer)[["province_code", "province_name"]]
province_names = dict(zip(provinces["province_code"], provinces["province_name"], strict=True))
cols = st.columns([1, 1, 1, 1, 2])
province = url_selectbox(t("filter.province"), ["", *sorted({p for p in frame["province_code"].dropna()},
                                                             key=lambda c: province_names.get(c, c))],
                         "provinsi", default="", container=cols[0],
                         format_func=lambda c: province_names.get(c, c) if c else t("filter.all"))
agency_type = url_selectbox(t("filter.type"), ["", *sorted(frame["agency_type"].dropna().unique())], "jenis",
                            default="", container=cols[1], format_func=lambda s: t(f"type.{s}") if s else t("filter.all"))
status = url_selectbox(t("komitmen.status"), ["", *komitmen.STATUS_ORDER], "status", default="", container=cols[2],
                       format_func=lambda s: t(f"commitment.status.{s}") if s else t("filter.all"))
years = sorted(int(y) for y in frame["target_year"].unique())
target_year = url_selectbox(t("commitment.target_year"), ["", *map(str, years)], "target", default="",
                            container=cols[3], format_func=lambda y: y or t("filter.all"))
search = cols[4].text_input(t("filter.search"), key="cari", bind="query-params", placeholder=t("filter.search_hint"))

shown = komitmen.filter_commitments(frame, province, agency_type, status, int(target_year) if target_year else None)
if search and search.strip():
    shown = shown[compute_search_mask(shown.assign(province_name=shown["province_code"].map(province_names)), search)]
counts = shown["status"].value_counts()
st.caption(" · ".join(f"{t(f'commitment.status.{s}')}: {fmt_number(int(counts[s]), 0)}"
                      for s in komitmen.STATUS_ORDER if s in counts))
table = shown.assign(
    indicator_text=[komitmen.indicator_text(f, i, frameworks, fw.code, lang)
                    for f, i in zip(shown["framework_code"], shown["indicator"], strict=True)],
    status_text=shown["status"].map(lambda s: t(f"commitment.status.{s}")),
    place=[p if isinstance(p, str) else t(f"type.{s}") for p, s in
           zip(shown["province_code"].map(province_names), shown["agency_type"], strict=True)])
columns = ["id", "agency_name", "place", "indicator_text", "target_level", "target_year", "level", "status_text",
           "responsible", "meeting", "note", "withdrawn_reason"]
st.dataframe(table[columns], hide_index=True, width="stretch", placeholder="–", column_order=columns,
             column_config={"id": st.column_config.NumberColumn("#", width=50),
                            "agency_name": st.column_config.TextColumn(t("col.agency"), pinned=True),
                            "place": f"{t('col.province')} / {t('col.type')}", "indicator_text": t("col.indicator"),
                            "target_level": st.column_config.NumberColumn(t("commitment.target_level"), format="%g"),
                            "target_year": st.column_config.NumberColumn(t("commitment.target_year"), format="%d"),
                            "level": st.column_config.NumberColumn(t("komitmen.level_then"), format="%g"),
                            "status_text": t("komitmen.status"), "responsible": t("commitment.responsible"),
                            "meeting": t("commitment.meeting"), "note": t("commitment.note"),
                            "withdrawn_reason": t("komitmen.withdrawn_reason")})
widgets.table_downloads(lambda: komitmen.commitments_export(shown, frameworks, lang), "komitmen", "commitments")

if viewer.is_evaluator:
    st.subheader(t("komitmen.manage_title"))
    source = "page: komitmen"
    open_ids = [int(i) for i in frame.loc[frame["status"] != "withdrawn", "id"]]
    withdraw, publish, carry = st.tabs([t("komitmen.withdraw"), t("komitmen.publish"), t("komitmen.carry")])
    try:
        with withdraw:
            chosen = st.selectbox("#", open_ids, key="tarik_id")
            reason = st.text_input(t("komitmen.withdraw_reason"), key="tarik_alasan")
            if st.button(t("komitmen.withdraw"), key="tarik", disabled=chosen is None):
                withdraw_commitment(shell.engine, viewer, chosen, reason, actor=viewer.label(), source=source)
                st.rerun()
        with publish:
            meetings = sorted(m for m in frame["meeting"].unique() if m)
            meeting = st.selectbox(t("commitment.meeting"), meetings, key="rapat_publik")
            public = bool(frame.loc[frame["meeting"] == meeting, "public"].all()) if meeting else False
            st.caption(t("komitmen.public_now") if public else t("komitmen.private_now"))
            if meeting and st.button(t("komitmen.make_private") if public else t("komitmen.make_public"),
                                     key="publikasi"):
                save_meeting_public(shell.engine, viewer, meeting, not public, actor=viewer.label(), source=source)
                st.rerun()
        with carry:
            chosen = st.selectbox("#", open_ids, key="bawa_id")
            target_fw = st.selectbox(t("komitmen.carry_framework"), list(frameworks), key="bawa_kerangka",
                                     format_func=lambda c: frameworks[c].short_text(lang))
            codes = [n.code for n in frameworks[target_fw].leaves]
            indicator = st.selectbox(t("col.indicator"), codes, key="bawa_indikator",
                                     format_func=lambda c: f"{c} {frameworks[target_fw].name_of(c, lang)}")
            old = frame.loc[frame["id"] == chosen, "target_level"]
            level = st.number_input(t("commitment.target_level"), value=float(old.iloc[0]) if len(old) else 1.0,
                                    key="bawa_target")
            if st.button(t("komitmen.carry"), key="bawa", disabled=chosen is None):
                carry_commitment(shell.engine, viewer, chosen, target_fw, indicator, level, actor=viewer.label(),
                                 source=source)
                st.rerun()
    except IngestError as error:
        st.error(str(error))
else:
    st.caption(t("komitmen.who_sees"))
