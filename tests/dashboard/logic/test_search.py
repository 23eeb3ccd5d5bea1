"""Agency search through the registry normaliser: every way people write a name finds it."""

from __future__ import annotations

import pytest

from dashboard.logic.search import compute_picker_label, compute_search_mask


@pytest.fixture(scope="module")
def year_2024(history):
    return history[history["year"] == 2024]


@pytest.mark.parametrize(("query", "code"), [
    ("Kab. Banyuwangi", "35.10"),
    ("Kabupaten Banyuwangi", "35.10"),
    ("Pemkab Banyuwangi", "35.10"),
    ("kab banyuwangi", "35.10"),
    ("Banyuwangi, Jawa Timur", "35.10"),
    ("Kab. Banyuwangi Jawa Timur", "35.10"),
    ("Pemerintah Kabupaten Banyuwangi", "35.10"),
    ("35.10", "35.10"),
    ("Kota Madiun", "35.77"),
    ("Pemkot Madiun", "35.77"),
    ("Prov. Jawa Timur", "35"),
    ("Pemprov Jatim", "35"),
])
def test_any_written_name_finds_the_agency(year_2024, query, code):
    found = year_2024[compute_search_mask(year_2024, query)]
    assert code in set(found["agency_code"])
    assert len(found) <= 3, list(found["agency_name"])


@pytest.mark.parametrize("query", ["Kota Banyuwangi", "Prov. Banyuwangi", "Kab. Madiun Jawa Barat"])
def test_type_and_province_words_narrow(year_2024, query):
    assert year_2024[compute_search_mask(year_2024, query)].empty


def test_empty_query_keeps_every_row(year_2024):
    assert compute_search_mask(year_2024, "  ").all()


def _browser_finds(typed: str, label: str) -> bool:
    """The selectbox's own filter (Streamlit 1.67, filter_mode 'fuzzy'): every typed letter, in order, in the label."""
    position = 0
    for letter in typed.lower():
        position = label.lower().find(letter, position) + 1
        if position == 0:
            return False
    return True


@pytest.mark.parametrize(("typed", "code"), [
    ("Kab. Banyuwangi", "35.10"), ("Kabupaten Banyuwangi", "35.10"), ("Pemkab Banyuwangi", "35.10"),
    ("kab banyuwangi", "35.10"), ("35.10", "35.10"), ("3510", "35.10"), ("Pemkot Madiun", "35.77"),
    ("Kota Madiun", "35.77"), ("Prov. Jawa Timur", "35"), ("Pemprov Jatim", "35"),
])
def test_the_picker_label_lets_the_browser_filter_find_written_names(year_2024, typed, code):
    labels = {row.agency_code: compute_picker_label(row.agency_name, row.agency_code, row.agency_type)
              for row in year_2024.itertuples()}
    found = [c for c, label in labels.items() if _browser_finds(typed, label)]
    assert code in found
    assert len(found) <= 3, [labels[c] for c in found]


def test_picker_labels_of_regions_and_central_agencies():
    assert compute_picker_label("Kabupaten Banyuwangi", "35.10", "kabupaten") == \
        "Kabupaten Banyuwangi · Pemkab/Kab. Banyuwangi · 35.10"
    assert compute_picker_label("Badan Pusat Statistik", "K-BPS", "lpnk") == "Badan Pusat Statistik · K-BPS"
