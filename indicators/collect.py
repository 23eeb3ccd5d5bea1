"""Collect located problems while checking plain framework data, and read numbers the way files write them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indicators.errors import Problem
from indicators.numbers import parse_number

# The framework workbook's column for each kind of name (Info: judul, judul_singkat; elsewhere: nama).
WORKBOOK_COLUMNS = {"name": "nama", "label": "nama", "title": "judul", "short_title": "judul_singkat"}


class Collector:
    """Collects located problems; helpers return None (and record a problem) where a value does not fit."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, type_: str, path: str, message: str, value: Any = None, **fields: Any) -> None:
        """Record one problem at a YAML path (`fields`: what the message was made from, for other languages)."""
        self.problems.append(Problem(type=type_, message=message, path=path, value=value, file=self.source,
                                              fields=fields))

    def mapping(self, value: Any, path: str, what: str, required: bool = True) -> Mapping[str, Any] | None:
        """Return `value` when it is a mapping ({} for an absent optional one), else record a problem and return None."""
        if value is None and not required:
            return {}
        if not isinstance(value, Mapping):
            self.add("not-a-mapping", path, f"{what}: expected a mapping, found {type(value).__name__}", value,
                     what=what, found=type(value).__name__)
            return None
        return value

    def text(self, data: Mapping[str, Any], key: str, path: str, what: str) -> str | None:
        """Return the non-empty text under `key`, else record a problem and return None."""
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add("missing-text", join(path, key), f"{what}: '{key}' must be a non-empty text", value, what=what,
                     name=key)
            return None
        return value.strip()

    def whole(self, value: Any, path: str, what: str) -> int | None:
        """Return `value` as a whole number, else record a problem and return None."""
        number = read_whole(value)
        if number is None:
            self.add("not-a-whole-number", path, f"{what} must be a whole number, found {value!r}", value, what=what,
                     found=repr(value))
        return number

    def number(self, value: Any, path: str, what: str, positive: bool = False) -> float | None:
        """Return `value` as a number (positive when asked), else record a problem and return None."""
        number = read_number(value)
        if number is None or (positive and number <= 0):
            kind = "a positive number" if positive else "a number"
            self.add("not-a-number", path, f"{what} must be {kind}, found {value!r}", value, found=repr(value))
            return None
        return number

    def names(self, value: Any, path: str, what: str, word: str = "name") -> dict[str, str] | None:
        """Return a names mapping {id, en?} with the Indonesian name present, else record a problem and return None."""
        data = self.mapping(value, path, f"{what} › {word}")
        if data is None:
            return None
        names = {str(k): str(v).strip() for k, v in data.items() if v is not None and str(v).strip()}
        if not names.get("id"):
            self.add("missing-name", join(path, "id"), f"{what} › {word}: an Indonesian {word} ('id') is required",
                     column=WORKBOOK_COLUMNS.get(word, "nama"))
            return None
        return names


def join(path: str, key: str | int) -> str:
    """Return `path` extended by a key (`a.b`) or a list index (`a[0]`)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


# The one number parser of the project (decimal comma, thousands separators), under the name the readers use.
read_number = parse_number


def read_whole(value: Any) -> int | None:
    """Return a whole number (12, 12.0, "12"), else None."""
    number = read_number(value)
    return int(number) if number is not None and number.is_integer() else None
