"""Wilayah through AppTest: the map, one province, English."""

from __future__ import annotations

from tests.support.apptest import open_page, page_texts


def test_regions_map_and_province(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "wilayah", tahun="2024")
    body = page_texts(at)
    assert "Wilayah: rata-rata per provinsi 2024" in body and "Peta petak provinsi" in body
    assert "Pilih provinsi" in body
    at = open_page(monkeypatch, dashboard_store, "wilayah", tahun="2024", provinsi="35")
    body = page_texts(at)
    assert at.header[0].value == "Jawa Timur"
    assert "Peringkat kabupaten dan kota di Jawa Timur" in body and "Sebaran indeks" in body
    assert at.query_params.get("provinsi") in ("35", ["35"])
    ranking = at.dataframe[-1].value
    assert "Kabupaten Banyuwangi" in set(list(ranking["agency"]))
    assert ranking["rank"].iloc[0] == 1


def test_regions_in_english(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "wilayah", tahun="2023", provinsi="35", lang="en")
    assert "Ranking of regencies and cities in Jawa Timur" in page_texts(at)


def test_province_ranking_has_rank_change_within_the_province(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "wilayah", tahun="2024", provinsi="35")
    changes = at.dataframe[-1].value["rank_change"]
    assert (changes != "").any()
