"""Checks of single values shared by the readers: levels, scores on the scale, review marks, ratings."""

from __future__ import annotations

from typing import Any

from indicators import Framework
from ingest.cells import label_key, parse_level, parse_number, parse_year

_REVIEW = {
    "valid": "valid", "v": "valid", "ya": "valid", "yes": "valid", "sesuai": "valid",
    "tidak valid": "tidak-valid", "tidak-valid": "tidak-valid", "tv": "tidak-valid", "invalid": "tidak-valid",
    "not valid": "tidak-valid", "tidak": "tidak-valid", "no": "tidak-valid", "tidak sesuai": "tidak-valid",
}


# Level names by (framework source, indicator code); frameworks hold dicts, so they cannot be cache keys.
_NAMES: dict[tuple[str, str], dict[str, int]] = {}


def _level_names(fw: Framework, code: str) -> dict[str, int]:
    key = (fw.source, code)
    if key not in _NAMES:
        scale = fw.level_scales.get(fw.node(code).level_scale or "")
        levels = scale.levels.items() if scale else ()
        _NAMES[key] = {label_key(name): level for level, names in levels for name in names.values()}
    return _NAMES[key]


def check_level(fw: Framework, code: str, value: Any) -> tuple[int | None, str | None]:
    """Return (level, None) for a valid level cell, (None, None) for a blank, or (None, problem slug)."""
    number, why = parse_level(value, _level_names(fw, code))
    if number is None:
        return None, (None if why == "blank" else "level-unreadable")
    if not number.is_integer():
        return None, "level-not-whole"
    if int(number) not in fw.scale.allowed():
        return None, "level-out-of-scale"
    return int(number), None


def check_score(fw: Framework, value: Any) -> tuple[float | None, str | None]:
    """Return (score, None) or (score, 'below-scale') for an aspect/domain/index value, (None, slug) when bad."""
    number = parse_number(value)
    if number is None:
        return None, "score-unreadable"
    if not fw.scale.floor <= number <= fw.scale.max:
        return None, "score-out-of-scale"
    return number, ("below-scale" if number < fw.scale.min else None)


def check_review(value: Any) -> tuple[str | None, bool]:
    """Return (review slug or None for blank, True) or (None, False) when the mark is not understood."""
    if value is None:
        return None, True
    review = _REVIEW.get(label_key(value))
    return review, review is not None


def check_year(value: Any, ctx: Any, *, sheet: str, cell: str) -> int | None:
    """Return the year a cell gives; report a typo (year-unreadable) or a year contradicting the caller's (year-conflict)."""
    if value is None:
        return None
    year = parse_year(value)
    if year is None:
        ctx.problem("year-unreadable", sheet=sheet, cell=cell, value=value, expected="a year from 1990 to 2100")
    elif ctx.year is not None and year != ctx.year:
        ctx.problem("year-conflict", sheet=sheet, cell=cell, value=year, expected=str(ctx.year), chosen=ctx.year)
    return year


def scale_fields(fw: Framework) -> dict[str, Any]:
    """Return the message fields describing the level scale (low, high, not-answered, allowed list)."""
    allowed = fw.scale.allowed()
    return {
        "floor": fw.scale.floor,
        "low": fw.scale.min,
        "high": fw.scale.max,
        "na": fw.scale.not_answered,
        "allowed": ", ".join(str(level) for level in allowed),
    }
