"""Fixtures of the reader tests: the template's sheet as rows to edit, and the golden reports of broken files."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def template_grid(template_bytes):
    """Return a function giving a fresh copy of the template's `Evaluasi` sheet as a list of rows."""
    from ingest.readers.source import load_sheets

    sheets = load_sheets(template_bytes, "xlsx")

    def fresh() -> list[list]:
        return [list(row) for row in sheets[0].rows]

    return fresh


@pytest.fixture(scope="session")
def check_golden():
    """Return a function comparing a report with golden/<case>.json beside this file (rewritten when UPDATE_GOLDEN=1)."""
    import json
    import os

    golden = Path(__file__).resolve().parent / "golden"

    def check(case: str, report) -> None:
        path = golden / f"{case}.json"
        found = report.as_dicts()
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if not path.exists():
            pytest.fail(f"no golden report {path.name}; run with UPDATE_GOLDEN=1 and review the file")
        assert found == json.loads(path.read_text(encoding="utf-8"))

    return check
