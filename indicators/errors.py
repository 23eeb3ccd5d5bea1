"""Named exceptions of the scoring core and the located problem a framework file can have."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FrameworkProblem:
    """One located problem of a framework file: a YAML path, or a sheet and cell of a framework workbook."""

    type: str
    message: str
    path: str = ""
    sheet: str | None = None
    cell: str | None = None
    value: object = None
    file: str = ""
    # What the message was made from (codes, totals, names): lets `indicators.messages` say it again in
    # another language and in workbook words; not part of equality.
    fields: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def where(self) -> str:
        """The location as text: 'Kerangka!F7' in a workbook, the YAML path otherwise."""
        if self.sheet:
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return self.path

    def __str__(self) -> str:
        parts = [part for part in (self.file, self.where) if part]
        return ": ".join([*parts, self.message])


class IndicatorsError(Exception):
    """Base of every error raised by `indicators`."""


class FrameworkError(IndicatorsError):
    """A framework file is missing or invalid; the message names every located problem."""

    def __init__(self, message: str, problems: tuple[FrameworkProblem, ...] | list[FrameworkProblem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class ScoringError(IndicatorsError):
    """Values cannot be scored (unknown code, mixed levels, value outside the scale)."""
