"""A year's results keep the words of the framework version they were scored with: version 2 renames a band and an
aspect, and a year still on version 1 shows version 1's band name and aspect name (a year on version 2, its own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.access import EVALUATOR_VIEWER
from tests.support.apptest import open_page, page_texts
from tests.support.stores import load_framework_year

NINE = Path(__file__).resolve().parents[2] / "indicators" / "data" / "nine-aspects.yaml"
AGENCIES = [("32.01", "Pemerintah Kab. Bogor"), ("32.02", "Pemerintah Kab. Sukabumi")]


def _load_year(engine, year: int) -> None:
    # Every level 3 and the survey at 50 (3 on 1–5): index 3.00, the band "Baik" of version 1.
    load_framework_year(engine, "nine-aspects", year, AGENCIES, {f"I{n}": 3 for n in range(1, 35)} | {"I35": 50})


@pytest.fixture
def two_versions(store_url, tmp_path):
    """2026 loaded under version 1; version 2 renames band Baik to Bagus and A1 to Kebijakan Dalam; 2027 loaded after."""
    from ingest.frameworks.commands import add_framework
    from ingest.store import get_engine

    engine = get_engine(store_url)
    add_framework(engine, NINE)
    _load_year(engine, 2026)
    two = tmp_path / "v2.yaml"
    two.write_text(NINE.read_text(encoding="utf-8").replace("label: {id: Baik, en: Good}", "label: {id: Bagus, en: Good}")
                   .replace("{id: Kebijakan Internal, en: Internal policy}", "{id: Kebijakan Dalam, en: Internal policy}"),
                   encoding="utf-8")
    add_framework(engine, two)
    _load_year(engine, 2027)
    return store_url


@pytest.mark.parametrize(("year", "band", "aspect", "other_band", "other_aspect"), [
    ("2026", "Baik", "A1 Kebijakan Internal", "Bagus", "Kebijakan Dalam"),
    ("2027", "Bagus", "A1 Kebijakan Dalam", "Baik", "Kebijakan Internal"),
])
def test_a_year_shows_the_band_and_aspect_names_of_its_version(monkeypatch, two_versions, year, band, aspect,
                                                              other_band, other_aspect):
    at = open_page(monkeypatch, two_versions, "peringkat", viewer=EVALUATOR_VIEWER, tahun=year)
    ratings = {text for cell in at.dataframe[0].value["rating"] for text in cell}
    assert ratings == {band}
    texts = page_texts(at)
    assert aspect in texts and other_aspect not in texts
    assert f"versi {'1' if year == '2026' else '2'}" in texts


def test_the_ranking_export_names_each_rating_as_its_version_does(two_versions):
    from dashboard.cli import compute_ranking_table

    for year, band, version in ((2026, "Baik", 1), (2027, "Bagus", 2)):
        table = compute_ranking_table(two_versions, year, None, None, "nine-aspects")
        assert set(table["rating"]) == {band} and set(table["framework_version"]) == {version}


def test_the_public_site_keeps_each_years_version(two_versions):
    from dashboard.situs import read_site_content
    from ingest.access import save_publication
    from ingest.store import get_engine

    engine = get_engine(two_versions)
    for year, band, version in ((2026, "Baik", 1), (2027, "Bagus", 2)):
        save_publication(engine, None, year, "nine-aspects", True, actor="test", source="test")
        content = read_site_content(engine, year, "nine-aspects")
        rows = content.history[content.history["year"] == year]
        assert set(rows["framework_version"]) == {version} and set(rows["index"].round(6)) == {3.0}
        assert {content.framework.band(slug).text("id") for slug in rows["rating"]} == {band}
