"""Profil instansi through AppTest: deep link, recap year, non-submitter, picker, report buttons."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.state.data import get_store
from tests.helpers import open_page, page_texts


def test_profile_deep_link(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2024")
    assert at.header[0].value == "Kabupaten Banyuwangi"
    body = page_texts(at)
    for heading in ("Jalan ke predikat berikutnya", "Mitra belajar", "Kekuatan dan kelemahan per aspek",
                    "Penilaian mandiri dibanding hasil akhir", "Nilai per indikator"):
        assert heading in body
    assert "Peringkat di Jawa Timur" in body


def test_profile_recap_year_in_english(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2021", lang="en")
    body = page_texts(at)
    assert "Agency profile" in body
    assert "not available" in body


def test_profile_of_non_submitter(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="11", tahun="2024")
    assert "tidak mengisi" in page_texts(at)


def test_profile_without_agency_asks_to_pick(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="99.99")
    assert "Pilih instansi" in page_texts(at)


ROOT = Path(__file__).resolve().parents[3]


APP = str(ROOT / "dashboard" / "app.py")


def test_profile_page_offers_the_report(monkeypatch, dashboard_store):
    monkeypatch.setenv("DATABASE_URL", dashboard_store)
    get_store.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["kode"] = "35.10"
    at.query_params["tahun"] = "2024"
    at.run()
    at.switch_page("screens/instansi.py").run()
    assert not at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    assert "Unduh laporan (PDF)" in labels and "Unduh angka laporan (XLSX)" in labels
