"""Situs publik: what the static public site shows of one published year and framework (pure, no store, no HTML).

Everything here works on frames already read for the public viewer (`ingest.access.reads`), so the
site can only show what the public may see; this module never widens that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard.logic import peringkat
from dashboard.logic.instansi import indicator_levels
from dashboard.logic.results import node_columns
from indicators import Framework

# Characters allowed in a page's file name; anything else in an agency code becomes "_".
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class AgencyPage:
    """One agency's public profile of the year: its results row, its trend and its indicator levels."""

    code: str
    row: dict
    trend: list[dict]
    levels: list[dict]


def page_name(agency_code: str) -> str:
    """Return the file name (without folder) of an agency's profile page, safe on any file system."""
    name = _UNSAFE.sub("_", str(agency_code)).strip(".")
    return f"{name or '_'}.html"


def ranked_rows(history: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the year's agencies in ranking order (ranked first, best first; then the others by name)."""
    rows = history[history["year"] == year]
    return peringkat.sort_for_ranking(rows).reset_index(drop=True)


def agency_trend(history: pd.DataFrame, agency_code: str, up_to: int) -> list[dict]:
    """Return the agency's published results up to `up_to` as dicts (year, index, rating, rank), oldest first."""
    own = history[(history["agency_code"] == agency_code) & history["submitted"] & (history["year"] <= up_to)]
    own = own.sort_values("year")
    return [{"year": int(r["year"]), "index": float(r["index"]), "rating": r["rating"],
             "rank": None if pd.isna(r["rank"]) else int(r["rank"])} for _, r in own.iterrows()]


def level_rows(final: pd.DataFrame, agency_code: str, framework: Framework, lang: str) -> list[dict]:
    """Return one dict per indicator (code, name, parent, level, level name) of the agency's final, public levels."""
    levels = indicator_levels(final, agency_code)
    rows = []
    for node in framework.leaves:
        level = levels.get(node.code)
        parent = framework.node(node.parent) if node.parent else None
        rows.append({"code": node.code, "name": node.label(lang), "parent": parent.code if parent else "",
                     "level": level,
                     "level_name": framework.level_name(node.code, level, lang) if level is not None else ""})
    return rows


def node_rows(row: dict, framework: Framework, lang: str) -> list[dict]:
    """Return the agency's value of every node above the indicators (code, name, depth, value), top level first."""
    return [{"code": code, "name": framework.node(code).label(lang), "depth": framework.node(code).depth,
             "value": None if pd.isna(row.get(code)) else float(row[code])} for code in node_columns(framework)]


def agency_pages(history: pd.DataFrame, final: pd.DataFrame, year: int, framework: Framework,
                 lang: str) -> list[AgencyPage]:
    """Return the profile of every agency listed in the year (those that did not submit say so, with no values)."""
    pages = []
    for _, row in ranked_rows(history, year).iterrows():
        code = str(row["agency_code"])
        pages.append(AgencyPage(code=code, row=row.to_dict(), trend=agency_trend(history, code, year),
                                levels=level_rows(final, code, framework, lang) if row["submitted"] else []))
    return pages


def province_options(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """Return (province code, name) of the provinces in the rows, by name (the ranking's province filter)."""
    found = rows.dropna(subset=["province_code"]).drop_duplicates("province_code")
    pairs = [(str(c), str(n)) for c, n in zip(found["province_code"], found["province_name"], strict=True)
             if isinstance(n, str)]
    return sorted(pairs, key=lambda pair: pair[1])
