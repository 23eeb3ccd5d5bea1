"""Unggah through AppTest: the demo evaluator uploads on the sample store; on a real store only evaluators."""

from __future__ import annotations

import pytest

from tests.support.apptest import open_page, page_texts


def test_upload_enabled_on_sample_store(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "unggah")
    body = page_texts(at)
    assert "Unggah berkas penilaian" in body and "20 MB" in body
    assert "Belum ada berkas" in body


def test_upload_only_for_evaluators_on_a_real_store(monkeypatch, real_store):
    from ingest.access import EVALUATOR_VIEWER, Viewer

    at = open_page(monkeypatch, real_store)  # no users, real data: everyone is public
    assert not any("unggah" in str(p) for p in at.get("page_link")) and "Unggah" not in page_texts(at)
    agency = Viewer(role="agency", agency_codes=frozenset({"35.10"}), email="a@b.go.id")
    for viewer in (agency, None):
        at = open_page(monkeypatch, real_store, viewer=viewer)
        with pytest.raises(ValueError, match="navigation page"):  # the page does not exist for them
            at.switch_page("screens/unggah.py")
    at = open_page(monkeypatch, real_store, "unggah", lang="en", viewer=EVALUATOR_VIEWER)
    body = page_texts(at)
    assert "Upload assessment files" in body and "Only signed-in evaluators" not in body
