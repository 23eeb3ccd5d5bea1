"""The ranking table (used on the overview and the ranking page): badges, in-cell bars, profile links."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.render.charts import text_color_for
from dashboard.render.formatting import fmt_index, fmt_signed, is_missing
from dashboard.render.scales import index_domain
from i18n import get_language, t
from indicators import Framework

PROFILE_PATH = "instansi"
# The profile page script, relative to dashboard/app.py (for st.switch_page).
PROFILE_SCRIPT = "screens/instansi.py"


def profile_link(agency_code: str, year: int, lang: str | None = None) -> str:
    """Return the relative link to an agency's profile page for a year (codes only in the URL)."""
    params = {"kode": agency_code, "tahun": year}
    if (lang or get_language()) != "id":
        params["lang"] = lang or get_language()
    return f"{PROFILE_PATH}?{urlencode(params)}"


def display_frame(results: pd.DataFrame, framework: Framework, year: int) -> pd.DataFrame:
    """Return the rows as the table shows them: rank, change, agency, type, province, index text, rating, domains."""
    lang = get_language()
    labels = {b.slug: b.text(lang) for b in framework.rating_bands}
    return pd.DataFrame({
        "rank": results["rank"].astype("Int64"),
        "rank_change": [fmt_signed(v, 0) if not is_missing(v) and v is not pd.NA else "" for v in
                        results["rank_change"].astype("float")],
        "agency": results["agency_name"],
        "profile": [profile_link(code, year, lang) for code in results["agency_code"]],
        "type": results["agency_type"].map(lambda slug: t(f"type.{slug}")),
        "province": results["province_name"].fillna("–"),
        "index": [fmt_index(v, year, framework) if s else t("not_submitted")
                  for v, s in zip(results["index"], results["submitted"], strict=True)],
        "rating": results["rating"].map(labels).fillna(t("not_submitted")),
        **{d.code: results[d.code] for d in framework.top_nodes},
    }).reset_index(drop=True)


def ranking_table(results: pd.DataFrame, framework: Framework, year: int, key: str, compact: bool = False,
                  height: int | str = "auto"):
    """Draw the ranking rows with rating badges and a bar per top-level node (SPBE: D1–D4); returns the selection state."""
    shown = display_frame(results, framework, year)
    colors = {b.text(get_language()): b.color for b in framework.rating_bands}

    def badge(label: str) -> str:
        color = colors.get(label)
        return f"background-color: {color}; color: {text_color_for(color)}; font-weight: 600" if color else ""

    styled = shown.style.map(badge, subset=["rating"])
    config = {
        "rank": st.column_config.NumberColumn(t("col.rank"), width="small"),
        "rank_change": st.column_config.TextColumn(t("col.rank_change"), width="small", help=t("col.rank_change_help")),
        "agency": st.column_config.TextColumn(t("col.agency"), width="medium"),
        "profile": st.column_config.LinkColumn(t("col.profile"), display_text=t("table.open_profile"), width="small"),
        "type": st.column_config.TextColumn(t("col.type")),
        "province": st.column_config.TextColumn(t("col.province")),
        "index": st.column_config.TextColumn(t("col.index"), width="small"),
        "rating": st.column_config.TextColumn(t("col.rating")),
    }
    low, high = index_domain(framework)
    for domain in framework.top_nodes:
        config[domain.code] = st.column_config.ProgressColumn(
            domain.code, help=domain.label(get_language()), format=f"%.{framework.decimals}f", min_value=low,
            max_value=high)
    order = ["rank", "agency", "index", "rating", "profile"] if compact else list(shown.columns)
    if compact:
        return st.dataframe(styled, hide_index=True, column_config=config, column_order=order, key=key,
                            height=height, width="stretch")
    return st.dataframe(styled, hide_index=True, column_config=config, column_order=order, key=key,
                        on_select="rerun", selection_mode="single-row", height=height, width="stretch")


def selected_agency(selection, results: pd.DataFrame) -> str | None:
    """Return the agency code of the selected table row, or None."""
    rows = getattr(getattr(selection, "selection", None), "rows", None) or []
    if not rows:
        return None
    return str(results.iloc[rows[0]]["agency_code"])
