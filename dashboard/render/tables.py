"""The ranking table (used on the overview and the ranking page): badges, in-cell bars, profile links."""

from __future__ import annotations

from urllib.parse import quote_plus, urlencode

import pandas as pd
import streamlit as st

from dashboard.logic.funnel import short_status
from dashboard.logic.ranks import rank_move_cells, rank_move_styles
from dashboard.render.charts import text_color_for
from dashboard.render.formatting import fmt_index, fmt_number, is_missing
from dashboard.render.scales import index_domain
from i18n import get_language, t
from indicators import Framework

PROFILE_PATH = "instansi"
# The profile page script, relative to dashboard/app.py (for st.switch_page).
PROFILE_SCRIPT = "screens/instansi.py"


def profile_link(agency_code: str, year: int, lang: str | None = None, framework_code: str | None = None) -> str:
    """Return the relative link to an agency's profile page for a year and framework (codes only in the URL)."""
    params = {"kode": agency_code, "tahun": year, **({"kerangka": framework_code} if framework_code else {})}
    if (lang or get_language()) != "id":
        params["lang"] = lang or get_language()
    return f"{PROFILE_PATH}?{urlencode(params)}"


def localized(frame: pd.DataFrame, decimals: dict[str, int] | int = 2, lang: str | None = None):
    """Return a Styler showing the frame's float columns with the language's decimal mark (numbers stay sortable).

    `decimals` is one count for every float column or a count per column (the framework's decimals
    when it names them).
    """
    lang = lang or get_language()
    floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    places = {c: decimals.get(c, 2) if isinstance(decimals, dict) else decimals for c in floats}
    return frame.style.format({c: (lambda v, n=n: fmt_number(v, n, lang)) for c, n in places.items()})


def localized_table(frame: pd.DataFrame, decimals: dict[str, int] | int = 2, lang: str | None = None,
                    fractions: int = 2):
    """Return what st.dataframe should get to show the frame's numbers in the language: whole numbers shown without
    decimals as integers (no Styler), and a `localized` Styler only when some column needs a decimal mark.

    A column asked for 0 decimals that holds fractions (a continuous scale's values) gets `fractions`
    decimals instead of being rounded to a whole number. Streamlit rewrites a Styler's display values
    column by column on every rerun, which integers skip. Give `placeholder="–"` to st.dataframe so a
    missing integer shows as a dash, as the Styler would.
    """
    asked = {c: (decimals.get(c, 2) if isinstance(decimals, dict) else decimals)
             for c in frame.columns if pd.api.types.is_float_dtype(frame[c])}
    whole = {c for c, n in asked.items() if n == 0 and bool(((frame[c] % 1 == 0) | frame[c].isna()).all())}
    if whole:
        frame = frame.assign(**{c: frame[c].astype("Int64") for c in whole})
    places = {c: (n if n > 0 else fractions) for c, n in asked.items() if c not in whole}
    if not places:
        return frame
    return localized(frame, places, lang)


# Neutral greys from low to high score: rating colours stay reserved for the rating column.
SCORE_SHADES = ("#FFFFFF", "#F2F2F2", "#E0E0E0", "#C8C8C8", "#A8A8A8", "#8A8A8A")
_SHADE_CSS = tuple(f"background-color: {c}; color: {text_color_for(c)}" for c in SCORE_SHADES)


def score_cell_styles(values: pd.Series, framework: Framework) -> list[str]:
    """Return the CSS of each top-level score cell: a grey shade that darkens with the score (a bar in the cell)."""
    low, high = index_domain(framework)
    steps = len(SCORE_SHADES) - 1
    # One call per column, not per cell: the Styler's cost is per call and per cell.
    return ["" if is_missing(v) else _SHADE_CSS[max(0, min(steps, int((v - low) / (high - low) * steps)))]
            for v in values]


def display_frame(results: pd.DataFrame, framework: Framework, year: int) -> pd.DataFrame:
    """Return the rows as the table shows them: ranks, change in words, agency (a link to its profile), place, index text, rating, domains."""
    lang = get_language()
    labels = {b.slug: b.text(lang) for b in framework.rating_bands}
    status = results["index_status"] if "index_status" in results else results["submitted"].map(
        {True: "scored", False: "not_submitted"})
    # A regional name already says Kabupaten/Kota/Provinsi: show its province; a central agency its type.
    place = [p if isinstance(p, str) else t(f"type.{slug}")
             for slug, p in zip(results["agency_type"], results["province_name"], strict=True)]
    # One link built, then only the code changes: urlencode per row was a tenth of the page's time.
    template = profile_link("\x00", year, lang, framework.code)
    return pd.DataFrame({
        "rank": results["rank"].astype("Int64"),
        "rank_selection": results["rank"].rank(method="min").astype("Int64"),
        "rank_change": rank_move_cells(results["rank_change"], lang),
        # The name links to the profile: the link's fragment carries the name the cell shows.
        "agency_link": [f"{template.replace('%00', quote_plus(code))}#{name}"
                        for code, name in zip(results["agency_code"], results["agency_name"], strict=True)],
        "place": place,
        "index": [fmt_index(v, year, framework) if s == "scored" else short_status(s)
                  for v, s in zip(results["index"], status, strict=True)],
        "rating": [labels.get(r, "") if s == "scored" else short_status(s)
                   for r, s in zip(results["rating"], status, strict=True)],
        **{d.code: results[d.code].astype(float) for d in framework.top_nodes},
    }).reset_index(drop=True)


def ranking_table(results: pd.DataFrame, framework: Framework, year: int, key: str, compact: bool = False,
                  height: int | str = "auto", in_selection: bool = False):
    """Draw the ranking rows (name pinned, rank change in coloured words, domain scores shaded); returns the selection.

    `in_selection` adds the rank among the rows shown beside the national rank (a filtered list).
    """
    lang = get_language()
    shown = display_frame(results, framework, year)
    colors = {b.text(lang): b.color for b in framework.rating_bands}
    domains = [d.code for d in framework.top_nodes]
    badges = {label: f"background-color: {color}; color: {text_color_for(color)}; font-weight: 600"
              for label, color in colors.items()}
    if compact:
        order = ["rank", "agency_link", "index", "rating"]
    else:
        order = ["rank", *(["rank_selection"] if in_selection else []), "rank_change", "agency_link", "index",
                 "rating", *domains, *(["place"] if results["province_code"].nunique(dropna=False) > 1 else [])]
    # Only the shown columns go to the Styler: it costs per cell, shown or not.
    styled = localized(shown[order], framework.decimals, lang)
    styled = styled.apply(lambda column: [badges.get(v, "") for v in column], subset=["rating"], axis=0)
    if not compact:
        styled = styled.apply(lambda column: score_cell_styles(column, framework), subset=domains, axis=0)
        moves = rank_move_styles(results["rank_change"])
        styled = styled.apply(lambda _: moves, subset=["rank_change"], axis=0)
    config = {
        "rank": st.column_config.NumberColumn(t("col.rank"), width=68),
        "rank_selection": st.column_config.NumberColumn(t("col.rank_selection"), width=84,
                                                        help=t("col.rank_selection_help")),
        "rank_change": st.column_config.TextColumn(t("col.rank_change"), width=80, help=t("col.rank_change_help")),
        "agency_link": st.column_config.LinkColumn(t("col.agency"), display_text=r"#(.+)$", width=290, pinned=True,
                                                   help=t("table.open_profile")),
        "place": st.column_config.TextColumn(f"{t('col.province')} / {t('col.type')}", width=170),
        "index": st.column_config.TextColumn(t("col.index"), width=60),
        "rating": st.column_config.TextColumn(t("col.rating"), width=96),
    }
    for domain in framework.top_nodes:
        config[domain.code] = st.column_config.NumberColumn(domain.code, help=domain.label(lang), width=44)
    if compact:
        return st.dataframe(styled, hide_index=True, column_config=config, column_order=order, key=key,
                            height=height, width="stretch", placeholder="–")
    # An agency without an index has no rank: "–", never a blank or "None".
    return st.dataframe(styled, hide_index=True, column_config=config, column_order=order, key=key,
                        on_select="rerun", selection_mode="single-row", height=height, width="stretch",
                        placeholder="–")


def selected_agency(selection, results: pd.DataFrame) -> str | None:
    """Return the agency code of the selected table row, or None."""
    rows = getattr(getattr(selection, "selection", None), "rows", None) or []
    if not rows:
        return None
    return str(results.iloc[rows[0]]["agency_code"])
