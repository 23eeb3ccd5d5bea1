"""Which values a node of each kind may hold, and the wording used when one does not fit."""

from __future__ import annotations

import math

import numpy as np

from indicators.errors import ScoringError
from indicators.framework import Framework
from indicators.model import KINDS, NodeKind


def _fmt(number: float) -> str:
    return f"{number:g}"


def scale_range(framework: Framework) -> str:
    """Return the scale's full range as text, e.g. '0–5' (floor to max)."""
    return f"{_fmt(framework.scale.floor)}–{framework.scale.max}"


def scale_hint(framework: Framework, kind: NodeKind) -> str:
    """Return what to write instead of a bad value, e.g. 'write a whole level from 1 to 5, or 0 for not answered'."""
    scale = framework.scale
    if kind != "indicator":
        return f"write a score from {_fmt(scale.floor)} to {scale.max}"
    hint = f"write a whole level from {scale.min} to {scale.max}"
    if scale.not_answered is not None and not scale.min <= scale.not_answered <= scale.max:
        hint += f", or {scale.not_answered} for not answered"
    return hint


def value_problem(framework: Framework, kind: NodeKind, value: float) -> str | None:
    """Return why `value` cannot be a score of a node of `kind` (without naming the node), or None when it fits."""
    scale = framework.scale
    shown = _fmt(value) if math.isfinite(value) else str(value)
    if not math.isfinite(value) or value < scale.floor or value > scale.max:
        return f"value '{shown}' is outside the scale {scale_range(framework)}; {scale_hint(framework, kind)}"
    if kind == "indicator" and value not in scale.allowed():
        return f"value '{shown}' is not a whole level; {scale_hint(framework, kind)}"
    return None


def check_value(framework: Framework, kind: NodeKind, code: str, value: float) -> float:
    """Return `value` as a float or raise ScoringError naming the code when it lies outside the scale."""
    problem = value_problem(framework, kind, float(value))
    if problem:
        raise ScoringError(f"{code}: {problem}")
    return float(value)


def invalid_mask(framework: Framework, kind: NodeKind, values: np.ndarray) -> np.ndarray:
    """Return a boolean array marking given (non-NaN) values that do not fit the scale for `kind`."""
    scale = framework.scale
    given = ~np.isnan(values)
    if kind == "indicator":
        fits = np.isin(values, np.asarray(scale.allowed(), dtype=float))
    else:
        fits = (values >= scale.floor) & (values <= scale.max)
    return given & ~fits


def check_kind(kind: str) -> NodeKind:
    """Return `kind` when it names a node kind ('domain', 'aspect', 'indicator'), else raise ScoringError."""
    if kind not in KINDS:
        raise ScoringError(f"unknown level {kind!r}; expected one of {', '.join(KINDS)}")
    return kind  # type: ignore[return-value]
