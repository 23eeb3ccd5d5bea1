"""Profil instansi through AppTest: deep link, recap year, non-submitter, picker, report buttons."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.state.data import get_store
from tests.support.apptest import open_page, page_texts, table_cells
from tests.support.stores import sample_agency


def test_profile_deep_link(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2024")
    assert at.header[0].value == "Kabupaten Banyuwangi"
    body = page_texts(at)
    assert "Peringkat di Jawa Timur" in body
    # Only the first section is drawn; every other one is a choice away, and the choice is in the link.
    assert "Mitra belajar" not in body and "Nilai per indikator" not in body
    assert "bagian" not in at.query_params
    chooser = at.segmented_control(key="_url_bagian")
    assert chooser.options == ["Sekilas", "Nilai", "Jalan ke predikat", "Indikator", "Mitra belajar",
                               "Tren dan riwayat"]
    for section, headings in {"jalan": ("Jalan ke predikat berikutnya",), "mitra": ("Mitra belajar",),
                              "indikator": ("Kekuatan dan kelemahan per aspek", "Penilaian mandiri dibanding hasil akhir",
                                            "Nilai per indikator"),
                              "skor": ("Nilai per domain", "Nilai per aspek"), "tren": ("Tren indeks",)}.items():
        at.segmented_control(key="_url_bagian").set_value(section).run()
        assert not at.exception
        body = page_texts(at)
        assert all(heading in body for heading in headings), (section, body)
        assert at.query_params["bagian"] in (section, [section])
        assert "Peringkat di Jawa Timur" in body  # the header and key figures stay


def test_profile_section_from_the_link(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2024", bagian="mitra")
    assert "Mitra belajar" in [h.value for h in at.subheader]
    assert "Apa yang berubah dan mengapa" not in page_texts(at)
    # A section this agency has no content for (no indicator levels in a recap year) falls back to the first one.
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2021", bagian="mitra")
    assert at.segmented_control(key="_url_bagian").value == "ringkas"
    assert "Mitra belajar" not in page_texts(at)


def test_profile_recap_year_in_english(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2021", lang="en")
    body = page_texts(at)
    assert "Agency profile" in body
    assert "not available" in body


def test_profile_of_non_submitter(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="11", tahun="2024")
    assert "tidak mengisi" in page_texts(at)


def test_profile_without_agency_asks_to_pick(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="99.99")
    assert "Pilih instansi" in page_texts(at)


ROOT = Path(__file__).resolve().parents[3]


APP = str(ROOT / "dashboard" / "app.py")


def test_profile_page_offers_the_report(monkeypatch, dashboard_store):
    monkeypatch.setenv("DATABASE_URL", dashboard_store)
    get_store.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["kode"] = "35.10"
    at.query_params["tahun"] = "2024"
    at.run()
    at.switch_page("screens/instansi.py").run()
    assert not at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    assert "Unduh laporan (PDF)" in labels and "Unduh angka laporan (XLSX)" in labels


def _metric(at, label: str):
    return next(m for m in at.metric if m.label == label)


def test_worse_rank_is_red_and_in_words(monkeypatch, dashboard_store, history):
    from streamlit.proto.Metric_pb2 import Metric

    year = history[(history["year"] == 2024) & (history["rank_change"] < 0)].sort_values("rank_change")
    code, fall = year["agency_code"].iloc[0], int(-year["rank_change"].iloc[0])
    at = open_page(monkeypatch, dashboard_store, "instansi", kode=code, tahun="2024")
    rank = _metric(at, "Peringkat nasional").proto
    assert rank.delta == f"turun {fall} peringkat"
    assert rank.color == Metric.MetricColor.RED and rank.direction == Metric.MetricDirection.DOWN


def test_better_rank_is_green_and_in_words(monkeypatch, dashboard_store, history):
    from streamlit.proto.Metric_pb2 import Metric

    year = history[(history["year"] == 2024) & (history["rank_change"] > 0)]
    code, rise = year["agency_code"].iloc[0], int(year["rank_change"].iloc[0])
    at = open_page(monkeypatch, dashboard_store, "instansi", kode=code, tahun="2024")
    rank = _metric(at, "Peringkat nasional").proto
    assert rank.delta == f"naik {rise} peringkat"
    assert rank.color == Metric.MetricColor.GREEN and rank.direction == Metric.MetricDirection.UP


@pytest.mark.parametrize(("kind", "reason"), [
    ("empty", r"indeks tidak dapat dihitung: I45–I47 kosong"),
    ("invalid", r"indeks tidak dapat dihitung: I\d+ Tidak Valid"),
])
def test_agency_without_index_says_why_and_is_not_ranked(monkeypatch, sample_store, kind, reason):
    at = open_page(monkeypatch, sample_store, "instansi", kode=sample_agency(sample_store, kind), tahun="2024")
    body = page_texts(at)
    assert re.search(reason, body) and "tidak mengisi" not in body
    assert "Tidak diberi peringkat (–)" in body


def test_path_summary_at_the_top_and_grouped_by_indicator(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2024")
    body = page_texts(at)
    assert "kenaikan pada" in body
    # The card's link opens the path section (the browser test checks the card is on the first screen).
    link = next(link for link in at.get("page_link") if link.proto.label == "Jalan ke predikat berikutnya")
    assert link.proto.page == "instansi" and "bagian=jalan" in link.proto.query_string and "kode=35.10" in link.proto.query_string
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2024", bagian="jalan")
    assert "Satu baris per indikator" in page_texts(at)
    path = next(df for df in at.dataframe if "gain" in df.proto.column_order)
    shown = table_cells(path)
    assert len(shown["indicator"]) == len({c.split(" ")[0] for c in shown["indicator"]})
    assert all("→" in c for c in shown["change"]) and all(g.startswith("+") and "," in g for g in shown["gain"])
    at.segmented_control(key="urutan").set_value("weakest").run()
    assert not at.exception
    assert "Urutan aspek terlemah dahulu" in page_texts(at)


def test_profile_has_one_picker_whose_labels_carry_written_names(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", tahun="2024")
    assert not at.text_input, "one control: no search box beside the picker"
    picker = at.selectbox(key="_url_kode")
    assert "Kabupaten Banyuwangi · Pemkab/Kab. Banyuwangi · 35.10" in picker.options
    picker.set_value("35.10").run()
    assert not at.exception
    assert at.header[0].value == "Kabupaten Banyuwangi"


def test_profile_stage_label_is_the_shared_one(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2024")
    body = page_texts(at)
    assert "tahap: nilai akhir tiap indikator" in body
    assert "Indeks dari nilai akhir tiap indikator (tahap: hasil akhir)" in body


def test_profile_says_what_changed_and_why(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2024")
    assert not at.exception
    body = page_texts(at)
    assert "Apa yang berubah dan mengapa" in body
    assert re.search(r"Indeks (naik|turun|tetap) .*2023", body)
    assert "dari perubahan sendiri" in body
