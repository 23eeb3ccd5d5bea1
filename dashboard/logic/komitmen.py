"""Komitmen: the profile's card, the page's filters and the download of commitments (pure: frames in, frames out)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators import Framework

# Statuses in the order the card and the table list them; withdrawn ones are listed, never counted.
STATUS_ORDER = ("kept", "partly", "missed", "open", "withdrawn")
COUNTED = ("kept", "partly", "missed", "open")
# Stable English column names of the data download.
EXPORT_COLUMNS = ["id", "agency_code", "agency_name", "agency_type", "province_code", "framework_code", "indicator",
                  "indicator_name", "target_level", "target_year", "base_year", "base_level", "level", "status",
                  "responsible", "note", "meeting", "public", "created_by", "created_at", "withdrawn_reason",
                  "carried_from"]


@dataclass(frozen=True)
class CardCounts:
    """One agency's commitments for one target round: how many, and how many per status."""

    target_year: int
    total: int
    counts: dict[str, int]


def card_counts(frame: pd.DataFrame, agency_code: str, year: int) -> CardCounts | None:
    """Return the counts the profile's card shows: the agency's commitments due in `year`, else in the nearest round
    after it, else the latest before it (withdrawn ones left out); None without any."""
    own = frame[(frame["agency_code"] == agency_code) & (frame["status"] != "withdrawn")]
    if own.empty:
        return None
    years = sorted(int(y) for y in own["target_year"].unique())
    later = [y for y in years if y >= year]
    target = later[0] if later else years[-1]
    due = own[own["target_year"] == target]
    counts = {status: int((due["status"] == status).sum()) for status in COUNTED}
    return CardCounts(target_year=target, total=len(due), counts={k: v for k, v in counts.items() if v})


def filter_commitments(frame: pd.DataFrame, province: str | None = None, agency_type: str | None = None,
                       status: str | None = None, target_year: int | None = None) -> pd.DataFrame:
    """Return the commitments matching every given filter (province code, type slug, status, target round)."""
    mask = pd.Series(True, index=frame.index)
    if province:
        mask &= frame["province_code"] == province
    if agency_type:
        mask &= frame["agency_type"] == agency_type
    if status:
        mask &= frame["status"] == status
    if target_year:
        mask &= frame["target_year"] == target_year
    return frame[mask]


def indicator_text(framework_code: str, indicator: str, frameworks: dict[str, Framework], current: str | None,
                   lang: str) -> str:
    """Return 'I44 name'; an indicator of another framework than the one shown also names its framework."""
    fw = frameworks.get(framework_code)
    if fw is None or indicator not in fw.nodes:
        return f"{indicator} ({framework_code})"
    text = f"{indicator} {fw.name_of(indicator, lang)}"
    return text if framework_code == current else f"{text} ({fw.short_text(lang)})"


def commitments_export(frame: pd.DataFrame, frameworks: dict[str, Framework], lang: str) -> pd.DataFrame:
    """Return the commitments for download (CSV/XLSX): stable English columns, the indicator's name in `lang`."""
    names = [indicator_text(f, i, frameworks, f, lang).split(" ", 1)[-1]
             for f, i in zip(frame["framework_code"], frame["indicator"], strict=True)]
    out = frame.assign(indicator_name=names)
    out["created_at"] = pd.to_datetime(out["created_at"], utc=True).dt.tz_localize(None)
    return out.reindex(columns=EXPORT_COLUMNS).reset_index(drop=True)


def default_target(level: float | None, framework: Framework, indicator: str) -> float:
    """Return the target a form proposes: one level above the current one, within the indicator's scale."""
    scale = framework.scale_for(indicator)
    if level is None:
        return float(scale.min)
    step = scale.step if scale.continuous else 1.0
    return float(min(scale.max, max(scale.min, level + step)))
