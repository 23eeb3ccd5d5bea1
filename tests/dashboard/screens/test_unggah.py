"""Unggah through AppTest: enabled on the sample store, disabled on a real one unless allowed."""

from __future__ import annotations

from tests.helpers import open_page, page_texts


def test_upload_enabled_on_sample_store(monkeypatch, dashboard_store):
    monkeypatch.delenv("TERA_ALLOW_UPLOAD", raising=False)
    at = open_page(monkeypatch, dashboard_store, "unggah")
    body = page_texts(at)
    assert "Unggah berkas penilaian" in body and "20 MB" in body
    assert "Belum ada berkas" in body


def test_upload_disabled_on_real_store_unless_allowed(monkeypatch, real_store):
    monkeypatch.delenv("TERA_ALLOW_UPLOAD", raising=False)
    at = open_page(monkeypatch, real_store, "unggah")
    assert "Unggah belum diaktifkan" in page_texts(at)
    monkeypatch.setenv("TERA_ALLOW_UPLOAD", "1")
    at = open_page(monkeypatch, real_store, "unggah", lang="en")
    body = page_texts(at)
    assert "Upload assessment files" in body and "not enabled" not in body
