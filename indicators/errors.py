"""Named exceptions of the scoring core and the one located-problem class (framework files and data files alike)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One located problem of a file: a stable `type` slug, where it is, what was found and how to fix it."""

    type: str
    message: str
    severity: Severity = "error"
    file: str = ""
    sheet: str | None = ""
    cell: str | None = ""
    value: Any = None
    expected: str = ""
    # A framework YAML file's path to the bad key ("nodes[2].weight"); empty for workbooks and data files.
    path: str = ""
    # What the message was made from (codes, totals, names): lets the message be said again in another
    # language and in workbook words; not part of equality.
    fields: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def where(self) -> str:
        """The location as text: 'Kerangka!F7' in a workbook, the YAML path otherwise."""
        if self.sheet:
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return self.path

    def location(self) -> str:
        """Return 'file › sheet › cell' with the empty parts left out."""
        return " › ".join(part for part in (self.file, self.sheet, self.cell) if part)

    def as_dict(self) -> dict[str, Any]:
        """Return the problem as a JSON-ready dict (value turned into text when not a plain scalar)."""
        data = asdict(self)
        # Only framework YAML problems have a path: data files' stored reports keep their shape without it.
        if not data["path"]:
            del data["path"]
        if data["value"] is not None and not isinstance(data["value"], (str, int, float, bool)):
            data["value"] = str(data["value"])
        return data

    def __str__(self) -> str:
        parts = [part for part in (self.file, self.where) if part]
        return ": ".join([*parts, self.message])


class IndicatorsError(Exception):
    """Base of every error raised by `indicators`."""


class FrameworkError(IndicatorsError):
    """A framework file is missing or invalid; the message names every located problem."""

    def __init__(self, message: str, problems: tuple[Problem, ...] | list[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class ScoringError(IndicatorsError):
    """Values cannot be scored (unknown code, mixed levels, value outside the scale)."""
