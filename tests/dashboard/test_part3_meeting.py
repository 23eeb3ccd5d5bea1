"""Mode rapat: the agenda parsed from the URL, the slide list, the slide data, and every slide kind via AppTest."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import meeting
from dashboard.meeting import Slide
from tests.conftest import open_page

FULL = "ringkasan,distribusi,teratas,naik,instansi"


# --- pure agenda model ----------------------------------------------------------------------------


def test_parse_sections_keeps_known_in_order_once():
    assert meeting.parse_sections("naik, TERATAS,naik,xyz") == ("naik", "teratas")
    assert meeting.parse_sections(None) == meeting.SECTIONS
    assert meeting.parse_sections("nothing,known") == meeting.SECTIONS


def test_parse_codes_repeated_and_comma_separated():
    assert meeting.parse_codes(["35.10", "32, 35.10", "", " K-BPS "]) == ("35.10", "32", "K-BPS")
    assert meeting.parse_codes([]) == ()


@pytest.mark.parametrize(("raw", "count", "expected"), [
    (None, 5, 0), ("1", 5, 0), ("3", 5, 2), ("99", 5, 4), ("0", 5, 0), ("-2", 5, 0), ("x", 5, 0), ("2", 0, 0)])
def test_parse_slide_is_one_based_and_clamped(raw, count, expected):
    assert meeting.parse_slide(raw, count) == expected


@pytest.mark.parametrize(("raw", "expected"), [(None, None), ("0", None), ("abc", None), ("20", 20), ("2", 5),
                                               ("9999", 600), ("12.5", 12)])
def test_parse_auto(raw, expected):
    assert meeting.parse_auto(raw) == expected


def test_build_slides_expands_agencies_into_profile_and_path():
    slides = meeting.build_slides(("ringkasan", "instansi", "naik"), ("35.10", "32"))
    assert slides == [Slide("ringkasan"), Slide("profil", "35.10"), Slide("jalan", "35.10"), Slide("profil", "32"),
                      Slide("jalan", "32"), Slide("naik")]
    assert meeting.build_slides(("instansi",), ()) == [Slide("profil")]
    assert {s.kind for s in meeting.build_slides(meeting.SECTIONS, ("1",))} == set(meeting.KINDS)


def test_agenda_query_round_trips():
    pairs = meeting.agenda_query(2024, ("ringkasan", "instansi"), ("35.10", "32"), slide=3, auto=20, lang="en")
    assert pairs == [("tahun", "2024"), ("urutan", "ringkasan,instansi"), ("kode", "35.10"), ("kode", "32"),
                     ("slide", "3"), ("auto", "20"), ("lang", "en")]


def test_movers_biggest_gain_first_with_previous_rank():
    results = pd.DataFrame({
        "agency_code": list("abcde"), "agency_name": list("ABCDE"), "submitted": [True, True, True, False, True],
        "rank": pd.array([1, 2, 3, pd.NA, 5], dtype="Int64"),
        "rank_change": pd.array([3, pd.NA, 7, pd.NA, -1], dtype="Int64")})
    up = meeting.movers(results)
    assert list(up["agency_code"]) == ["c", "a"]
    assert list(up["previous_rank"]) == [10, 4]


def test_rating_distribution_counts_submitted_only(spbe_fw):
    results = pd.DataFrame({"submitted": [True, True, True, False], "rating": ["baik", "baik", "kurang", None]})
    dist = meeting.rating_distribution(results, spbe_fw, "en")
    assert list(dist["slug"]) == [b.slug for b in spbe_fw.rating_bands]
    assert dict(zip(dist["slug"], dist["count"], strict=True))["baik"] == 2
    assert dist["share"].sum() == pytest.approx(1.0)
    assert "Good" in set(dist["label"])


def test_slide_html_escapes_names_and_labels_every_colour(spbe_fw):
    results = pd.DataFrame({
        "agency_code": ["x"], "agency_name": ["<script>Kota X</script>"], "agency_type": ["kota"],
        "province_code": ["32"], "province_name": ["Jawa Barat"], "submitted": [True], "index": [3.0],
        "rating": ["baik"], "rank": pd.array([1], dtype="Int64"), "rank_type": pd.array([1], dtype="Int64"),
        "rank_change": pd.array([2], dtype="Int64"), "D1": [3.0], "D2": [2.0], "D3": [1.0], "D4": [4.5]})
    html = meeting.profile_slide(results, "x", 2024, spbe_fw, "id")
    assert "<script>" not in html and "&lt;script&gt;" in html
    # Each coloured bar is followed by its rating written out.
    for label in ("Baik", "Cukup", "Kurang", "Memuaskan"):
        assert f">{label}</span>" in html
    assert meeting.short_name("Tingkat Kematangan Layanan Kearsipan Dinamis") == "Layanan Kearsipan Dinamis"
    assert "0 detik" in meeting.countdown_html(-3, "id")


# --- the page through AppTest ---------------------------------------------------------------------




def html_of(at: AppTest) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


def shown_kind(at: AppTest) -> str:
    found = re.findall(r'<section class="tera-slide" data-kind="([a-z]+)"', html_of(at))
    assert len(found) == 1, "exactly one slide per screen"
    return found[0]


def param(at: AppTest, key: str):
    value = at.query_params[key]
    return value[0] if isinstance(value, list) and len(value) == 1 else value


EXPECTED = [(1, "ringkasan", "Indeks SPBE nasional 2024"), (2, "distribusi", "berpredikat"),
            (3, "teratas", "memimpin peringkat SPBE 2024"), (4, "naik", "peringkat, terbanyak tahun ini"),
            (5, "profil", "Kabupaten Banyuwangi: indeks"), (6, "jalan", "Kabupaten Banyuwangi:")]


@pytest.mark.parametrize(("slide", "kind", "text"), EXPECTED, ids=[e[1] for e in EXPECTED])
def test_every_slide_kind_renders_from_the_url(monkeypatch, dashboard_store, slide, kind, text):
    at = open_page(monkeypatch, dashboard_store, "rapat", tahun="2024", urutan=FULL, kode="35.10", slide=str(slide))
    assert shown_kind(at) == kind
    body = html_of(at)
    assert text in body
    assert f"Slide {slide} / 6" in body
    # Meeting mode: the page's own CSS hides the chrome; the sample notice moves into the footer.
    assert '[data-testid="stSidebar"]' in body and "display: none" in body
    assert "Data contoh (sintetis)" in body
    assert not [w for w in at.warning if "Data contoh" in str(w.value)]
    assert param(at, "slide") == str(slide)
    assert param(at, "urutan") == FULL


def test_path_slide_lists_steps_and_goal(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "rapat", tahun="2024", urutan="instansi", kode="35.10", slide="2")
    body = html_of(at)
    assert shown_kind(at) == "jalan"
    assert "langkah menuju predikat" in body or "sudah berada di predikat tertinggi" in body


def test_english_agenda_with_repeated_codes_and_non_submitter(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "rapat", tahun="2024", urutan="instansi,ringkasan", kode=["35.10", "11"],
                      slide="3", lang="en")
    assert shown_kind(at) == "profil"
    body = html_of(at)
    assert "Slide 3 / 5" in body
    assert "did not submit" in body or "not submitted" in body.lower()


@pytest.mark.parametrize(("params", "kind", "text"), [
    ({"urutan": "instansi"}, "profil", "Belum ada instansi yang dipilih"),
    ({"urutan": "instansi", "kode": "99.99"}, "profil", "Instansi 99.99 tidak ditemukan"),
    ({"urutan": "naik", "tahun": "2021"}, "naik", "Belum ada perbandingan peringkat untuk 2021"),
    ({"urutan": "teratas", "slide": "40"}, "teratas", "Slide 1 / 1"),
    ({}, "ringkasan", "Slide 1 / 5"),
])
def test_edge_agendas_say_what_is_missing(monkeypatch, dashboard_store, params, kind, text):
    at = open_page(monkeypatch, dashboard_store, "rapat", **params)
    assert shown_kind(at) == kind
    assert text in html_of(at)


def test_next_and_previous_buttons_move_and_wrap(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "rapat", tahun="2024", urutan="ringkasan,distribusi,teratas", slide="1")
    at.button(key="rapat_next").click().run()
    assert param(at, "slide") == "2" and shown_kind(at) == "distribusi"
    at.button(key="rapat_pagedown").click().run()
    assert param(at, "slide") == "3" and shown_kind(at) == "teratas"
    at.button(key="rapat_next").click().run()
    assert param(at, "slide") == "1" and shown_kind(at) == "ringkasan"
    at.button(key="rapat_prev").click().run()
    assert param(at, "slide") == "3"
    at.button(key="rapat_pageup").click().run()
    assert param(at, "slide") == "2"


def test_auto_advance_shows_a_countdown(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "rapat", tahun="2024", urutan="ringkasan,teratas", auto="20")
    assert "Slide berikutnya dalam 20 detik" in html_of(at)
    at = open_page(monkeypatch, dashboard_store, "rapat", tahun="2024", urutan="ringkasan,teratas")
    assert 'role="timer"' not in html_of(at)


def test_keyboard_shortcuts_are_declared(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "rapat", urutan="ringkasan")
    shortcuts = {b.key: b.proto.shortcut.casefold() for b in at.button}
    assert shortcuts == {"rapat_prev": "left", "rapat_next": "right", "rapat_pageup": "pageup",
                         "rapat_pagedown": "pagedown"}
