"""What readers produce: plain records of submitted scores, before any agency is resolved or stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from operator import attrgetter
from typing import Any, Literal

from ingest.problems import Report
from ingest.vocabulary import FileFormat

Review = Literal["valid", "tidak-valid"]


@dataclass
class ScoreRecord:
    """One node's value as found in a file, with where it was and the notes written beside it."""

    code: str
    value: float
    sheet: str
    cell: str
    explanation: str | None = None
    evidence: str | None = None
    justification: str | None = None
    review: Review | None = None
    raw: float | None = None  # the value as written on the indicator's own scale, where the framework converts it


@dataclass
class SubmissionRecord:
    """The scores one agency submitted for one stage (or one row of a recap table)."""

    agency_text: str
    agency_code: str | None
    province_text: str | None
    agency_cell: str
    sheet: str
    year: int | None
    stage: str | None
    framework_code: str
    kind: Literal["indicator", "aspect", "domain"]
    scores: list[ScoreRecord] = field(default_factory=list)
    published_index: float | None = None
    published_rating: str | None = None
    published_cells: dict[str, Any] = field(default_factory=dict)
    # The agency code a hidden helper sheet gives: only checked against the visible name, never used alone.
    hidden_code: str | None = None
    # A recap row that gives only the published index (and rating), no node values.
    index_only: bool = False

    def values(self) -> dict[str, float]:
        """Return the scores as {code: value}."""
        return {score.code: score.value for score in self.scores}

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        # Sent back by the reader worker with every file: the scores travel as plain tuples, which pickle in C, and
        # are made records again on arrival (the worker, not the caller that stores, is what a round waits on).
        fields = dict(self.__dict__)
        fields["scores"] = list(map(_SCORE_VALUES, self.scores))
        return _submission_record, (fields,)


_SCORE_VALUES = attrgetter(*(item.name for item in dataclass_fields(ScoreRecord)))


def _submission_record(fields: dict[str, Any]) -> SubmissionRecord:
    """Return the record `SubmissionRecord.__reduce__` sent (how a pickled one is rebuilt)."""
    fields["scores"] = [ScoreRecord(*values) for values in fields["scores"]]
    return SubmissionRecord(**fields)


@dataclass
class ReadResult:
    """Everything read from one file: its records and the report of every problem found."""

    records: list[SubmissionRecord]
    report: Report
    file_kind: Literal["workbook", "recap"]
    format: FileFormat

    @property
    def ok(self) -> bool:
        """True when the report holds no error, so the records may be loaded."""
        return self.report.ok
