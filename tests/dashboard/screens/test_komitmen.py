"""Komitmen through AppTest: the profile's card, the evaluator's quick form, the list page and who sees what."""

from __future__ import annotations

import re

import pytest

from ingest.access import EVALUATOR_VIEWER, PUBLIC_VIEWER, Viewer, add_user, load_audit, reads
from ingest.access.commitments import Commitment, save_commitment
from ingest.store import get_engine
from tests.support.apptest import open_page, page_texts

AGENCY = Viewer(role="agency", agency_codes=frozenset({"35.10"}), email="kab@banyuwangikab.go.id")


def _with_agency_account(url: str) -> str:
    """Give the store AGENCY's account: a session's person is re-read from its account, and one without goes."""
    add_user(get_engine(url), AGENCY.email, "agency", ["35.10"], actor="test", source="test")
    return url


@pytest.fixture(scope="module")
def promised(dashboard_store, tmp_path_factory):
    """A private copy of the small store with two promises of Banyuwangi due in 2024 (made on 2023), from a meeting
    not made public (the shared store stays without commitments)."""
    from tests.support.stores import copy_store

    url = _with_agency_account(copy_store(dashboard_store, tmp_path_factory.mktemp("komitmen") / "tera.db"))
    engine = get_engine(url)
    for indicator in ("I44", "I1"):
        save_commitment(engine, EVALUATOR_VIEWER, Commitment(
            agency_code="35.10", framework_code="spbe-2020", indicator=indicator, target_level=5, target_year=2024,
            base_year=2023, base_level=1, responsible="Diskominfo", note="**tebal** <b>x</b>",
            meeting="Rapat uji"), actor="eva", source="test")
    return url


def test_profile_card_counts_the_rounds_commitments(monkeypatch, promised):
    at = open_page(monkeypatch, promised, "instansi", viewer=EVALUATOR_VIEWER, kode="35.10", tahun="2024")
    assert "2 komitmen 2024" in page_texts(at)
    assert any(e.label == "Catat komitmen" for e in at.expander)


def test_list_page_for_evaluator_agency_and_public(monkeypatch, promised):
    at = open_page(monkeypatch, promised, "komitmen", viewer=EVALUATOR_VIEWER)
    table = at.dataframe[0].value
    assert set(table["agency_name"]) == {"Kabupaten Banyuwangi"}
    # A note is shown as the text it is, never as Markdown or HTML.
    assert set(table["note"]) == {"**tebal** <b>x</b>"}
    assert "Kelola komitmen (evaluator)" in page_texts(at)
    own = open_page(monkeypatch, promised, "komitmen", viewer=AGENCY)
    assert len(own.dataframe[0].value) == 2 and "Kelola komitmen" not in page_texts(own)
    public = open_page(monkeypatch, promised, "komitmen", viewer=PUBLIC_VIEWER)
    # Nothing published, no public meeting: the public sees no commitment at all.
    assert not public.dataframe and "Diskominfo" not in page_texts(public)


def test_meeting_slides_between_rounds(monkeypatch, promised):
    from tests.dashboard.screens.test_rapat import html_of, shown_kind

    at = open_page(monkeypatch, promised, "rapat", viewer=EVALUATOR_VIEWER, tahun="2024",
                   urutan="perubahan,komitmen", kode="35.10", slide="1")
    assert shown_kind(at) == "perubahan"
    assert "Kabupaten Banyuwangi" in html_of(at) and "dari perubahan sendiri" in html_of(at)
    at = open_page(monkeypatch, promised, "rapat", viewer=EVALUATOR_VIEWER, tahun="2024",
                   urutan="perubahan,komitmen", kode="35.10", slide="2")
    assert shown_kind(at) == "komitmen"
    assert re.search(r"\d dari 2 komitmen untuk 2024 tercapai", html_of(at))


def test_evaluator_records_a_promise_from_the_profile_and_the_comparison(monkeypatch, dashboard_store, tmp_path):
    from tests.support.stores import copy_store

    url = _with_agency_account(copy_store(dashboard_store, tmp_path / "tera.db"))
    at = open_page(monkeypatch, url, "instansi", viewer=EVALUATOR_VIEWER, kode="35.10", tahun="2024")
    assert "komitmen_35.10_indicator" not in [w.key for w in at.selectbox], "the closed form sends no widget"
    at.session_state["komitmen_35.10_open"] = True  # the evaluator opens the form
    at.run()
    at.selectbox(key="komitmen_35.10_indicator").select("I44").run()
    at.text_input(key="komitmen_35.10_who").input("Diskominfo").run()
    at.text_input(key="komitmen_rapat").input("Rapat uji 2").run()
    at.button(key="komitmen_35.10_save").click().run()
    assert not at.exception
    engine = get_engine(url)
    saved = reads.load_commitments(engine, EVALUATOR_VIEWER)
    assert list(zip(saved["indicator"], saved["target_year"], saved["meeting"], strict=True)) == [
        ("I44", 2025, "Rapat uji 2")]
    assert saved["target_level"].iloc[0] == min(5.0, saved["base_level"].iloc[0] + 1)
    assert load_audit(engine, EVALUATOR_VIEWER, action="commitment")["source"].tolist() == ["page: instansi"]
    # The meeting's name stays for the next promise, even when the form was closed in between.
    at.session_state["komitmen_35.10_open"] = False
    at.run()
    at.session_state["komitmen_35.10_open"] = True
    at.run()
    assert at.text_input(key="komitmen_rapat").value == "Rapat uji 2"
    compare = open_page(monkeypatch, url, "bandingkan", viewer=EVALUATOR_VIEWER, kode=["35.10", "35.77"], tahun="2024")
    compare.session_state["komitmen_bandingkan_open"] = True
    compare.run()
    assert len(compare.selectbox(key="komitmen_bandingkan_agency").options) == 2
    public = open_page(monkeypatch, url, "bandingkan", viewer=AGENCY, kode=["35.10", "35.77"], tahun="2024")
    assert not [e for e in public.expander if e.label == "Catat komitmen"]


def test_evaluator_records_a_promise_from_a_meeting_slide(monkeypatch, dashboard_store, tmp_path):
    from tests.support.stores import copy_store

    url = _with_agency_account(copy_store(dashboard_store, tmp_path / "tera.db"))
    at = open_page(monkeypatch, url, "rapat", viewer=EVALUATOR_VIEWER, tahun="2024", urutan="instansi", kode="35.10",
                   slide="1")
    at.session_state["komitmen_rapat_35.10_open"] = True
    at.run()
    at.selectbox(key="komitmen_rapat_35.10_indicator").select("I1").run()
    at.text_input(key="komitmen_rapat_35.10_who").input("Bappeda").run()
    at.button(key="komitmen_rapat_35.10_save").click().run()
    assert not at.exception
    engine = get_engine(url)
    saved = reads.load_commitments(engine, EVALUATOR_VIEWER)
    assert list(zip(saved["indicator"], saved["responsible"], strict=True)) == [("I1", "Bappeda")]
    assert load_audit(engine, EVALUATOR_VIEWER, action="commitment")["source"].tolist() == ["page: rapat"]
    # The agency's own users see the slide, not the form; the ranking slides have no agency to promise for.
    own = open_page(monkeypatch, url, "rapat", viewer=AGENCY, tahun="2024", urutan="instansi", kode="35.10", slide="1")
    own.session_state["komitmen_rapat_35.10_open"] = True
    own.run()
    assert not [b for b in own.button if b.key == "komitmen_rapat_35.10_save"]
    national = open_page(monkeypatch, url, "rapat", viewer=EVALUATOR_VIEWER, tahun="2024", urutan="ringkasan")
    assert not [b for b in national.button if (b.key or "").startswith("komitmen_rapat")]
