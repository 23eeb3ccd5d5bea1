"""Peringkat through AppTest: filters from the URL, search, widget changes written as slugs."""

from __future__ import annotations

from tests.helpers import open_page, page_texts


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
