"""Unggah: upload rules and the load itself, on the same code path as `python -m ingest load`.

Until access roles exist, uploading is allowed only while the store holds sample data, or when the
operator sets `TERA_ALLOW_UPLOAD=1`. Every load records who uploaded.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from i18n import get_language
from ingest.load import SUPPORTED_SUFFIXES, LoadResult, load_file
from ingest.readers import MAX_FILE_BYTES
from ingest.readers.messages import problem_text

ALLOW_ENV = "TERA_ALLOW_UPLOAD"
WEB_UPLOADER = "unggah-web"
ACCEPTED_TYPES = [suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES]


def upload_allowed(sample: bool, environ: Mapping[str, str] | None = None) -> bool:
    """True when the store holds sample data or the operator allows uploads (`TERA_ALLOW_UPLOAD=1`)."""
    env = os.environ if environ is None else environ
    return bool(sample) or env.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes", "ya")


def uploader_name(user: Any) -> str:
    """Return who uploads: the signed-in user's name and email when known, else 'unggah-web'."""
    try:
        if user is None or not bool(user.get("is_logged_in", False)):
            return WEB_UPLOADER
        name, email = user.get("name"), user.get("email")
    except Exception:  # st.user without an auth provider configured
        return WEB_UPLOADER
    parts = [str(p) for p in (name, f"<{email}>" if email else None) if p]
    return " ".join(parts) or WEB_UPLOADER


def check_files(engine: Engine, files: list[tuple[str, bytes]], **options: Any) -> list[LoadResult]:
    """Dry-run every file through `ingest.load.load_file`: the full report, nothing stored."""
    return [load_file(engine, content, name=name, dry_run=True, **options) for name, content in files]


def load_files(engine: Engine, files: list[tuple[str, bytes]], uploaded_by: str, **options: Any) -> list[LoadResult]:
    """Load every file for real, one transaction each (a rejected file is kept with its report, as the CLI does)."""
    return [load_file(engine, content, name=name, uploaded_by=uploaded_by, dry_run=False, **options)
            for name, content in files]


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
