"""Fixtures of the scoring-core tests: the two test frameworks of other shapes than SPBE."""

from __future__ import annotations

import pytest

from tests.support.frameworks import FRAMEWORK_DATA


@pytest.fixture(scope="session")
def percent_fw():
    """Two levels (Aspek › Indikator), weights in percent on the indicators only, named levels 1–5."""
    from indicators import load_framework

    return load_framework(FRAMEWORK_DATA / "percent-two-level.yaml")


@pytest.fixture(scope="session")
def groups_fw():
    """Three levels (Pilar › Komponen › Indikator), relative weights, continuous 0–1, rating groups."""
    from indicators import load_framework

    return load_framework(FRAMEWORK_DATA / "continuous-groups.yaml")
