"""Peringkat through AppTest: filters from the URL, search, widget changes written as slugs."""

from __future__ import annotations

from tests.support.apptest import open_page, page_texts


def test_ranking_filters_from_url(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "peringkat", jenis="kota", predikat="baik", tahun="2024")
    table = at.dataframe[0].value
    assert len(table) > 0
    assert all(name.startswith("Kota ") for name in table["agency"])
    assert {label for cell in table["rating"] for label in cell} == {"Baik"}


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


def test_ranking_search_by_written_name(monkeypatch, dashboard_store):
    for query in ("Kab. Banyuwangi", "Pemkab Banyuwangi", "Banyuwangi, Jawa Timur"):
        at = open_page(monkeypatch, dashboard_store, "peringkat", cari=query)
        assert list(at.dataframe[0].value["agency"]) == ["Kabupaten Banyuwangi"], query


def test_filtered_ranking_shows_rank_in_selection_beside_national(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "peringkat", provinsi="35", tahun="2024")
    table = at.dataframe[0]
    order = list(table.proto.column_order)
    assert order.index("rank") < order.index("rank_selection")
    ranked = table.value.dropna(subset=["rank"])
    assert list(ranked["rank_selection"]) == sorted(ranked["rank_selection"])
    assert ranked["rank_selection"].iloc[0] == 1 and ranked["rank"].iloc[0] > 1
    unfiltered = open_page(monkeypatch, dashboard_store, "peringkat", tahun="2024")
    assert "rank_selection" not in unfiltered.dataframe[0].proto.column_order


def test_rank_change_is_words_not_signs_and_sorts_by_places(monkeypatch, dashboard_store):
    import pandas as pd

    from dashboard.render.tables import rank_change_words

    at = open_page(monkeypatch, dashboard_store, "peringkat", tahun="2024")
    changes = at.dataframe[0].value["rank_change"]
    # A number in the cell (the grid sorts it numerically); words and colour come from the Styler.
    assert pd.api.types.is_numeric_dtype(changes) and changes.notna().any()
    frame = pd.DataFrame({"rank_change": pd.array([-127, -9, 12, 0, None], dtype="Int64")})
    html = rank_change_words(frame, "id").to_html()
    assert all(word in html for word in ("turun 127", "turun 9", "naik 12", "tetap", "–")) and "-127" not in html


def test_reason_column_names_the_top_contributor(monkeypatch, dashboard_store):
    import re

    at = open_page(monkeypatch, dashboard_store, "peringkat", tahun="2024")
    table = at.dataframe[0]
    assert "reason" in table.proto.column_order
    reasons = [r for r in table.value["reason"] if r]
    assert reasons and all(re.fullmatch(r"\S+ [+−]\d+,\d+", r) for r in reasons)
