"""What every table reader needs to know about the file being read, and how it reports problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indicators import Framework
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.problems import Report
from ingest.readers.messages import report_problem


@dataclass
class ReadContext:
    """The framework in force, the caller's year and stage, and the report problems go to."""

    report: Report
    fw: Framework
    # True when the framework is settled (by the caller, or by the file's cover), so a file naming
    # another one is a mismatch rather than a hint.
    framework_forced: bool
    year: int | None = None
    stage: str | None = None
    catalog: FrameworkCatalog = field(default_factory=FrameworkCatalog)

    def problem(self, type: str, *, sheet: str = "", cell: str = "", value: Any = None,
                expected: str = "", **fields: Any) -> None:
        """Report one catalogued problem located at sheet/cell."""
        report_problem(self.report, type, sheet=sheet, cell=cell, value=value, expected=expected, **fields)
