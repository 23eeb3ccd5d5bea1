"""Fixtures of the indicators tests: the shipped SPBE framework, a toy framework and the reference folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators import Framework, load_framework

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
TOY_PATH = DATA / "toy-binary.yaml"
REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def spbe() -> Framework:
    return load_framework("spbe-2020")


@pytest.fixture(scope="session")
def toy() -> Framework:
    return load_framework(TOY_PATH)
