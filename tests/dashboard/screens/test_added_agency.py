"""An agency added by command and loaded from its workbook appears on the pages like any other (AppTest)."""

from __future__ import annotations

import io

import pytest

from indicators import framework_for_year
from ingest.access import EVALUATOR_VIEWER
from ingest.agency_commands import add_agency
from ingest.load import load_file
from ingest.store import get_engine
from ingest.template import write_template
from tests.support.apptest import open_page
from tests.support.stores import copy_store

NAME = "Badan Percobaan Digital Nasional"
CODE = "K-BPDN"


@pytest.fixture(scope="module")
def added_store(dashboard_store, tmp_path_factory) -> str:
    url = copy_store(dashboard_store, tmp_path_factory.mktemp("added-agency") / "tera.db")
    engine = get_engine(url)
    add_agency(engine, CODE, NAME, "lpnk", valid_from=2024)
    fw = framework_for_year(2024)
    buffer = io.BytesIO()
    write_template(buffer, agency_code="", agency_name=NAME, year=2024, framework=fw,
                   levels={"dokumen": {node.code: 4 for node in fw.indicators}})
    result = load_file(engine, buffer.getvalue(), name="lke-bpdn.xlsx")
    assert result.outcome == "loaded", [p.message for p in result.problems]
    return url


def test_added_agency_is_ranked_and_has_a_profile(monkeypatch, added_store):
    # A real file ends the demo: the evaluator sees the unpublished year, the public would not.
    at = open_page(monkeypatch, added_store, "peringkat", viewer=EVALUATOR_VIEWER, tahun="2024",
                   cari="Percobaan Digital")
    assert list(at.dataframe[0].value["agency"]) == [NAME]
    at = open_page(monkeypatch, added_store, "instansi", viewer=EVALUATOR_VIEWER, kode=CODE, tahun="2024")
    assert at.header[0].value == NAME
    assert f"{NAME} · {CODE}" in at.selectbox(key="_url_kode").options

