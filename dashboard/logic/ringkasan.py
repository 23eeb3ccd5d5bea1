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
    """Return the mean index and top-level node values of submitted agencies per year as long rows (year, series, value)."""
    submitted = history[history["submitted"]]
    columns = ["index", *(d.code for d in framework.top_nodes)]
    means = submitted.groupby("year")[columns].mean().reset_index()
    long = means.melt(id_vars="year", var_name="code", value_name="value").dropna(subset=["value"])
    names = {"index": index_label, **{d.code: f"{d.code} {d.label(lang)}" for d in framework.top_nodes}}
    long["series"] = long["code"].map(names)
    return long[["year", "series", "value"]]


def top_bottom(results: pd.DataFrame, n: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the n best and n worst submitted agencies of a year (best first / worst first)."""
    ranked = results[results["submitted"]].sort_values(["rank", "agency_name"])
    return ranked.head(n), ranked.tail(n).iloc[::-1]
