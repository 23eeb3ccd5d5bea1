"""Fixtures shared by every test package (one conftest for the whole suite)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = REPO_ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def published_2023_csv() -> Path:
    """Path of the published 2023 results table beside the project; skips when it is absent."""
    path = SHARED_REFERENCE / "spbe-2023-results.csv"
    if not path.exists():
        pytest.skip(f"published 2023 results not found at {path}")
    return path
