"""The "Presentasikan" agenda builder through AppTest: on the overview, a profile and a comparison."""

from __future__ import annotations

import pytest

from dashboard.render.agenda import OPEN_PREFIX
from tests.support.apptest import open_page


def opened(at, page: str):
    """Open the page's "Presentasikan" popover (its widgets are drawn only then) and return the run."""
    at.session_state[f"{OPEN_PREFIX}{page}"] = True
    return at.run()


def agenda_link(at) -> str:
    links = [str(c.value) for c in at.code if str(c.value).startswith("rapat?")]
    assert len(links) == 1, links
    return links[0]


def start_link(at):
    found = [e for e in at.get("page_link") if "rapat" in e.proto.page]
    assert len(found) == 1
    return found[0].proto


BUILDERS = [
    ("ringkasan", {}, "rapat?tahun=2024&kerangka=spbe-2020&urutan=ringkasan%2Cdistribusi%2Cteratas%2Cnaik%2Cturun&slide=1"),
    ("instansi", {"kode": "35.10"}, "rapat?tahun=2024&kerangka=spbe-2020&urutan=instansi%2Cringkasan&kode=35.10&slide=1&dari=instansi"),
    ("bandingkan", {"kode": ["35.10", "35.77"]},
     "rapat?tahun=2024&kerangka=spbe-2020&urutan=instansi%2Cringkasan&kode=35.10&kode=35.77&slide=1&dari=bandingkan"),
]


@pytest.mark.parametrize(("page", "params", "link"), BUILDERS, ids=[b[0] for b in BUILDERS])
def test_present_proposes_the_page_agenda(monkeypatch, dashboard_store, page, params, link):
    at = open_page(monkeypatch, dashboard_store, page, tahun="2024", **params)
    assert not at.code, "the closed popover sends nothing"
    at = opened(at, page)
    assert agenda_link(at) == link
    assert start_link(at).label == "Mulai mode rapat"


def test_choosing_slides_agencies_and_auto_changes_the_link(monkeypatch, dashboard_store):
    at = opened(open_page(monkeypatch, dashboard_store, "ringkasan", tahun="2024"), "ringkasan")
    at.multiselect(key="agenda_sections_ringkasan").set_value(["teratas", "instansi", "ringkasan"]).run()
    at.multiselect(key="agenda_codes_ringkasan").set_value(["35.10", "35"]).run()
    at.number_input(key="agenda_auto_ringkasan").set_value(30).run()
    assert not at.exception
    assert agenda_link(at) == "rapat?tahun=2024&kerangka=spbe-2020&urutan=teratas%2Cinstansi%2Cringkasan&kode=35.10&kode=35&slide=1&auto=30"


def test_no_slide_chosen_asks_for_one(monkeypatch, dashboard_store):
    at = opened(open_page(monkeypatch, dashboard_store, "instansi", tahun="2024", kode="35.10", lang="en"), "instansi")
    at.multiselect(key="agenda_sections_instansi").set_value([]).run()
    assert "Choose at least one slide." in [str(i.value) for i in at.info]
    assert not [c for c in at.code if str(c.value).startswith("rapat?")]


def test_one_agenda_is_built_across_pages(monkeypatch, dashboard_store):
    """Issue 17: slides chosen on the overview stay when a profile adds its agency (not two separate agendas)."""
    at = opened(open_page(monkeypatch, dashboard_store, "ringkasan", tahun="2024"), "ringkasan")
    at.multiselect(key="agenda_sections_ringkasan").set_value(["turun", "teratas"]).run()
    at.switch_page("screens/instansi.py")
    at.query_params["kode"] = "35.10"
    at.session_state[f"{OPEN_PREFIX}instansi"] = True
    at.run()
    assert not at.exception
    assert "urutan=instansi%2Cturun%2Cteratas&kode=35.10" in agenda_link(at)
