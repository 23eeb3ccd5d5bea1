"""A sheet as a grid of plain values (list of rows), the one shape every table reader works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest.cells import BLANK_MARKS, a1, column_letter, is_blank


def _blank(value: Any) -> bool:
    """`is_blank` with the cell types a reader meets most tested first (a workbook holds ~1,000 cells a file)."""
    kind = type(value)
    if kind is str:
        return value.strip().casefold() in BLANK_MARKS
    if kind is float:
        return value != value  # NaN
    if kind is int or value is None:
        return value is None
    return is_blank(value)


class UnreadableFile(Exception):
    """The bytes cannot be turned into grids; `reason` is a `problem.reason.*` slug and `fields` fill its text."""

    def __init__(self, reason: str, **fields: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fields = fields


@dataclass
class Sheet:
    """One sheet's values from A1 (or one CSV file), blanks as None, with how to name a cell."""

    name: str
    rows: list[list[Any]]
    hidden: bool = False
    csv: bool = False
    # Cells holding a formula ({"F11": "=SUM(...)"}): the grid holds their saved results.
    formulas: dict[str, str] = field(default_factory=dict)

    @property
    def height(self) -> int:
        """Number of rows held."""
        return len(self.rows)

    def cell(self, row: int, col: int) -> Any:
        """Return the value at 0-based (row, col), None outside the grid or for blanks."""
        if 0 <= row < len(self.rows):
            cells = self.rows[row]
            if 0 <= col < len(cells):
                value = cells[col]
                return None if _blank(value) else value
        return None

    def row_values(self, row: int) -> list[Any]:
        """Return one row's values (blanks as None)."""
        if not 0 <= row < len(self.rows):
            return []
        # One pass over the row instead of `cell` per column: header and cover scans call this for every row.
        return [None if _blank(value) else value for value in self.rows[row]]

    def locate(self, row: int, col: int | None, column_name: str | None = None) -> str:
        """Return where a cell is: 'D7' in a workbook, 'row 7, column D2' in a CSV file."""
        if col is None:
            return f"row {row + 1}" if self.csv else str(row + 1)
        if self.csv:
            return f"row {row + 1}, column {column_name or column_letter(col)}"
        return a1(row, col)
