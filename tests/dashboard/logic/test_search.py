"""Agency search through the registry normaliser: every way people write a name finds it."""

from __future__ import annotations

import pytest

from dashboard.logic.search import compute_search_mask


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
