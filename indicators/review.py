"""Strengths and weaknesses per parent of indicators, and the gap between self-assessed and final levels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.errors import ScoringError
from indicators.framework import Framework
from indicators.levels import check_value, invalid_mask, value_problem
from indicators.model import INDICATOR
from indicators.scoring import compute_scores, resolve_code
from indicators.weights import INDEX

# Strong and weak levels as fractions of the scale's span (min..max), so another scale needs no code:
# on 1–5, strong is 4–5 (the top two levels) and weak is 1–2 (the bottom two).
STRONG_FROM = 0.75
WEAK_UP_TO = 0.25


@dataclass(frozen=True)
class AspectProfile:
    """One parent of indicators (SPBE: an aspect; 'index' in a one-level framework): its score (None if
    incomplete) and its strong, weak and unanswered indicators, in framework order."""

    aspect: str
    score: float | None
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    unanswered: tuple[str, ...]


@dataclass(frozen=True)
class AssessmentGap:
    """Self-assessed minus final level per indicator compared, their mean, and counts of over- and under-assessment."""

    differences: dict[str, float]
    mean_difference: float | None
    over: int
    under: int
    compared: int


def level_class(level: float, framework: Framework, code: str | None = None) -> str:
    """Return 'unanswered', 'weak', 'strong' or 'middle' for a valid value of indicator `code` (default: the first)."""
    scale = framework.scale_for(code or framework.leaves[0].code)
    if scale.not_answered is not None and level == scale.not_answered and not scale.min <= level <= scale.max:
        return "unanswered"
    share = (level - scale.min) / (scale.max - scale.min)
    if share >= STRONG_FROM:
        return "strong"
    if share <= WEAK_UP_TO:
        return "weak"
    return "middle"


def compute_strengths_weaknesses(levels: Mapping[str, float | None], framework: Framework) -> dict[str, AspectProfile]:
    """Return, per parent of indicators (SPBE: aspect), its score and its strong (top quarter of the scale), weak
    (bottom quarter) and unanswered indicators; a one-level framework gives one profile keyed 'index'."""
    scores = compute_scores(levels, framework, level=INDICATOR)
    parents = [(node.code, node.children, scores.nodes[node.code]) for node in framework.nodes_at(framework.depth - 1)] \
        if framework.depth > 1 else [(INDEX, tuple(n.code for n in framework.leaves), scores.index)]
    profiles = {}
    for parent, children, score in parents:
        groups: dict[str, list[str]] = {"strong": [], "weak": [], "unanswered": [], "middle": []}
        for code in children:
            level = scores.nodes.get(code)
            if level is not None:
                groups[level_class(level, framework, code)].append(code)
        profiles[parent] = AspectProfile(aspect=parent, score=score,
                                              strengths=tuple(groups["strong"]), weaknesses=tuple(groups["weak"]),
                                              unanswered=tuple(groups["unanswered"]))
    return profiles


def compute_assessment_gap(self_levels: Mapping[str, int | None], final_levels: Mapping[str, int | None],
                           framework: Framework) -> AssessmentGap:
    """Return self − final level per indicator given in both (positive = self-assessment higher) and a summary."""
    def valid(levels: Mapping[str, int | None]) -> dict[str, float]:
        out = {}
        for key, value in levels.items():
            code = resolve_code(framework, key)
            if framework.nodes[code].kind != INDICATOR:
                raise ScoringError(f"{code} is not an indicator")
            if value is not None and not pd.isna(value):
                out[code] = check_value(framework, INDICATOR, code, float(value))
        return out

    mine, final = valid(self_levels), valid(final_levels)
    differences = {n.code: _plain(mine[n.code] - final[n.code]) for n in framework.indicators
                   if n.code in mine and n.code in final}
    values = list(differences.values())
    return AssessmentGap(differences=differences, mean_difference=float(np.mean(values)) if values else None,
                         over=sum(d > 0 for d in values), under=sum(d < 0 for d in values), compared=len(values))


def compute_assessment_gap_frame(long: pd.DataFrame, framework: Framework, *,
                                 key: Sequence[str] | str = ("agency", "year"), code: str = "code",
                                 self_col: str = "self_level", final_col: str = "final_level") -> pd.DataFrame:
    """Return one row per key: self − final per indicator code (NaN where either is absent), mean_difference, over, under, compared."""
    keys = [key] if isinstance(key, str) else list(key)
    absent = [c for c in [*keys, code, self_col, final_col] if c not in long.columns]
    if absent:
        raise ScoringError(f"the table has no column {', '.join(map(repr, absent))}")
    codes = long[code].map(lambda text: resolve_code(framework, text))
    not_indicator = [c for c in codes.unique() if framework.nodes[c].kind != INDICATOR]
    if not_indicator:
        raise ScoringError(f"{', '.join(not_indicator)} {'is' if len(not_indicator) == 1 else 'are'} not an indicator")
    frame = long[keys].assign(_code=codes.to_numpy())
    for column in (self_col, final_col):
        numbers = pd.to_numeric(long[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = invalid_mask(framework, INDICATOR, numbers, codes.tolist())
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            problem = value_problem(framework, INDICATOR, numbers[row], codes.iloc[row])
            raise ScoringError(f"{column}, {codes.iloc[row]}: {problem}")
        frame[column] = numbers
    frame["_difference"] = frame[self_col] - frame[final_col]
    if frame.duplicated([*keys, "_code"]).any():
        raise ScoringError("an indicator is given more than once for one key")
    wide = frame.pivot_table(index=keys, columns="_code", values="_difference", aggfunc="first", dropna=False)
    order = [n.code for n in framework.indicators]
    wide = wide.reindex(columns=order)
    wide.columns.name = None
    result = wide.copy()
    result["mean_difference"] = wide.mean(axis=1, skipna=True)
    result["over"] = (wide > 0).sum(axis=1)
    result["under"] = (wide < 0).sum(axis=1)
    result["compared"] = wide.notna().sum(axis=1)
    return result.reset_index()


def _plain(difference: float) -> float:
    # Differences of whole levels stay ints (3, not 3.0); continuous scales keep their fractions.
    return int(difference) if float(difference).is_integer() else round(difference, 10)
