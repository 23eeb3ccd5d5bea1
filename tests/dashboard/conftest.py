"""Dashboard fixtures: the SPBE framework, and the seeded store's engine and history of results."""

from __future__ import annotations

import pytest

from indicators import load_framework


@pytest.fixture(scope="module")
def fw():
    return load_framework("spbe-2020")


@pytest.fixture(scope="module")
def engine(dashboard_store):
    from ingest.store import get_engine

    return get_engine(dashboard_store)


@pytest.fixture(scope="module")
def history(engine, fw):
    from dashboard.state.history import compute_history

    return compute_history(engine, fw)
