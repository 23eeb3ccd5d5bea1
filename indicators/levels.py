"""Which values a node of each level may hold (per indicator scale), and the wording used when one does not fit."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from indicators.errors import ScoringError
from indicators.framework import Framework
from indicators.model import INDICATOR, LevelScale, NodeKind


def _fmt(number: float) -> str:
    return f"{number:g}"


def _scale(framework: Framework, kind: NodeKind, code: str | None) -> LevelScale | None:
    if kind != INDICATOR:
        return None
    if code is not None and code in framework.nodes:
        return framework.scale_for(code)
    # No code given: the first indicator's scale (every scale of a framework shares its top).
    return framework.scale_for(framework.leaves[0].code)


def scale_hint(framework: Framework, kind: NodeKind, code: str | None = None) -> str:
    """Return what to write instead of a bad value, e.g. 'write a whole level from 1 to 5, or 0 for not answered'."""
    scale = _scale(framework, kind, code)
    if scale is None:
        low, high = framework.index_range
        return f"write a score from {_fmt(low)} to {_fmt(high)}"
    if scale.continuous:
        return f"write a number from {_fmt(scale.min)} to {_fmt(scale.max)}"
    hint = f"write a whole level from {_fmt(scale.min)} to {_fmt(scale.max)}"
    if scale.not_answered is not None and not scale.min <= scale.not_answered <= scale.max:
        hint += f", or {_fmt(scale.not_answered)} for not answered"
    return hint


def value_problem(framework: Framework, kind: NodeKind, value: float, code: str | None = None) -> str | None:
    """Return why `value` cannot be a score of a node of `kind` (indicator `code`), or None when it fits."""
    scale = _scale(framework, kind, code)
    low, high = (scale.floor, scale.max) if scale else framework.index_range
    if not math.isfinite(value) or value < low or value > high:
        return f"value '{_shown(value)}' is outside the scale {_fmt(low)}–{_fmt(high)}; {scale_hint(framework, kind, code)}"
    if scale is not None and not scale.fits(value):
        return f"value '{_shown(value)}' is not a whole level; {scale_hint(framework, kind, code)}"
    return None


def _shown(value: float) -> str:
    # Written only into a problem: scoring checks every level, and nearly all fit.
    return _fmt(value) if math.isfinite(value) else str(value)


def check_value(framework: Framework, kind: NodeKind, code: str, value: float) -> float:
    """Return `value` as a float or raise ScoringError naming the code when it lies outside the scale."""
    problem = value_problem(framework, kind, float(value), code)
    if problem:
        raise ScoringError(f"{code}: {problem}")
    return float(value)


def invalid_mask(framework: Framework, kind: NodeKind, values: np.ndarray,
                 codes: Sequence[str] | None = None) -> np.ndarray:
    """Return a boolean array marking given (non-NaN) values that do not fit; `codes` names the last axis (indicators)."""
    values = np.asarray(values, dtype=float)
    given = ~np.isnan(values)
    if kind != INDICATOR:
        low, high = framework.index_range
        return given & ~((values >= low) & (values <= high))
    if codes is None:
        codes = [framework.leaves[0].code] * values.shape[-1]
    fits = np.zeros(values.shape, dtype=bool)
    # Group columns by what their scales admit, not by scale name: SPBE's two named scales admit the same
    # levels, so the whole table is checked in one pass.
    by_rule: dict[tuple, list[int]] = {}
    scales: dict[tuple, LevelScale] = {}
    for j, code in enumerate(codes):
        scale = framework.level_scales[framework.nodes[code].level_scale]
        rule = ("continuous", scale.min, scale.max) if scale.continuous else ("named", *scale.allowed())
        by_rule.setdefault(rule, []).append(j)
        scales.setdefault(rule, scale)
    for rule, columns in by_rule.items():
        scale = scales[rule]
        part = values[..., columns] if len(columns) < values.shape[-1] else values
        ok = (part >= scale.min) & (part <= scale.max) if scale.continuous else \
            np.isin(part, np.asarray(scale.allowed(), dtype=float))
        if len(columns) < values.shape[-1]:
            fits[..., columns] = ok
        else:
            fits = ok
    return given & ~fits


def check_kind(kind: str, framework: Framework | None = None) -> NodeKind:
    """Return `kind` when it names a level of the framework ('domain', 'aspect', 'indicator'...), else raise ScoringError."""
    known = framework.kinds if framework is not None else ("domain", "aspect", INDICATOR)
    if kind not in known:
        raise ScoringError(f"unknown level {kind!r}; expected one of {', '.join(known)}")
    return kind
