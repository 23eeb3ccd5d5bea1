"""Part 2 pages through AppTest: Bandingkan, Wilayah, Kualitas data, Unggah (URL state, content, English)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_page, page_texts


def param(at: AppTest, key: str):
    value = at.query_params.get(key)
    return value


# --- Bandingkan ----------------------------------------------------------------------------------


def test_compare_from_repeated_kode(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode=["35.10", "35.77", "35"], tahun="2024")
    body = page_texts(at)
    assert "Bandingkan instansi 2024" in body
    for heading in ("Nilai domain", "Nilai aspek", "Tingkat kematangan per indikator", "Selisih", "Tren indeks"):
        assert heading in body
    assert at.multiselect(key="_url_multi_kode").value == ["35.10", "35.77", "35"]
    assert list(at.query_params.get("kode")) == ["35.10", "35.77", "35"]
    summary = at.dataframe[0].value
    assert list(summary["agency"]) == ["Kabupaten Banyuwangi", "Kota Batu", "Provinsi Jawa Timur"] or len(summary) == 3
    # Differences against the first agency, signed with the Indonesian decimal comma.
    diff = at.dataframe[1].value
    assert len(diff) == 2
    assert all("," in v or v in ("0,00", "–") for v in diff["index"])
    assert "Nilai instansi lain dikurangi nilai Kabupaten Banyuwangi" in body


def test_compare_change_selection_writes_repeated_params(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode=["35.10", "35.77"])
    at.multiselect(key="_url_multi_kode").select("35").run()
    assert not at.exception
    assert list(at.query_params.get("kode")) == ["35.10", "35.77", "35"]


def test_compare_needs_two_and_ignores_unknown_codes(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode=["35.10", "99.99"])
    assert "Pilih 2 sampai 6 instansi" in page_texts(at)


def test_compare_non_submitter_and_recap_year_in_english(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode=["35.10", "11"], tahun="2024", lang="en")
    assert "Did not submit in 2024" in page_texts(at)
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode=["35.10", "35"], tahun="2021", lang="en")
    body = page_texts(at)
    assert "Compare agencies 2021" in body
    assert "domain values only" in body and "not available" in body


# --- Wilayah -------------------------------------------------------------------------------------


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
    assert "Kabupaten Banyuwangi" in set(ranking["agency"])
    assert ranking["rank"].iloc[0] == 1


def test_regions_in_english(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "wilayah", tahun="2023", provinsi="35", lang="en")
    assert "Ranking of regencies and cities in Jawa Timur" in page_texts(at)


# --- Kualitas data -------------------------------------------------------------------------------


def test_quality_on_full_sample(monkeypatch, sample_store):
    at = open_page(monkeypatch, sample_store, "kualitas_data", tahun="2024")
    body = page_texts(at)
    for heading in ("Pengiriman per tahap", "Tidak mengisi", "Pengiriman tidak lengkap",
                    "Berkas ditolak dan letak masalahnya", "Peringatan pada berkas yang dimuat",
                    "Selisih penilaian mandiri per instansi"):
        assert heading in body
    frames = [d.value for d in at.dataframe]
    rejected = next(f for f in frames if "cell" in f.columns and "file" in f.columns and "uploaded_at" in f.columns)
    assert {"F13", "I41"} <= set(rejected["cell"])
    assert "CONTOH_scan_LKE_2024.xlsx" in set(rejected["file"])
    incomplete = next(f for f in frames if "missing_count" in f.columns)
    assert len(incomplete) >= 1 and (incomplete["missing_count"] > 0).all()
    gaps = next(f for f in frames if "mean_difference" in f.columns)
    assert len(gaps) > 100


def test_quality_stage_filter_history_and_english(monkeypatch, sample_store):
    at = open_page(monkeypatch, sample_store, "kualitas_data", tahun="2024", tahap="visitasi", kode="35.10",
                   lang="en")
    body = page_texts(at)
    assert "Data quality 2024" in body and "Did not submit (site visit)" in body
    assert at.query_params.get("tahap") in ("visitasi", ["visitasi"])
    history = next(d.value for d in at.dataframe if "original_name" in d.value.columns)
    assert len(history) >= 1 and set(history["year"]) >= {2024}


def test_quality_recap_year_shows_official_zeros(monkeypatch, sample_store):
    at = open_page(monkeypatch, sample_store, "kualitas_data", tahun="2023")
    assert "nol resmi (di bawah skala)" in page_texts(at)


# --- Unggah --------------------------------------------------------------------------------------


def test_upload_enabled_on_sample_store(monkeypatch, dashboard_store):
    monkeypatch.delenv("TERA_ALLOW_UPLOAD", raising=False)
    at = open_page(monkeypatch, dashboard_store, "unggah")
    body = page_texts(at)
    assert "Unggah berkas penilaian" in body and "20 MB" in body
    assert "Belum ada berkas" in body


def test_upload_disabled_on_real_store_unless_allowed(monkeypatch, real_store):
    monkeypatch.delenv("TERA_ALLOW_UPLOAD", raising=False)
    at = open_page(monkeypatch, real_store, "unggah")
    assert "Unggah belum diaktifkan" in page_texts(at)
    monkeypatch.setenv("TERA_ALLOW_UPLOAD", "1")
    at = open_page(monkeypatch, real_store, "unggah", lang="en")
    body = page_texts(at)
    assert "Upload assessment files" in body and "not enabled" not in body


@pytest.mark.parametrize("page", ["bandingkan", "wilayah", "kualitas_data", "unggah"])
def test_empty_store_is_friendly(monkeypatch, empty_store, page):
    at = open_page(monkeypatch, empty_store, page)
    assert "Belum ada data" in page_texts(at)
