"""Kualitas data through AppTest on the full sample: stages, filters, history, official zeros."""

from __future__ import annotations

from tests.support.apptest import open_page, page_texts


def test_quality_on_full_sample(monkeypatch, sample_store):
    at = open_page(monkeypatch, sample_store, "kualitas_data", tahun="2024")
    body = page_texts(at)
    for heading in ("Pengiriman per tahap", "Tidak mengisi", "Pengiriman tidak lengkap",
                    "Berkas ditolak dan letak masalahnya", "Peringatan pada berkas yang dimuat",
                    "Selisih penilaian mandiri per instansi"):
        assert heading in body
    frames = [d.value for d in at.dataframe]
    # A short problem list is a static table, so the whole fix message wraps instead of being cut.
    tables = [tb.value for tb in at.table]
    rejected = next(f for f in tables if "Sel" in f.columns and "Berkas" in f.columns)
    assert {"F13", "I41"} <= set(rejected["Sel"])
    assert "CONTOH_scan_LKE_2024.xlsx" in set(rejected["Berkas"])
    assert list(rejected.columns)[0] == "Pesan" and rejected["Pesan"].str.len().max() > 80
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
