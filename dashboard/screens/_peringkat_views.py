"""The ranking's parts worked out once per view and filters and shared by every session (a page script re-runs its
decorators on every run, so they live here). What they return is read only.
"""

from __future__ import annotations

import streamlit as st

from dashboard.logic import peringkat
from dashboard.logic.funnel import compute_funnel, funnel_text
from i18n import t


@st.cache_resource(show_spinner=False, max_entries=64)
def shown_rows(rows_key: tuple, _results, _reasons):
    """Return the rows shown, filtered and ordered, with the reason column (the indicator that moved the index most)."""
    # The rows shown, filtered and ordered, with the reason column: once per view and filters (`rows_key` says which),
    # shared by every session showing them (nothing may change them).
    _stamp, _year, _lang, agency_type, province, rating, search = rows_key
    shown = peringkat.sort_for_ranking(peringkat.filter_results(_results, agency_type, province, rating, search))
    # The reason column: each agency's indicator that moved its index most since the previous year.
    # As text even when no agency has a reason (an empty map gives a float column, which "" cannot fill).
    return shown.assign(reason=shown["agency_code"].map(_reasons()).astype(object).fillna(""))


@st.cache_resource(show_spinner=False, max_entries=64)
def filter_options(stamp: str, year: int, lang: str, _results) -> tuple[list[str], dict[str, str]]:
    """Return the type filter's options (all first, then by name) and code → name of the provinces, by name."""
    # Once per view and language (`stamp` and year say which rows `_results` are), not worked out per session.
    types = [""] + sorted(_results["agency_type"].dropna().unique(), key=lambda s: t(f"type.{s}", lang=lang))
    provinces = _results[["province_code", "province_name"]].dropna().drop_duplicates().sort_values("province_name")
    return types, dict(zip(provinces["province_code"], provinces["province_name"], strict=True))


@st.cache_resource(show_spinner=False, max_entries=64)
def funnel_line(rows_key: tuple, _rows) -> str:
    """Return the funnel line of the rows shown (`rows_key` says which, as for `shown_rows`)."""
    return funnel_text(compute_funnel(_rows), rows_key[2])
