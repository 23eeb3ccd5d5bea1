"""The published reference data the tests compare with, found through one variable.

`TERA_REFERENCE_DIR` names the folder holding `spbe-2023-results.csv` (the published 2023 table);
by default it is `../shared/reference` beside the repository. Tests that need it skip with the
reason and the variable to set, so a fresh clone runs everything else.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import REPO_ROOT

REFERENCE_VARIABLE = "TERA_REFERENCE_DIR"


def reference_dir() -> Path:
    """Return the folder of the reference data: `TERA_REFERENCE_DIR`, else `../shared/reference`."""
    return Path(os.environ.get(REFERENCE_VARIABLE) or REPO_ROOT.parent / "shared" / "reference")


def reference_file(name: str) -> Path:
    """Return the path of a reference file, skipping the test (with how to provide it) when it is absent."""
    path = reference_dir() / name
    if not path.exists():
        pytest.skip(f"reference data {name} not found at {path}; set {REFERENCE_VARIABLE} to the folder that holds it")
    return path
