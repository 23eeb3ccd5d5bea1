"""Shared helpers that turn spreadsheet cell values into text, numbers, levels and A1 addresses."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

# One implementation of each, in the pure core; re-exported here for the readers.
from indicators.numbers import BLANK_MARKS, is_blank, parse_number  # noqa: F401
from indicators.workbook import column_letter  # noqa: F401

# No text longer than this is a blank mark, once trimmed (casefolding never shortens text).
LONGEST_BLANK_MARK = max(map(len, BLANK_MARKS))
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
# Words people put before a level: "Level 3", "Tingkat 3", "Lvl. 3".
_LEVEL_PREFIX = re.compile(r"^(?:level|tingkat|tingkatan|lvl|nilai|skor)\.?\s*", re.IGNORECASE)
# After the number a level may carry its name: "3 - Terdefinisi", "3 (Terdefinisi)".
_LEVEL_TAIL = re.compile(r"^\s*(?:[-–—:.)(]\s*)?[^\d]*$")
# What label_key drops: bracketed notes, then punctuation and underscores.
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^\w]+|_")


def text(value: Any) -> str:
    """Return a cell as trimmed single-spaced text ('' for blanks; 3.0 becomes '3')."""
    if type(value) is str:
        # Most cells: is_blank's test made on the joined text (no blank mark holds a space, so it is the same).
        # Text already single-spaced is kept as it is: every character `split` cuts at, bar the space, is
        # unprintable. Casefolding never shortens text, so nothing longer than a blank mark is one.
        if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
            joined = value
        else:
            joined = " ".join(value.split())
        return "" if len(joined) <= LONGEST_BLANK_MARK and joined.casefold() in BLANK_MARKS else joined
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_level(value: Any, names: dict[str, int] | None = None) -> tuple[float | None, str]:
    """Return (number, '') for a level cell ('Level 3', 'Tingkat 3', '3,0', 3.0, a level name) or (None, why).

    `why` is 'blank' or 'unreadable'; wholeness and scale are checked by the caller, which knows the scale.
    """
    if type(value) is float or type(value) is int:
        # Most level cells: what is_blank and parse_number answer for a typed number, without their tests.
        if value != value:
            return None, "blank"
        return (float(value), "") if math.isfinite(value) else (None, "unreadable")
    if is_blank(value):
        return None, "blank"
    number = parse_number(value)
    if number is not None:
        return number, ""
    if not isinstance(value, str):
        return None, "unreadable"
    raw = _LEVEL_PREFIX.sub("", text(value))
    match = _NUMBER.match(raw)
    if match and _LEVEL_TAIL.match(raw[match.end():]):
        return float(match.group().replace(",", ".")), ""
    if names:
        key = label_key(raw)
        if key in names:
            return float(names[key]), ""
    return None, "unreadable"


def parse_year(value: Any) -> int | None:
    """Return a plausible evaluation year (1990–2100) from a cell such as 2024, '2024' or 'Tahun 2024'."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    number = parse_number(value)
    if number is not None and number.is_integer() and 1990 <= number <= 2100:
        return int(number)
    match = re.search(r"(?<!\d)(19[9]\d|20\d\d|2100)(?!\d)", text(value))
    return int(match.group(1)) if match else None


def a1(row: int, col: int) -> str:
    """Return the A1 address of a 0-based (row, column) pair."""
    return f"{column_letter(col)}{row + 1}"


def label_key(value: Any) -> str:
    """Return a header or label reduced for comparison: casefolded, bracketed notes and punctuation removed."""
    raw = _BRACKETED.sub(" ", text(value))
    raw = _NOT_WORD.sub(" ", raw.casefold())
    return " ".join(raw.split())
