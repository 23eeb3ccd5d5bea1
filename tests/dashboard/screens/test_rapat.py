"""Mode rapat through AppTest: every slide kind from the URL, buttons, auto-advance, shortcuts."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest import open_page

FULL = "ringkasan,distribusi,teratas,naik,instansi"


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
            (3, "teratas", "memimpin peringkat Indeks SPBE 2024"), (4, "naik", "peringkat, terbanyak tahun ini"),
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
    assert "indikator menuju predikat" in body or "sudah berada di predikat tertinggi" in body


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
    ({"urutan": "turun", "tahun": "2024"}, "turun", "peringkat, terbanyak tahun ini"),
    ({"urutan": "teratas", "slide": "40"}, "teratas", "Slide 1 / 1"),
    ({}, "ringkasan", "Slide 1 / 6"),
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
                         "rapat_pagedown": "pagedown", "rapat_leave": "escape"}


LEAVE = [
    ({}, "Ringkasan nasional Indeks SPBE 2024", {"tahun": "2024"}),
    ({"dari": "instansi", "kode": "35.10"}, "Profil instansi", {"kode": "35.10", "tahun": "2024"}),
    ({"dari": "bandingkan", "kode": ["35.10", "35.77"], "lang": "en"}, "Compare agencies 2024",
     {"kode": ["35.10", "35.77"], "tahun": "2024", "lang": "en"}),
    ({"dari": "instansi"}, "Ringkasan nasional Indeks SPBE 2024", {"tahun": "2024"}),
]


@pytest.mark.parametrize(("params", "title", "expected"), LEAVE, ids=["default", "profile", "comparison", "no-agency"])
def test_escape_leaves_to_the_page_the_meeting_came_from(monkeypatch, dashboard_store, params, title, expected):
    at = open_page(monkeypatch, dashboard_store, "rapat", tahun="2024", urutan="ringkasan,instansi", slide="2", **params)
    leave = at.button(key="rapat_leave")
    assert leave.proto.shortcut.casefold() == "escape"
    leave.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "tera-slide" not in html_of(at)
    assert title in [str(e.value) for e in at.title][0]
    assert {key: param(at, key) for key in at.query_params} == {**expected, "kerangka": "spbe-2020"}
