"""What changed and why, for the profile, the ranking, the report and the slides (pure: frames in, values out)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.logic.formatting import fmt_number, fmt_signed, is_missing
from i18n import t
from indicators import Framework
from indicators.change import (
    Change,
    RankSplit,
    compute_change,
    compute_standstill_rank,
    compute_top_contributors,
    split_rank,
)

# The waterfall shows this many indicators by name; the rest of the change is one bar.
WATERFALL_BARS = 6


@dataclass(frozen=True)
class WhatChanged:
    """One agency's change from its previous result in the same framework: index, parts (None: index only), ranks."""

    year_before: int
    year: int
    index_before: float
    index_after: float
    change: Change | None
    ranks: RankSplit | None

    @property
    def delta(self) -> float:
        """Index now − index before (scale units)."""
        return self.change.delta if self.change else self.index_after - self.index_before


def previous_year(history: pd.DataFrame, agency_code: str, year: int) -> int | None:
    """Return the latest year before `year` in which the agency has an index in this history, else None."""
    own = history[(history["agency_code"] == agency_code) & (history["year"] < year) & history["index"].notna()]
    return int(own["year"].max()) if len(own) else None


def compute_what_changed(history: pd.DataFrame, levels_before: dict[str, float], levels_after: dict[str, float],
                         agency_code: str, year: int, framework: Framework) -> WhatChanged | None:
    """Return what changed since the agency's previous result (None without one); parts need both years' levels.

    The rank split uses the ranks the history shows and the standstill rank among this year's indices;
    it is left out where a rank is not shown (an unpublished year).
    """
    before_year = previous_year(history, agency_code, year)
    now = history[(history["agency_code"] == agency_code) & (history["year"] == year)]
    if before_year is None or now.empty or is_missing(now["index"].iloc[0]):
        return None
    then = history[(history["agency_code"] == agency_code) & (history["year"] == before_year)].iloc[0]
    complete = {n.code for n in framework.leaves}
    change = (compute_change(levels_before, levels_after, framework)
              if complete <= set(levels_before) and complete <= set(levels_after) else None)
    ranks = None
    rank_now, rank_then = now["rank"].iloc[0], then["rank"]
    if not is_missing(rank_now) and not is_missing(rank_then):
        year_rows = history[(history["year"] == year) & history["index"].notna()]
        indices = dict(zip(year_rows["agency_code"], year_rows["index"].astype(float), strict=True))
        standstill = compute_standstill_rank(agency_code, float(then["index"]), indices, framework, year)
        ranks = split_rank(int(rank_then), int(rank_now), standstill)
    return WhatChanged(year_before=before_year, year=year, index_before=float(then["index"]),
                       index_after=float(now["index"].iloc[0]), change=change, ranks=ranks)


def _items(pairs: list[tuple[str, float]], framework: Framework, lang: str) -> str:
    return ", ".join(f"{code} {framework.name_of(code, lang)} ({fmt_signed(part, framework.decimals, lang)})"
                     for code, part in pairs)


def change_sentence(what: WhatChanged, framework: Framework, lang: str) -> str:
    """Return the change in words: the index move, the indicators that moved it most, and the rank split."""
    decimals = framework.decimals
    values = {"delta": fmt_number(abs(what.delta), decimals, lang), "before": fmt_number(what.index_before, decimals, lang),
              "after": fmt_number(what.index_after, decimals, lang), "year_before": what.year_before}
    direction = "up" if round(what.delta, decimals) > 0 else "down" if round(what.delta, decimals) < 0 else "same"
    parts = [t(f"change.index_{direction}", lang=lang, **values)]
    if what.change is None:
        parts.append(t("change.index_only", lang=lang))
    else:
        if what.change.risers(2):
            parts.append(t("change.risers", lang=lang, items=_items(what.change.risers(2), framework, lang)))
        if what.change.fallers(2):
            parts.append(t("change.fallers", lang=lang, items=_items(what.change.fallers(2), framework, lang)))
    if what.ranks is not None:
        r = what.ranks
        move = "up" if r.change > 0 else "down" if r.change < 0 else "same"
        parts.append(t(f"change.rank_{move}", lang=lang, places=fmt_number(abs(r.change), 0, lang),
                       before=r.rank_before, after=r.rank_after))
        parts.append(t("change.rank_split", lang=lang, own=_places(r.own, lang), field=_places(r.field, lang),
                       standstill=fmt_number(r.standstill_rank, 0, lang)))
    return " ".join(parts)


def _places(value: int, lang: str) -> str:
    # Places moved with their sign: +12 up, −8 down ("−", not "-", as every change on the pages).
    return fmt_signed(value, 0, lang)


def waterfall_rows(what: WhatChanged, framework: Framework, lang: str, bars: int = WATERFALL_BARS) -> pd.DataFrame:
    """Return the waterfall's bars in order: index before, the largest parts, the rest together, index now.

    Columns: label, start, end (scale units), kind ('total', 'up', 'down'), order, text. Every bar starts
    where the one before it ended, and the last total equals the first plus every part.
    """
    rows = [{"label": str(what.year_before), "start": 0.0, "end": what.index_before, "kind": "total"}]
    level = what.index_before
    if what.change is not None:
        moved = sorted(((c, p) for c, p in what.change.parts.items() if p != 0), key=lambda kv: -abs(kv[1]))
        shown, rest = moved[:bars], moved[bars:]
        for code, part in shown:
            rows.append({"label": code, "start": level, "end": level + part, "kind": "up" if part > 0 else "down"})
            level += part
        if rest:
            part = sum(p for _, p in rest)
            rows.append({"label": t("change.rest", lang=lang, n=len(rest)), "start": level, "end": level + part,
                         "kind": "up" if part >= 0 else "down"})
            level += part
    else:
        rows.append({"label": t("change.unsplit", lang=lang), "start": level, "end": what.index_after,
                     "kind": "up" if what.index_after >= level else "down"})
    rows.append({"label": str(what.year), "start": 0.0, "end": what.index_after, "kind": "total"})
    frame = pd.DataFrame(rows)
    frame["order"] = range(len(frame))
    frame["text"] = [fmt_number(e, framework.decimals, lang) if k == "total" else fmt_signed(e - s, framework.decimals, lang)
                     for s, e, k in zip(frame["start"], frame["end"], frame["kind"], strict=True)]
    return frame


def waterfall_range(rows: pd.DataFrame, decimals: int, floor: float | None = None) -> tuple[float, float]:
    """Return the axis range (scale units) that zooms a waterfall on its change, with room for the value labels."""
    ends = pd.concat([rows["end"], rows.loc[rows["kind"] != "total", "start"]])
    span = max(float(ends.max() - ends.min()), 10.0 ** -decimals)
    low = float(ends.min()) - span * 0.6
    return (low if floor is None else max(floor, low)), float(ends.max()) + span * 0.35


def ranking_reasons(final_before: pd.DataFrame, final_after: pd.DataFrame, framework: Framework,
                    lang: str) -> pd.Series:
    """Return, per agency code present in both years' final values, its largest indicator part ('I44 −0,08')."""
    wide = [frame[frame["kind"] == "indicator"].pivot_table(index="agency_code", columns="code", values="value",
                                                             aggfunc="last")
            for frame in (final_before, final_after)]
    complete = [w.dropna(subset=[c for c in w.columns if c in framework.nodes], how="any") for w in wide]
    top = compute_top_contributors(complete[0], complete[1], framework)
    texts = [f"{code} {fmt_signed(part, framework.decimals, lang)}" if isinstance(code, str) else ""
             for code, part in zip(top["indicator"], top["part"], strict=True)]
    return pd.Series(texts, index=top["agency"].to_numpy(), dtype=object)
