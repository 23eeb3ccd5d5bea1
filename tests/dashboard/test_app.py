"""Every page runs on the seeded store through AppTest: URL state, deep links, language, empty store."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.data import get_store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def open_page(monkeypatch, db_url: str, page: str | None = None, **params) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_store.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
             for e in getattr(at, kind)]
    parts += [m.label for m in at.metric]
    return "\n".join(str(p) for p in parts)


def test_overview(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store)
    assert at.title[0].value == "Ringkasan nasional SPBE 2024"
    assert at.query_params["tahun"] == ["2024"] or at.query_params["tahun"] == "2024"
    body = texts(at)
    assert "Indeks nasional (dipublikasikan)" in body and "Rata-rata indeks (dihitung)" in body
    assert "Data contoh (sintetis)" in body
    assert "data per" in body


def test_overview_other_year_in_english(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, tahun="2023", lang="en")
    assert at.title[0].value == "SPBE national overview 2023"
    assert "Sample data (synthetic)" in texts(at)


def test_ranking_filters_from_url(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "peringkat", jenis="kota", predikat="baik", tahun="2024")
    table = at.dataframe[0].value
    assert len(table) > 0
    assert set(table["type"]) == {"Kota"}
    assert set(table["rating"]) == {"Baik"}
    assert all(link.startswith("instansi?kode=") and "tahun=2024" in link for link in table["profile"])


def test_ranking_search_and_no_rows(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "peringkat", cari="Banyuwangi")
    assert list(at.dataframe[0].value["agency"]) == ["Kabupaten Banyuwangi"]
    at = open_page(monkeypatch, dashboard_store, "peringkat", cari="tidak ada instansi ini")
    assert "Tidak ada instansi yang cocok" in texts(at)


def test_ranking_widget_change_writes_slug_to_url(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "peringkat")
    at.selectbox(key="_url_jenis").select("kabupaten").run()
    assert not at.exception
    assert at.query_params["jenis"] in ("kabupaten", ["kabupaten"])


def test_profile_deep_link(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2024")
    assert at.header[0].value == "Kabupaten Banyuwangi"
    body = texts(at)
    for heading in ("Jalan ke predikat berikutnya", "Mitra belajar", "Kekuatan dan kelemahan per aspek",
                    "Penilaian mandiri dibanding hasil akhir", "Tingkat kematangan per indikator"):
        assert heading in body
    assert "Peringkat di Jawa Timur" in body


def test_profile_recap_year_in_english(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2021", lang="en")
    body = texts(at)
    assert "Agency profile" in body
    assert "not available" in body


def test_profile_of_non_submitter(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="11", tahun="2024")
    assert "tidak mengisi" in texts(at)


def test_profile_without_agency_asks_to_pick(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="99.99")
    assert "Pilih instansi" in texts(at)


@pytest.mark.parametrize("page", [None, "peringkat", "instansi"])
def test_empty_store_is_friendly(monkeypatch, empty_store, page):
    at = open_page(monkeypatch, empty_store, page)
    assert "Belum ada data" in texts(at)
