"""Akses (`/akses`, evaluators only): which years are published, who has an account, and the audit log.

The audit log is read-only here (and append-only in the store); publication changes are audited.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.logic import akses
from dashboard.render import widgets
from dashboard.render.rescore import rescore_section
from dashboard.situs import write_site_on_publication
from dashboard.state import data
from dashboard.state.context import get_shell
from i18n import t
from ingest.access import (
    PUBLIC_VIEWER,
    list_users,
    load_audit,
    load_publications,
    save_publication,
    save_republication,
)
from ingest.access.audit import ACTIONS
from ingest.access.reads import filter_results

shell = get_shell()
viewer, engine, fw = shell.viewer, shell.engine, shell.framework
st.title(t("akses.title"))
if not viewer.is_evaluator:  # listed only for evaluators; a typed URL gets nothing
    st.stop()

# --- publication -----------------------------------------------------------------------------------
st.subheader(t("akses.publication_title"))
st.caption(t("akses.publication_intro"))
rows = akses.publication_rows(list(shell.years), fw.code, load_publications(engine))
with st.form("publication"):
    wanted = st.multiselect(t("akses.published_years", framework=fw.code), list(rows["year"]),
                            default=[int(y) for y in rows.loc[rows["published"], "year"]], key="published_years",
                            placeholder=t("akses.pick_years"))
    saved = st.form_submit_button(t("akses.save"), type="primary")
if saved:
    changes = akses.publication_changes(rows, set(wanted))
    for year, published in changes:
        save_publication(engine, viewer, year, fw.code, published, actor=viewer.label(), source="page: akses")
        write_site_on_publication(engine, year, fw.code)  # the static site follows at once (when TERA_SITE_DIR is set)
    data.clear_publication_cache()
    st.success(t("akses.saved", count=len(changes)))
    rows = akses.publication_rows(list(shell.years), fw.code, load_publications(engine))
# Never-set rows read "–", not the grid's English "None".
shown = rows.assign(changed_by=rows["changed_by"].replace("", "–").fillna("–"),
                    changed_at=[f"{v:%d-%m-%Y %H:%M}" if v is not None and not pd.isna(v) else "–"
                                for v in rows["changed_at"]])
st.dataframe(shown, hide_index=True, width="stretch", column_config={
    "year": st.column_config.NumberColumn(t("col.year"), format="%d"), "framework_code": t("akses.col_framework"),
    "published": t("akses.col_published"), "changed_by": t("akses.col_changed_by"),
    "changed_at": t("akses.col_changed_at")})

# --- republication: readers see the snapshot taken when a year was published, until it is taken again ---
published_years = [int(y) for y in rows.loc[rows["published"], "year"]]
if published_years:
    st.subheader(t("akses.republish_title"))
    again = st.selectbox(t("akses.republish_year"), published_years, index=len(published_years) - 1,
                         key="republish_year")
    taken = data.snapshot_date(engine, again, fw.code)
    st.caption(t("akses.snapshot_taken", date=f"{taken:%d-%m-%Y %H:%M}" if taken is not None else "–"))
    # What the public sees now (the snapshot) against what it would see after republishing (the store today).
    before = data.year_results(engine, again, fw.code, PUBLIC_VIEWER)
    after = filter_results(data.year_results(engine, again, fw.code, viewer), PUBLIC_VIEWER, data.published(engine), fw)
    changes = akses.snapshot_changes(before, after)
    if changes.empty:
        st.info(t("akses.republish_same"))
    else:
        labels = {b.slug: b.text(shell.lang) for b in fw.rating_bands}
        st.dataframe(changes.assign(rating_before=changes["rating_before"].map(labels).fillna("–"),
                                    rating_after=changes["rating_after"].map(labels).fillna("–")),
                     hide_index=True, width="stretch", column_config={
                         "agency_code": t("col.code"), "agency_name": t("col.agency"),
                         "index_before": st.column_config.NumberColumn(t("akses.col_index_before"), format=f"%.{fw.decimals}f"),
                         "index_after": st.column_config.NumberColumn(t("akses.col_index_after"), format=f"%.{fw.decimals}f"),
                         "rating_before": t("akses.col_rating_before"), "rating_after": t("akses.col_rating_after")})
        confirmed = st.checkbox(t("akses.republish_confirm", count=len(changes), year=again), key="republish_confirm")
        if st.button(t("akses.republish_button", year=again), disabled=not confirmed, key="republish", type="primary"):
            save_republication(engine, viewer, again, fw.code, actor=viewer.label(), source="page: akses")
            data.clear_publication_cache()
            st.success(t("akses.republished", year=again))

# --- framework versions: re-score a year (issue 18) --------------------------------------------------
rescore_section(engine, viewer, fw, [year for year in shell.years if data.result_versions(engine, fw.code, year)],
                shell.lang, catalog=data.catalog(engine), on_change=data.clear_framework_cache)

# --- users ------------------------------------------------------------------------------------------
st.subheader(t("akses.users_title"))
st.caption(t("akses.users_intro"))
users = akses.users_frame(list_users(engine))
# Roles and states in the page's language (the store keeps the English slugs).
users = users.assign(role=[t(f"masuk.role.{r}") for r in users["role"]],
                     state=[t(f"akses.state.{s}") for s in users["state"]])
st.dataframe(users, hide_index=True, width="stretch", column_config={
    "email": t("masuk.email"), "role": t("akses.col_role"), "agencies": t("akses.col_agencies"),
    "has_password": t("akses.col_has_password"), "state": t("akses.col_state")})

# --- audit log --------------------------------------------------------------------------------------
st.subheader(t("akses.audit_title"))
cols = st.columns(3)
action = cols[0].selectbox(t("akses.filter_action"), ["", *ACTIONS], key="audit_action",
                           format_func=lambda a: t(f"akses.action.{a}") if a else t("filter.all"))
actor = cols[1].text_input(t("akses.filter_actor"), key="audit_actor")
# A choice of periods rather than a date box, whose empty field reads "yyyy / mm / dd" in every language.
days = cols[2].selectbox(t("akses.filter_since"), [0, 7, 30, 365], key="audit_since",
                         format_func=lambda n: t("akses.since_days", count=n) if n else t("filter.all"))
start = dt.datetime.now(dt.UTC) - dt.timedelta(days=days) if days else None
log = akses.audit_table(load_audit(engine, viewer, action=action or None, actor=actor or None, since=start))
log = log.assign(action=[t(f"akses.action.{a}") if a in ACTIONS else a for a in log["action"]])
st.caption(t("akses.audit_count", count=len(log)))
st.dataframe(log, hide_index=True, width="stretch", height=420, column_config={
    "at": st.column_config.DatetimeColumn(t("akses.col_at"), format="DD-MM-YYYY HH:mm:ss"),
    "actor": t("akses.col_actor"), "action": t("akses.col_action"), "source": t("akses.col_source"),
    "detail": st.column_config.TextColumn(t("akses.col_detail"), width="large")})
widgets.table_downloads(log, "audit-log", "audit")
