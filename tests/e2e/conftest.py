"""Browser-test fixtures: a real Streamlit server and Debian chromium driven by Playwright."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    streamlit_server,
)


@pytest.fixture(scope="module")
def server(dashboard_store):
    """Base URL of a Streamlit server on the small seeded store."""
    with streamlit_server(dashboard_store) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """A headless Debian chromium launched by Playwright (no browser download)."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def sample_server(sample_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample-browser")
    shutil.copy(sample_store.removeprefix("sqlite:///"), folder / "tera.db")
    # A private copy: the upload test loads a file, which must not change the shared store.
    with streamlit_server(f"sqlite:///{folder / 'tera.db'}") as base:
        yield base
