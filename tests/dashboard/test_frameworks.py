"""Two more frameworks beside SPBE in the same year, on SQLite and PostgreSQL: framework add → template → load →
score → export → every page (AppTest) → PDF. A two-level one with weights in percent and named levels 1–5, and a
continuous 0–1 one with groups (their YAML lives in tests/indicators/data)."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import pytest

from ingest.access import EVALUATOR_VIEWER
from tests.support.apptest import open_page, page_texts
from tests.support.stores import POSTGRES_SKIP, postgres_answers, postgres_schema, seed_dashboard_store

DATA = Path(__file__).resolve().parents[1] / "indicators" / "data"
YEAR = 2024
AGENCIES = {"35.10": "Kabupaten Banyuwangi", "35.77": "Kota Madiun", "35": "Provinsi Jawa Timur"}
# Values per agency: the first does best, the province left one indicator empty (an incomplete submission).
VALUES = {
    "percent-two-level": {"35.10": [5, 4, 4, 5, 3], "35.77": [2, 3, 3, 2, 2], "35": [3, None, 4, 3, 3]},
    "continuous-groups": {"35.10": [0.9, 0.8, 1.0, 0.7, 0.95], "35.77": [0.2, 0.4, 0.3, 0.5, 0.1],
                          "35": [0.5, 0.6, 0.55, 0.45, 0.7]},
}
PAGES = [("ringkasan", {}), ("peringkat", {}), ("instansi", {"kode": "35.10"}),
         ("bandingkan", {"kode": ["35.10", "35.77"]}), ("wilayah", {"provinsi": "35"}), ("kualitas_data", {}),
         ("unggah", {}), ("rapat", {"urutan": "ringkasan,distribusi,teratas,instansi", "kode": "35.10", "slide": "5"})]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def mixed_store(request, tmp_path_factory) -> str:
    """A small SPBE store (2023–2024) with both test frameworks added and loaded for 2024 through the CLIs."""
    from ingest.cli import main as ingest
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.store import get_engine
    from ingest.template import write_template

    folder = tmp_path_factory.mktemp(f"mixed-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'tera.db'}"
    else:
        if not postgres_answers():
            pytest.skip(POSTGRES_SKIP)
        schema = contextlib.ExitStack()
        url = schema.enter_context(postgres_schema())
        request.addfinalizer(schema.close)
    seed_dashboard_store(url, years=(2023, 2024), limit=12, recap_year=None)
    for code in VALUES:
        assert ingest(["framework", "add", str(DATA / f"{code}.yaml"), "--db", url]) == 0
    catalog = FrameworkCatalog.from_store(get_engine(url))
    for code, by_agency in VALUES.items():
        fw = catalog.get(code)
        (folder / code).mkdir()
        # The CLI template proves the command; the filled copies are what agencies would send back.
        assert ingest(["template", "--framework", code, "--year", str(YEAR), "--out", str(folder / f"{code}.xlsx"),
                       "--db", url]) == 0
        for agency, values in by_agency.items():
            levels = {node.code: value for node, value in zip(fw.leaves, values, strict=True) if value is not None}
            write_template(folder / code / f"{agency}.xlsx", agency_code=agency, agency_name=AGENCIES[agency],
                           year=YEAR, framework=fw, stages=("mandiri", "dokumen"),
                           levels={"mandiri": levels, "dokumen": levels})
    # One framework named by the command, the other read from each workbook's cover.
    assert ingest(["load", str(folder / "percent-two-level"), "--framework", "percent-two-level", "--db", url]) == 0
    assert ingest(["load", str(folder / "continuous-groups"), "--db", url]) == 0
    return url


def _history(url: str, code: str):
    from dashboard.state.history import compute_history
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.store import get_engine

    engine = get_engine(url)
    fw = FrameworkCatalog.from_store(engine).get(code)
    return engine, fw, compute_history(engine, fw)


@pytest.mark.parametrize("code", list(VALUES))
def test_scores_match_the_scoring_cli_and_only_participants_are_listed(mixed_store, code, tmp_path, capsys):
    from indicators.cli import main as indicators

    _engine, fw, history = _history(mixed_store, code)
    year = history[history["year"] == YEAR]
    assert sorted(year["agency_code"]) == sorted(AGENCIES), "no other agency is listed as a non-submitter"
    # An incomplete submission on a scale without a not-answered value has no index: listed, without a result.
    complete = {agency: None not in values for agency, values in VALUES[code].items()}
    assert dict(zip(year["agency_code"], year["submitted"], strict=True)) == complete
    assert set(history["year"]) == {YEAR}
    table = tmp_path / "values.csv"
    table.write_text("agency," + ",".join(n.code for n in fw.leaves) + "\n" + "".join(
        f"{agency}," + ",".join(map(str, values)) + "\n" for agency, values in VALUES[code].items()
        if complete[agency]), encoding="utf-8")
    assert indicators(["score", str(table), "--framework", str(DATA / f"{code}.yaml"), "--year", str(YEAR)]) == 0
    scored = {row["agency"]: float(row["index"]) for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    shown = year[year["submitted"]]
    assert scored == pytest.approx(dict(zip(shown["agency_code"], shown["index"], strict=True)))


def test_spbe_of_the_same_year_is_untouched(mixed_store):
    _engine, _fw, history = _history(mixed_store, "spbe-2020")
    year = history[history["year"] == YEAR]
    assert len(year) > 12 and year["submitted"].sum() == len(year) - 1  # Aceh does not submit in 2024


@pytest.mark.parametrize("code", list(VALUES))
def test_export_has_the_frameworks_top_level_columns(mixed_store, code, capsys):
    from dashboard.cli import main as dashboard
    from indicators import load_framework

    assert dashboard(["export", "ranking", "--year", str(YEAR), "--framework", code, "--db", mixed_store]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    top = [node.code for node in load_framework(DATA / f"{code}.yaml").top_nodes]
    # A stored framework's export says the version each result was scored with.
    assert list(rows[0]) == ["rank", "agency_code", "agency_name", "agency_type", "province", "index", "rating", *top,
                             "framework_version"]
    assert {row["framework_version"] for row in rows} == {"1"}
    assert rows[0]["agency_code"] == "35.10" and len(rows) == sum(None not in v for v in VALUES[code].values())
    # Without --framework the year's default (SPBE, data/settings.yaml) is exported.
    assert dashboard(["export", "ranking", "--year", str(YEAR), "--db", mixed_store]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(",D1,D2,D3,D4")


@pytest.mark.parametrize("code", list(VALUES))
@pytest.mark.parametrize(("page", "params"), PAGES, ids=[p for p, _ in PAGES])
def test_every_page_follows_the_framework(monkeypatch, mixed_store, code, page, params):
    monkeypatch.setenv("TERA_ALLOW_UPLOAD", "1")
    at = open_page(monkeypatch, mixed_store, page, viewer=EVALUATOR_VIEWER, tahun=str(YEAR), kerangka=code, **params)
    assert at.query_params["kerangka"] in (code, [code])
    text = page_texts(at) + "".join(str(e.value) for e in at.get("html"))
    # Only the note under a trend names the other frameworks in the store (SPBE among them).
    own = [line for line in text.splitlines() if not line.startswith("Tren hanya membandingkan")]
    assert not [line for line in own if "SPBE" in line], "the page names the framework it shows, not SPBE"


@pytest.mark.parametrize("code", list(VALUES))
def test_pdf_report_of_each_framework(mixed_store, code):
    from dashboard.render import report, report_pdf
    from ingest import queries
    from ingest.access import reads

    engine, fw, history = _history(mixed_store, code)
    made = report.build_report(history, queries.load_all_final_levels(engine, YEAR, framework=code),
                               reads.load_agency_levels(engine, EVALUATOR_VIEWER, YEAR, "35.10", code), fw, YEAR, "35.10", "id")
    pdf = report_pdf.write_report_pdf(made)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert made.levels["level"].tolist() == pytest.approx(VALUES[code]["35.10"])
    assert report.file_name("35.10", YEAR, "id", "pdf", code) == f"laporan-{code}-35.10-{YEAR}.pdf"
