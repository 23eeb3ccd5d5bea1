"""Read the cover block of an evaluation workbook (label cell, value to its right) and the hidden `_tera` sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest.cells import text
from ingest.readers.grid import Sheet
from ingest.readers.headers import COVER_LOOKUP, cell_key

META_SHEET = "_tera"


@dataclass
class Cover:
    """Cover values by field (agency, agency_code, year, framework, ...) with the cell each came from."""

    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        """Return one cover value or None."""
        return self.values.get(key)


def read_cover(sheet: Sheet, last_row: int) -> Cover:
    """Return the labelled values found above row `last_row` (labels may end with ':')."""
    cover = Cover()
    for row in range(min(last_row, sheet.height)):
        values = sheet.row_values(row)
        for col, value in enumerate(values):
            if value is None:
                continue
            key = COVER_LOOKUP.get(cell_key(str(value).rstrip(":")))
            if key is None or key in cover.values:
                continue
            found = next(((c, v) for c, v in enumerate(values[col + 1:], col + 1) if v is not None), None)
            if found is not None and COVER_LOOKUP.get(cell_key(found[1])) is None:
                cover.values[key] = found[1]
                cover.cells[key] = sheet.locate(row, found[0])
            else:
                cover.cells.setdefault(key, sheet.locate(row, col))
    return cover


def read_meta(sheets: list[Sheet]) -> dict[str, str]:
    """Return the key/value pairs of the hidden metadata sheet written by the template, if any."""
    for sheet in sheets:
        if sheet.name == META_SHEET:
            return {text(row[0]): text(row[1]) for row in sheet.rows if len(row) >= 2 and row[0] is not None}
    return {}
