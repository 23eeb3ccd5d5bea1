"""Read a number as people write it in a cell or a framework file: 3.42, '3,42', '1.234,5' (never a boolean or a date)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

# Cells people fill with a dash or "n/a" to mean "nothing here".
BLANK_MARKS = frozenset({"", "-", "–", "—", "n/a", "na", "#n/a", "none", "null"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+,\d+$")


def is_blank(value: Any) -> bool:
    """True when a cell holds nothing meaningful (None, NaN, empty or a dash-like placeholder)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().casefold() in BLANK_MARKS


def parse_number(value: Any) -> float | None:
    """Return the finite number a value holds (3.42, '3,42', '3.42', '1.234,5') or None when it is not one number.

    Raises nothing: the caller decides whether None means blank (check `is_blank` first) or unreadable.
    """
    if isinstance(value, bool) or is_blank(value):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.time, dt.timedelta)) or not isinstance(value, str):
        return None
    raw = "".join(value.split())
    if _THOUSANDS.match(raw):
        raw = raw.replace(".", "")
    if not _NUMBER.fullmatch(raw):
        return None
    return float(raw.replace(",", "."))
