"""Pure helpers that turn results frames into what each page shows (no Streamlit, tested directly)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators import Framework

RANKING_EXPORT_COLUMNS = ["rank", "agency_code", "agency_name", "agency_type", "province", "index", "rating",
                          "D1", "D2", "D3", "D4", "rank_change"]
# Levels at or above this count as "mastered" when looking for learning partners.
PARTNER_MIN_LEVEL = 4


@dataclass(frozen=True)
class Overview:
    """Key national figures of one year."""

    evaluated: int
    submitted: int
    mean: float | None
    median: float | None
    previous_mean: float | None
    published: dict | None
    previous_published: dict | None


def compute_overview(history: pd.DataFrame, year: int, framework: Framework) -> Overview:
    """Return the counts, computed mean and median, and published national figures of `year` and the year before."""
    now = history[history["year"] == year]
    before_years = sorted(y for y in history["year"].unique() if y < year)
    before = history[history["year"] == before_years[-1]] if before_years else None
    submitted = now[now["submitted"]]
    return Overview(
        evaluated=len(now),
        submitted=len(submitted),
        mean=_stat(submitted["index"], "mean"),
        median=_stat(submitted["index"], "median"),
        previous_mean=_stat(before.loc[before["submitted"], "index"], "mean") if before is not None else None,
        published=framework.reference_for(year),
        previous_published=framework.reference_for(year - 1),
    )


def _stat(values: pd.Series, how: str) -> float | None:
    values = values.dropna()
    return float(getattr(values, how)()) if len(values) else None


def rating_counts(results: pd.DataFrame, framework: Framework, type_label, lang: str) -> pd.DataFrame:
    """Return counts per agency type and rating label (submitted agencies only), in band order."""
    submitted = results[results["submitted"]]
    labels = {b.slug: b.text(lang) for b in framework.rating_bands}
    counts = submitted.groupby(["agency_type", "rating"]).size().rename("count").reset_index()
    # Central agency types first, then provinces, regencies, cities: the order of the registry's list.
    from ingest.registry import AGENCY_TYPES

    counts = counts.assign(_order=counts["agency_type"].map({s: i for i, s in enumerate(AGENCY_TYPES)}))
    counts = counts.sort_values("_order", kind="stable")
    counts["group"] = counts["agency_type"].map(type_label)
    counts["rating"] = counts["rating"].map(labels)
    return counts[["group", "rating", "count"]]


def domain_trend(history: pd.DataFrame, framework: Framework, lang: str, index_label: str) -> pd.DataFrame:
    """Return the mean index and domain values of submitted agencies per year as long rows (year, series, value)."""
    submitted = history[history["submitted"]]
    columns = ["index", *(d.code for d in framework.domains)]
    means = submitted.groupby("year")[columns].mean().reset_index()
    long = means.melt(id_vars="year", var_name="code", value_name="value").dropna(subset=["value"])
    names = {"index": index_label, **{d.code: f"{d.code} {d.label(lang)}" for d in framework.domains}}
    long["series"] = long["code"].map(names)
    return long[["year", "series", "value"]]


def top_bottom(results: pd.DataFrame, n: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the n best and n worst submitted agencies of a year (best first / worst first)."""
    ranked = results[results["submitted"]].sort_values(["rank", "agency_name"])
    return ranked.head(n), ranked.tail(n).iloc[::-1]


def filter_results(results: pd.DataFrame, agency_type: str | None = None, province: str | None = None,
                   rating: str | None = None, search: str | None = None) -> pd.DataFrame:
    """Return the rows matching every given filter (type slug, province code, rating slug, name or code text)."""
    mask = pd.Series(True, index=results.index)
    if agency_type:
        mask &= results["agency_type"] == agency_type
    if province:
        mask &= results["province_code"] == province
    if rating:
        mask &= results["rating"] == rating
    if search and search.strip():
        needle = search.strip().casefold()
        mask &= (results["agency_name"].str.casefold().str.contains(needle, regex=False)
                 | results["agency_code"].str.casefold().str.startswith(needle))
    return results[mask]


def sort_for_ranking(results: pd.DataFrame) -> pd.DataFrame:
    """Return rows ranked first (best first), then agencies that did not submit by name."""
    return results.assign(_missing=results["rank"].isna()).sort_values(
        ["_missing", "rank", "agency_name"]).drop(columns="_missing")


def ranking_export(results: pd.DataFrame, framework: Framework, year: int, lang: str = "id") -> pd.DataFrame:
    """Return the ranking rows shown, for download: unrounded numbers, official rating labels, province names."""
    labels = {b.slug: b.text(lang) for b in framework.rating_bands}
    frame = pd.DataFrame({
        "rank": results["rank"],
        "agency_code": results["agency_code"],
        "agency_name": results["agency_name"],
        "agency_type": results["agency_type"],
        "province": results["province_name"].fillna(""),
        "index": results["index"],
        "rating": results["rating"].map(labels),
    })
    for domain in ("D1", "D2", "D3", "D4"):
        frame[domain] = results.get(domain, np.nan)
    frame["rank_change"] = results["rank_change"]
    return frame[RANKING_EXPORT_COLUMNS].reset_index(drop=True)


def peer_medians(results: pd.DataFrame, agency_type: str, columns: list[str]) -> pd.Series:
    """Return the median of each column among submitted agencies of one type."""
    peers = results[(results["agency_type"] == agency_type) & results["submitted"]]
    return peers[columns].median(numeric_only=True).reindex(columns)


def learning_partners(levels_by_agency: pd.DataFrame, agency_code: str, weakest: list[str],
                      results: pd.DataFrame, per_indicator: int = 3) -> pd.DataFrame:
    """Return peers (same type, submitted) at level 4–5 on the agency's weakest indicators, best index first.

    `levels_by_agency` is the year's final levels (agency_code, code, value).
    """
    me = results[results["agency_code"] == agency_code]
    if me.empty or not weakest:
        return pd.DataFrame(columns=["code", "agency_code", "agency_name", "level", "index"])
    peers = results[(results["agency_type"] == me["agency_type"].iloc[0]) & results["submitted"]
                    & (results["agency_code"] != agency_code)][["agency_code", "agency_name", "index"]]
    good = levels_by_agency[levels_by_agency["code"].isin(weakest) & (levels_by_agency["value"] >= PARTNER_MIN_LEVEL)]
    found = good.merge(peers, on="agency_code").rename(columns={"value": "level"})
    found = found.sort_values(["code", "level", "index"], ascending=[True, False, False])
    order = {code: i for i, code in enumerate(weakest)}
    found = found.groupby("code", sort=False).head(per_indicator)
    found = found.assign(_order=found["code"].map(order)).sort_values(["_order", "level", "index"],
                                                                       ascending=[True, False, False])
    return found[["code", "agency_code", "agency_name", "level", "index"]].reset_index(drop=True)


def weakest_indicators(levels: dict[str, float], framework: Framework, n: int = 5) -> list[str]:
    """Return the n indicators with the lowest final level, heaviest weight first among equals."""
    rows = [(value, -framework.node(code).weight, framework.node(code).number, code)
            for code, value in levels.items() if framework.nodes.get(code) and framework.node(code).kind == "indicator"
            and not pd.isna(value) and value < framework.scale.max]
    return [row[3] for row in sorted(rows)[:n]]
