"""The shell through AppTest: every page is friendly on an empty store."""

from __future__ import annotations

import pytest

from tests.support.apptest import open_page, page_texts


@pytest.mark.parametrize("page", [None, "peringkat", "instansi", "bandingkan", "wilayah"])
def test_empty_store_is_friendly(monkeypatch, empty_store, page):
    at = open_page(monkeypatch, empty_store, page)
    assert "Belum ada data" in page_texts(at)


@pytest.mark.parametrize("page", ["kualitas_data", "unggah", "akses"])
def test_empty_store_is_friendly_for_evaluators(monkeypatch, empty_store, page):
    from ingest.access import EVALUATOR_VIEWER

    at = open_page(monkeypatch, empty_store, page, viewer=EVALUATOR_VIEWER)
    assert "Belum ada data" in page_texts(at)
