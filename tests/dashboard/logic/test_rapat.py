"""Mode rapat logic: the agenda parsed from the URL, the slide list and the slide data."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.logic import rapat
from dashboard.logic.rapat import Slide


def test_parse_sections_keeps_known_in_order_once():
    assert rapat.parse_sections("naik, TERATAS,naik,xyz") == ("naik", "teratas")
    assert rapat.parse_sections(None) == rapat.SECTIONS
    assert rapat.parse_sections("nothing,known") == rapat.SECTIONS


def test_parse_codes_repeated_and_comma_separated():
    assert rapat.parse_codes(["35.10", "32, 35.10", "", " K-BPS "]) == ("35.10", "32", "K-BPS")
    assert rapat.parse_codes([]) == ()


@pytest.mark.parametrize(("raw", "count", "expected"), [
    (None, 5, 0), ("1", 5, 0), ("3", 5, 2), ("99", 5, 4), ("0", 5, 0), ("-2", 5, 0), ("x", 5, 0), ("2", 0, 0)])
def test_parse_slide_is_one_based_and_clamped(raw, count, expected):
    assert rapat.parse_slide(raw, count) == expected


@pytest.mark.parametrize(("raw", "expected"), [(None, None), ("0", None), ("abc", None), ("20", 20), ("2", 5),
                                               ("9999", 600), ("12.5", 12)])
def test_parse_auto(raw, expected):
    assert rapat.parse_auto(raw) == expected


def test_build_slides_expands_agencies_into_profile_and_path():
    slides = rapat.build_slides(("ringkasan", "instansi", "naik"), ("35.10", "32"))
    assert slides == [Slide("ringkasan"), Slide("profil", "35.10"), Slide("jalan", "35.10"), Slide("profil", "32"),
                      Slide("jalan", "32"), Slide("naik")]
    assert rapat.build_slides(("instansi",), ()) == [Slide("profil")]
    assert {s.kind for s in rapat.build_slides(rapat.SECTIONS, ("1",))} == set(rapat.KINDS)


def test_agenda_query_round_trips():
    pairs = rapat.agenda_query(2024, ("ringkasan", "instansi"), ("35.10", "32"), slide=3, auto=20, lang="en")
    assert pairs == [("tahun", "2024"), ("urutan", "ringkasan,instansi"), ("kode", "35.10"), ("kode", "32"),
                     ("slide", "3"), ("auto", "20"), ("lang", "en")]


def test_agenda_link_names_its_origin_and_parses_back():
    pairs = rapat.agenda_query(2024, ("instansi", "ringkasan"), ("35.10",), origin="instansi")
    link = rapat.agenda_link(pairs)
    assert link == "rapat?tahun=2024&urutan=instansi%2Cringkasan&kode=35.10&slide=1&dari=instansi"
    assert rapat.parse_origin("instansi") == "instansi"
    # The overview is the default origin, so its links stay short.
    assert ("dari", "ringkasan") not in rapat.agenda_query(2024, ("ringkasan",), (), origin="ringkasan")


@pytest.mark.parametrize(("origin", "codes", "expected"), [
    ("ringkasan", (), ("ringkasan", "distribusi", "teratas", "naik", "turun")),
    ("ringkasan", ("35.10",), ("ringkasan", "distribusi", "teratas", "naik", "turun")),
    ("instansi", ("35.10",), ("instansi", "ringkasan")),
    ("bandingkan", ("35.10", "32"), ("instansi", "ringkasan")),
    ("instansi", (), ("ringkasan", "distribusi", "teratas", "naik", "turun")),
])
def test_default_sections_follow_the_page(origin, codes, expected):
    assert rapat.default_sections(origin, codes) == expected


@pytest.mark.parametrize(("origin", "codes", "lang", "expected"), [
    ("ringkasan", (), "id", ("ringkasan", {"tahun": "2024"})),
    ("instansi", ("35.10", "32"), "id", ("instansi", {"kode": "35.10", "tahun": "2024"})),
    ("instansi", (), "en", ("ringkasan", {"tahun": "2024", "lang": "en"})),
    ("bandingkan", ("35.10", "32"), "en", ("bandingkan", {"kode": ["35.10", "32"], "tahun": "2024", "lang": "en"})),
    ("bandingkan", ("35.10",), "id", ("ringkasan", {"tahun": "2024"})),
])
def test_exit_target_goes_back_where_the_meeting_came_from(origin, codes, lang, expected):
    assert rapat.exit_target(origin, codes, 2024, lang) == expected


@pytest.mark.parametrize(("raw", "expected"), [(None, "ringkasan"), ("", "ringkasan"), ("Instansi", "instansi"),
                                               ("bandingkan", "bandingkan"), ("unggah", "ringkasan")])
def test_parse_origin_accepts_only_pages_with_a_present_button(raw, expected):
    assert rapat.parse_origin(raw) == expected


def test_movers_biggest_gain_first_with_previous_rank():
    results = pd.DataFrame({
        "agency_code": list("abcde"), "agency_name": list("ABCDE"), "submitted": [True, True, True, False, True],
        "rank": pd.array([1, 2, 3, pd.NA, 5], dtype="Int64"),
        "rank_change": pd.array([3, pd.NA, 7, pd.NA, -1], dtype="Int64")})
    up = rapat.movers(results)
    assert list(up["agency_code"]) == ["c", "a"]
    assert list(up["previous_rank"]) == [10, 4]


def test_rating_distribution_counts_submitted_only(spbe_fw):
    results = pd.DataFrame({"submitted": [True, True, True, False], "rating": ["baik", "baik", "kurang", None]})
    dist = rapat.rating_distribution(results, spbe_fw, "en")
    assert list(dist["slug"]) == [b.slug for b in spbe_fw.rating_bands]
    assert dict(zip(dist["slug"], dist["count"], strict=True))["baik"] == 2
    assert dist["share"].sum() == pytest.approx(1.0)
    assert "Good" in set(dist["label"])


def test_round_sections_are_chosen_on_purpose():
    assert rapat.parse_sections("komitmen,perubahan") == ("komitmen", "perubahan")
    assert "komitmen" not in rapat.parse_sections(None)
    assert rapat.build_slides(("perubahan", "komitmen"), ("35.10", "32")) == [
        Slide("perubahan", "35.10"), Slide("perubahan", "32"), Slide("komitmen")]
    assert rapat.build_slides(("perubahan",), ()) == [Slide("perubahan")]


def test_fallers_biggest_loss_first_with_previous_rank():
    results = pd.DataFrame({
        "agency_code": list("abcd"), "agency_name": list("ABCD"), "submitted": [True, True, True, True],
        "rank": pd.array([1, 2, 3, 4], dtype="Int64"), "rank_change": pd.array([3, -127, -9, -77], dtype="Int64")})
    down = rapat.movers(results, falling=True)
    assert list(down["agency_code"]) == ["b", "d", "c"] and list(down["previous_rank"]) == [-125, -73, -6]


def test_one_agenda_across_pages_and_an_absolute_link():
    stored = {"sections": ("ringkasan", "turun"), "codes": ("32",)}
    assert rapat.merge_agenda(stored, "instansi", ("35.10",)) == (("instansi", "ringkasan", "turun"), ("32", "35.10"))
    assert rapat.merge_agenda(None, "instansi", ("35.10",)) == (("instansi", "ringkasan"), ("35.10",))
    pairs = [("tahun", "2024"), ("urutan", "ringkasan")]
    assert rapat.agenda_link(pairs) == "rapat?tahun=2024&urutan=ringkasan"
    assert rapat.agenda_link(pairs, "https://tera.example/instansi", "instansi") == \
        "https://tera.example/rapat?tahun=2024&urutan=ringkasan"
    assert rapat.agenda_link(pairs, "https://tera.example/sub/", "ringkasan") == \
        "https://tera.example/sub/rapat?tahun=2024&urutan=ringkasan"
