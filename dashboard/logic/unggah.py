"""Unggah: upload rules and the load itself, on the same code path as `python -m ingest load`.

Only evaluators upload (the app lists the page for them only); every load records who uploaded and
is written to the audit log.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine

from i18n import get_language
from ingest.access.record import load_framework_codes, save_load_audit
from ingest.load import LoadResult, load_file
from ingest.readers import MAX_FILE_BYTES
from ingest.readers.messages import problem_text
from ingest.vocabulary import SUPPORTED_SUFFIXES

ACCEPTED_TYPES = [suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES]
SOURCE = "page: unggah"


def check_files(engine: Engine, files: list[tuple[str, bytes]], **options: Any) -> list[LoadResult]:
    """Dry-run every file through `ingest.load.load_file`: the full report, nothing stored."""
    return [load_file(engine, content, name=name, dry_run=True, **options) for name, content in files]


def load_files(engine: Engine, files: list[tuple[str, bytes]], uploaded_by: str, **options: Any) -> list[LoadResult]:
    """Load every file for real, one transaction each (a rejected file is kept with its report, as the CLI does).

    Each stored or rejected file is audited as an upload plus its load or rejection, by `uploaded_by`.
    """
    before = load_framework_codes(engine)
    results = [load_file(engine, content, name=name, uploaded_by=uploaded_by, dry_run=False, **options)
               for name, content in files]
    save_load_audit(engine, results, actor=uploaded_by, source=SOURCE, upload=True, frameworks_before=before)
    return results


def summary_frame(results: list[LoadResult]) -> pd.DataFrame:
    """Return one row per file: name, outcome, submissions, errors, warnings."""
    return pd.DataFrame([{"file": r.name, "outcome": r.outcome, "kind": r.kind, "submissions": r.submissions,
                          "errors": len(r.errors), "warnings": len(r.problems) - len(r.errors)} for r in results],
                        columns=["file", "outcome", "kind", "submissions", "errors", "warnings"])


def problems_frame(results: list[LoadResult], lang: str | None = None) -> pd.DataFrame:
    """Return every problem of every file: file, severity, type, sheet, cell, value, message in `lang` (errors first)."""
    rows = []
    for result in results:
        for p in result.problems:
            rows.append({"file": result.name, "severity": p.severity, "type": p.type, "sheet": p.sheet, "cell": p.cell,
                         "value": "" if p.value is None else str(p.value),
                         "message": problem_text(p, lang or get_language())})
    frame = pd.DataFrame(rows, columns=["file", "severity", "type", "sheet", "cell", "value", "message"])
    order = frame["severity"].map({"error": 0, "warning": 1})
    return frame.assign(_o=order).sort_values(["file", "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def max_size_mb() -> int:
    """Return the upload size limit in whole megabytes (the readers' limit)."""
    return MAX_FILE_BYTES // 2**20
