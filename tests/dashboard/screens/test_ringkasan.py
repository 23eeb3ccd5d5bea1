"""Ringkasan through AppTest: national figures, another year in English."""

from __future__ import annotations

from tests.support.apptest import open_page, page_texts


def test_overview(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store)
    assert at.title[0].value == "Ringkasan nasional Indeks SPBE 2024"
    assert at.query_params["tahun"] == ["2024"] or at.query_params["tahun"] == "2024"
    body = page_texts(at)
    assert "Indeks nasional resmi" in body and "Rata-rata indeks (dihitung)" in body
    assert "Data contoh (sintetis)" in body
    assert "data per" in body
    # The heading has the short title; the sidebar's caption keeps the full one with its regulation.
    assert "Kerangka: Indeks SPBE (PermenPANRB 59/2020)" in body


def test_overview_other_year_in_english(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, tahun="2023", lang="en")
    assert at.title[0].value == "SPBE Index: national overview 2023"
    assert "Sample data (synthetic)" in page_texts(at)
