"""The evaluators' "hitung ulang" section (on /akses): what re-scoring a year with the newest framework version
would change, then the audited action itself. Results never change without it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.logic.formatting import fmt_number
from i18n import t
from indicators import Framework
from ingest.access import Viewer
from ingest.access.rescore import save_rescore
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.frameworks.rescore import changed_rows, compute_rescore_preview


def rescore_section(engine, viewer: Viewer, fw: Framework, years_with_data: list[int], lang: str, *,
                    catalog: FrameworkCatalog, on_change: Callable[[], None]) -> None:
    """Draw the preview of re-scoring one year of `fw` (years with its results) and the button that applies it.

    The screen hands in the cached catalogue and the cache reset (`on_change`), so drawing keeps off the state layer.
    """
    st.subheader(t("akses.rescore_title"))
    versions = catalog.versions(fw.code)
    if not versions:
        st.caption(t("akses.rescore_builtin", framework=fw.short_text(lang)))
        return
    st.caption(t("akses.rescore_intro", framework=fw.short_text(lang), version=versions[-1]))
    with_data = years_with_data
    if not with_data:
        return
    year = st.selectbox(t("filter.year"), with_data, index=len(with_data) - 1, key="rescore_year")
    preview = compute_rescore_preview(engine, fw.code, int(year), catalog)
    stale = int((preview["version_before"] != versions[-1]).sum())
    changed = changed_rows(preview, fw.decimals)
    st.write(t("akses.rescore_summary", stale=stale, total=len(preview), version=versions[-1], changed=len(changed)))
    if len(changed):
        # Each rating in the words of the version it is (or would be) scored with: a new version may rename bands.
        labels = {version: {band.slug: band.text(lang) for band in catalog.get(fw.code, version).rating_bands}
                  for version in {*map(int, changed["version_before"]), versions[-1]}}
        shown = changed.assign(**{column: [fmt_number(v, fw.decimals, lang) for v in changed[column]]
                                  for column in ("index_before", "index_after")},
                               rating_before=[labels[int(v)].get(r, r) for v, r in
                                              zip(changed["version_before"], changed["rating_before"], strict=True)],
                               rating_after=changed["rating_after"].map(labels[versions[-1]]))
        st.dataframe(shown, hide_index=True, width="stretch", column_config={
            "agency_code": t("col.code"), "version_before": t("akses.col_version_before"),
            "version_after": t("akses.col_version_after"), "index_before": t("akses.col_index_before"),
            "index_after": t("akses.col_index_after"), "rating_before": t("akses.col_rating_before"),
            "rating_after": t("akses.col_rating_after"), "rank_before": t("akses.col_rank_before"),
            "rank_after": t("akses.col_rank_after")})
    if stale and st.button(t("akses.rescore_apply", year=year, version=versions[-1]), key="rescore_apply"):
        counts = {"indices": len(changed)}
        moved = save_rescore(engine, fw.code, int(year), versions[-1], actor=viewer.label(), source="page: akses",
                             changes=counts)
        on_change()
        st.success(t("akses.rescore_done", count=sum(moved.values()), year=year, version=versions[-1]))
