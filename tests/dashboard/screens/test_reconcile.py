"""Across pages: the funnel's numbers are the same and add up everywhere; no Indonesian table shows a dot decimal."""

from __future__ import annotations

import re

import pytest

from dashboard.logic.funnel import compute_funnel, funnel_text
from dashboard.state.history import compute_history
from ingest.store import get_engine
from tests.support.apptest import open_page, page_texts, table_cells
from tests.support.stores import sample_agency


@pytest.fixture(scope="module")
def funnel_2024(sample_store, fw):
    history = compute_history(get_engine(sample_store), fw)
    year = history[history["year"] == 2024]
    return compute_funnel(year), year


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_funnel_is_the_same_on_every_page(monkeypatch, sample_store, funnel_2024):
    funnel, year = funnel_2024
    line = funnel_text(funnel, "id")
    assert funnel.scored < funnel.complete < funnel.took_part < funnel.evaluated

    overview = open_page(monkeypatch, sample_store, "ringkasan", tahun="2024")
    assert line in page_texts(overview)
    assert _metric(overview, "Instansi berindeks") == str(funnel.scored)

    ranking = open_page(monkeypatch, sample_store, "peringkat", tahun="2024")
    assert line in page_texts(ranking)
    table = ranking.dataframe[0].value
    assert int(table["rank"].notna().sum()) == funnel.scored
    assert int((table["index"] == "tanpa indeks").sum()) == funnel.incomplete + funnel.invalid
    assert int((table["index"] == "tidak mengisi").sum()) == funnel.not_submitted

    quality = open_page(monkeypatch, sample_store, "kualitas_data", tahun="2024")
    assert line in page_texts(quality)
    assert [_metric(quality, label) for label in ("Dievaluasi", "Mengisi", "Lengkap", "Berindeks")] == [
        str(funnel.evaluated), str(funnel.took_part), str(funnel.complete), str(funnel.scored)]
    status = quality.dataframe[1].value
    assert "lengkap" not in set(status.loc[status["agency_code"].isin([sample_agency(sample_store, "empty"), sample_agency(sample_store, "invalid")]), "status"])

    profile = open_page(monkeypatch, sample_store, "instansi", kode="35.10", tahun="2024")
    assert _metric(profile, "Peringkat nasional").endswith(f"/ {funnel.scored}")

    region = open_page(monkeypatch, sample_store, "wilayah", tahun="2024", provinsi="35")
    members = year[(year["province_code"] == "35") & year["agency_type"].isin(["kabupaten", "kota"])]
    assert funnel_text(compute_funnel(members), "id") in page_texts(region)


# A decimal written with a dot; thousands in Indonesian are dotted groups of three ("1.234").
DOT_DECIMAL = re.compile(r"^[+−-]?\d+\.\d+$")
THOUSANDS = re.compile(r"^[+−-]?\d{1,3}(\.\d{3})+(,\d+)?$")
PAGES = [
    ("ringkasan", {}),
    ("peringkat", {}),
    ("peringkat", {"provinsi": "35"}),
    ("instansi", {"kode": "35.10"}),
    ("bandingkan", {"kode": ["35.10", "35.77", "35"]}),
    ("wilayah", {"provinsi": "35"}),
    ("kualitas_data", {"kode": "35.10"}),
]


@pytest.mark.parametrize(("page", "params"), PAGES, ids=[f"{p}-{'-'.join(map(str, q.values()))}" for p, q in PAGES])
def test_no_dot_decimal_on_indonesian_pages(monkeypatch, dashboard_store, page, params):
    at = open_page(monkeypatch, dashboard_store, page, tahun="2024", **params)
    found = []
    for element in at.dataframe:
        for column, cells in table_cells(element).items():
            if "code" in column or column in ("kode", "profile", "agency_link"):
                continue
            found += [(column, c) for c in cells if DOT_DECIMAL.match(c) and not THOUSANDS.match(c)]
    found += [("metric", m.value) for m in at.metric if DOT_DECIMAL.match(m.value) and not THOUSANDS.match(m.value)]
    assert not found, found[:10]
