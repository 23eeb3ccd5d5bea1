"""A sheet as a grid of plain values (list of rows), the one shape every table reader works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest.cells import BLANK_MARKS, LONGEST_BLANK_MARK, a1, column_letter, is_blank


def _cleaned(row: list[Any]) -> list[Any]:
    """Return a copy of `row` with its blanks (as `is_blank` says) as None, the cell types a reader meets most tested first."""
    cells = row.copy()
    for col, value in enumerate(row):
        if value is None:
            continue
        kind = type(value)
        if kind is str:
            # Longer text with nothing to trim is no blank mark: most cells, tested without a copy.
            if (len(value) <= LONGEST_BLANK_MARK or value[0].isspace() or value[-1].isspace()) and \
                    value.strip().casefold() in BLANK_MARKS:
                cells[col] = None
        elif kind is float:
            if value != value:  # NaN
                cells[col] = None
        elif kind is not int and is_blank(value):
            cells[col] = None
    return cells


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
    # Each row's values with blanks as None, made on first use: the header, cover and table scans of one
    # read go over the same rows, so each row is cleaned once.
    _clean: list[list[Any] | None] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def height(self) -> int:
        """Number of rows held."""
        return len(self.rows)

    def cell(self, row: int, col: int) -> Any:
        """Return the value at 0-based (row, col), None outside the grid or for blanks."""
        cells = self.row_values(row)
        return cells[col] if 0 <= col < len(cells) else None

    def row_values(self, row: int) -> list[Any]:
        """Return one row's values (blanks as None), a list shared by every caller: read it, never change it."""
        if not 0 <= row < len(self.rows):
            return []
        if len(self._clean) != len(self.rows):
            self._clean = [None] * len(self.rows)
        cells = self._clean[row]
        if cells is None:
            cells = self._clean[row] = _cleaned(self.rows[row])
        return cells

    def locate(self, row: int, col: int | None, column_name: str | None = None) -> str:
        """Return where a cell is: 'D7' in a workbook, 'row 7, column D2' in a CSV file."""
        if col is None:
            return f"row {row + 1}" if self.csv else str(row + 1)
        if self.csv:
            return f"row {row + 1}, column {column_name or column_letter(col)}"
        return a1(row, col)
