"""Checks of single values shared by the readers: levels, scores on the scale, review marks, ratings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from indicators import Framework
from ingest.cells import label_key, parse_level, parse_number, parse_year
from ingest.readers.headers import cell_key

_REVIEW = {
    "valid": "valid", "v": "valid", "ya": "valid", "yes": "valid", "sesuai": "valid",
    "tidak valid": "tidak-valid", "tidak-valid": "tidak-valid", "tv": "tidak-valid", "invalid": "tidak-valid",
    "not valid": "tidak-valid", "tidak": "tidak-valid", "no": "tidak-valid", "tidak sesuai": "tidak-valid",
}


@dataclass(frozen=True)
class _Scale:
    """What checking one indicator's cell needs, worked out once per framework and indicator."""

    conversion: Any
    names: dict[str, int]
    continuous: bool
    low: float
    high: float
    allowed: frozenset[float]


# Per framework (by identity, the object kept so a freed id is never reused) and indicator code: a
# batch checks ~100 cells per file against the same few scales, so each is worked out once.
_SCALES: dict[int, tuple[Framework, dict[str, _Scale]]] = {}


def _scale(fw: Framework, code: str) -> _Scale:
    cached = _SCALES.get(id(fw))
    if cached is None or cached[0] is not fw:
        if len(_SCALES) > 64:
            _SCALES.clear()
        cached = _SCALES[id(fw)] = (fw, {})
    found = cached[1].get(code)
    if found is None:
        conversion = fw.node(code).conversion
        if conversion is not None:
            found = _Scale(conversion, {}, False, 0.0, 0.0, frozenset())
        else:
            scale = fw.scale_for(code)
            names = {label_key(name): level for level, names in scale.levels.items() for name in names.values()}
            found = _Scale(None, names, scale.continuous, scale.min, scale.max, frozenset(scale.allowed()))
        cached[1][code] = found
    return found


def check_level(fw: Framework, code: str, value: Any) -> tuple[float | None, str | None]:
    """Return (value, None) for a valid cell on the indicator's scale, (None, None) for a blank, or (None, problem slug).

    A named scale takes whole levels (or their names); a continuous one any number from its min to max.
    """
    scale = _scale(fw, code)
    if scale.conversion is not None:
        # A raw value on the indicator's own scale (a 0–100 survey): checked there, then converted.
        raw = raw_value(fw, code, value)
        if raw is None:
            return None, (None if value is None or str(value).strip() == "" else "level-unreadable")
        return (scale.conversion.convert(raw), None) if scale.conversion.fits(raw) else (None, "level-out-of-scale")
    if value is None:
        return None, None
    if type(value) is float and not scale.continuous and value in scale.allowed and value.is_integer():
        return int(value), None  # most cells: a whole level typed as a number, as the checks below would find
    number, why = parse_level(value, scale.names)
    if number is None:
        return None, (None if why == "blank" else "level-unreadable")
    if scale.continuous:
        return (float(number), None) if scale.low <= number <= scale.high else (None, "level-out-of-scale")
    if not number.is_integer():
        return None, "level-not-whole"
    if float(number) not in scale.allowed:
        return None, "level-out-of-scale"
    return int(number), None


def raw_value(fw: Framework, code: str, value: Any) -> float | None:
    """Return the raw value a cell gives for an indicator with a conversion (kept beside the converted one), else None."""
    return parse_number(value) if fw.node(code).conversion is not None and value is not None else None


def check_score(fw: Framework, value: Any) -> tuple[float | None, str | None]:
    """Return (score, None) or (score, 'below-scale') for a value above the indicators (within the index range), (None, slug) when bad."""
    number = parse_number(value)
    if number is None:
        return None, "score-unreadable"
    low, high = fw.index_range
    if not low <= number <= high:
        return None, "score-out-of-scale"
    return number, ("below-scale" if number < fw.scale.min else None)


def check_review(value: Any) -> tuple[str | None, bool]:
    """Return (review slug or None for blank, True) or (None, False) when the mark is not understood."""
    if value is None:
        return None, True
    review = _REVIEW.get(cell_key(value))
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


def scale_fields(fw: Framework, code: str | None = None) -> dict[str, Any]:
    """Return the message fields describing the scale of indicator `code` (else the index range): low, high, na, allowed."""
    if code is None:
        low, high = fw.index_range
        na = fw.scale.not_answered
        return {"floor": low, "low": f"{fw.scale.min:g}", "high": f"{high:g}", "na": "-" if na is None else f"{na:g}",
                "allowed": f"{low:g}–{high:g}"}
    conversion = fw.node(code).conversion
    if conversion is not None:  # the cell takes the raw value on its own scale
        return {"floor": conversion.low, "low": f"{conversion.low:g}", "high": f"{conversion.high:g}", "na": "-",
                "allowed": f"{conversion.low:g}–{conversion.high:g}"}
    scale = fw.scale_for(code)
    allowed = scale.allowed()
    return {
        "floor": scale.floor,
        "low": f"{scale.min:g}",
        "high": f"{scale.max:g}",
        "na": "-" if scale.not_answered is None else f"{scale.not_answered:g}",
        "allowed": ", ".join(f"{level:g}" for level in allowed) if allowed else f"{scale.min:g}–{scale.max:g}",
    }
