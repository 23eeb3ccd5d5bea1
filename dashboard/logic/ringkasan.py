"""Ringkasan nasional: key national figures, rating counts, domain trend, top and bottom (pure)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators import Framework


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
    from dashboard.logic.aggregates import compute_aggregates

    return compute_overview_from(compute_aggregates(history)[0], year, framework)


def compute_overview_from(figures: pd.DataFrame, year: int, framework: Framework) -> Overview:
    """Return the `Overview` of `year` from national figures per year (`logic.aggregates` columns: year, rows,
    submitted, mean, median)."""
    now = figures[figures["year"] == year]
    before = figures[figures["year"] < year].sort_values("year").tail(1)

    def one(frame: pd.DataFrame, column: str) -> float | None:
        value = frame[column].iloc[0] if len(frame) else None
        return None if value is None or pd.isna(value) else float(value)

    return Overview(
        evaluated=int(now["rows"].iloc[0]) if len(now) else 0,
        submitted=int(now["submitted"].iloc[0]) if len(now) else 0,
        mean=one(now, "mean"),
        median=one(now, "median"),
        previous_mean=one(before, "mean"),
        published=framework.reference_for(year),
        previous_published=framework.reference_for(year - 1),
    )


def rating_counts(results: pd.DataFrame, framework: Framework, type_label, lang: str) -> pd.DataFrame:
    """Return counts per agency type and rating label (submitted agencies only), in band order."""
    submitted = results[results["submitted"]]
    counts = submitted.groupby(["agency_type", "rating"]).size().rename("count").reset_index()
    return rating_counts_from(counts, framework, type_label, lang)


def rating_counts_from(counts: pd.DataFrame, framework: Framework, type_label, lang: str) -> pd.DataFrame:
    """Return `rating_counts` from counts per agency type and rating slug (columns agency_type, rating, count)."""
    labels = {b.slug: b.text(lang) for b in framework.rating_bands}
    counts = counts.sort_values(["agency_type", "rating"], kind="stable")[["agency_type", "rating", "count"]]
    # Central agency types first, then provinces, regencies, cities: the order of the registry's list.
    from ingest.registry import AGENCY_TYPES

    counts = counts.assign(_order=counts["agency_type"].map({s: i for i, s in enumerate(AGENCY_TYPES)}))
    counts = counts.sort_values("_order", kind="stable")
    counts["group"] = counts["agency_type"].map(type_label)
    counts["rating"] = counts["rating"].map(labels)
    return counts[["group", "rating", "count"]]


def domain_trend(history: pd.DataFrame, framework: Framework, lang: str, index_label: str) -> pd.DataFrame:
    """Return the mean index and top-level node values of submitted agencies per year as long rows (year, series, value)."""
    submitted = history[history["submitted"]]
    columns = ["index", *(d.code for d in framework.top_nodes)]
    return domain_trend_from(submitted.groupby("year")[columns].mean().reset_index(), framework, lang, index_label)


def domain_trend_from(means: pd.DataFrame, framework: Framework, lang: str, index_label: str) -> pd.DataFrame:
    """Return `domain_trend` from the means per year (columns year, index and the top-level node codes)."""
    columns = ["index", *(d.code for d in framework.top_nodes)]
    long = means[["year", *columns]].melt(id_vars="year", var_name="code", value_name="value").dropna(subset=["value"])
    names = {"index": index_label, **{d.code: f"{d.code} {d.label(lang)}" for d in framework.top_nodes}}
    long["series"] = long["code"].map(names)
    return long[["year", "series", "value"]]


def top_bottom(results: pd.DataFrame, n: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the n best and n worst submitted agencies of a year (best first / worst first)."""
    ranked = results[results["submitted"]].sort_values(["rank", "agency_name"])
    return ranked.head(n), ranked.tail(n).iloc[::-1]
