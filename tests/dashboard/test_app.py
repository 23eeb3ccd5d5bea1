"""Every page runs on the seeded store through AppTest: URL state, deep links, language, empty store."""


import pytest

from tests.conftest import open_page, page_texts


def test_overview(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store)
    assert at.title[0].value == "Ringkasan nasional SPBE 2024"
    assert at.query_params["tahun"] == ["2024"] or at.query_params["tahun"] == "2024"
    body = page_texts(at)
    assert "Indeks nasional (dipublikasikan)" in body and "Rata-rata indeks (dihitung)" in body
    assert "Data contoh (sintetis)" in body
    assert "data per" in body


def test_overview_other_year_in_english(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, tahun="2023", lang="en")
    assert at.title[0].value == "SPBE national overview 2023"
    assert "Sample data (synthetic)" in page_texts(at)


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
    assert "Tidak ada instansi yang cocok" in page_texts(at)


def test_ranking_widget_change_writes_slug_to_url(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "peringkat")
    at.selectbox(key="_url_jenis").select("kabupaten").run()
    assert not at.exception
    assert at.query_params["jenis"] in ("kabupaten", ["kabupaten"])


def test_profile_deep_link(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2024")
    assert at.header[0].value == "Kabupaten Banyuwangi"
    body = page_texts(at)
    for heading in ("Jalan ke predikat berikutnya", "Mitra belajar", "Kekuatan dan kelemahan per aspek",
                    "Penilaian mandiri dibanding hasil akhir", "Tingkat kematangan per indikator"):
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


@pytest.mark.parametrize("page", [None, "peringkat", "instansi"])
def test_empty_store_is_friendly(monkeypatch, empty_store, page):
    at = open_page(monkeypatch, empty_store, page)
    assert "Belum ada data" in page_texts(at)
