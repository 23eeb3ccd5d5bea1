"""Located problems found while reading or loading a file, collected before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# One located-problem class for the whole project: the scoring core's (ingest may import indicators).
from indicators.errors import Problem, Severity

__all__ = ["Problem", "Report", "Severity"]


@dataclass
class Report:
    """All problems of one file; a report with any error means the file loads nothing."""

    file: str = ""
    problems: list[Problem] = field(default_factory=list)
    # The framework code the file was read as (empty until one is known): every report names it.
    framework: str = ""

    def add(self, type: str, severity: Severity, message: str, **where: Any) -> None:
        """Record one problem, defaulting its file to the report's file."""
        where.setdefault("file", self.file)
        self.problems.append(Problem(type=type, severity=severity, message=message, **where))

    def error(self, type: str, message: str, **where: Any) -> None:
        """Record one error (the file will be rejected)."""
        self.add(type, "error", message, **where)

    def warning(self, type: str, message: str, **where: Any) -> None:
        """Record one warning (the file still loads and keeps the warning)."""
        self.add(type, "warning", message, **where)

    def extend(self, other: Report) -> None:
        """Append every problem of another report."""
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        """The problems that reject the file."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are kept with a loaded file."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when nothing in the report rejects the file."""
        return not self.errors

    def as_dicts(self) -> list[dict[str, Any]]:
        """Return every problem as a JSON-ready dict, in the order found."""
        return [p.as_dict() for p in self.problems]
