"""The shell through AppTest: every page is friendly on an empty store."""

from __future__ import annotations

import pytest

from tests.helpers import open_page, page_texts


@pytest.mark.parametrize("page", [None, "peringkat", "instansi", "bandingkan", "wilayah", "kualitas_data", "unggah"])
def test_empty_store_is_friendly(monkeypatch, empty_store, page):
    at = open_page(monkeypatch, empty_store, page)
    assert "Belum ada data" in page_texts(at)
