"""Browser-test fixtures: a real Streamlit server and Debian chromium driven by Playwright."""

from __future__ import annotations

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from tests.support.stores import copy_store


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
    # A private copy: the upload test loads a file, which must not change the shared store.
    with streamlit_server(copy_store(sample_store, folder / "tera.db")) as base:
        yield base
