"""A new framework version never rescores loaded results; `framework rescore` previews, then applies and audits.

Runs on SQLite and PostgreSQL (the `store_url` fixture). The nine-aspect, 35-indicator test framework
stands in for the 2026 successor index, loaded beside SPBE.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dashboard.state.history import compute_history
from ingest.access import EVALUATOR_VIEWER
from ingest.access.audit import load_audit
from ingest.cli import main
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.frameworks.commands import add_framework, framework_rows
from ingest.frameworks.rescore import changed_rows, compute_rescore_preview
from ingest.load import load_file
from ingest.queries import load_all_submissions
from ingest.template import write_template
from tests.support.frameworks import FRAMEWORK_DATA

NINE = FRAMEWORK_DATA / "nine-aspects.yaml"
CODE = "nine-aspects"
YEAR = 2026
AGENCIES = [("32.01", "Pemerintah Kab. Bogor"), ("32.02", "Pemerintah Kab. Sukabumi"), ("32.03", "Pemerintah Kab. Cianjur")]


def _levels(seed: int) -> dict[str, int]:
    return {f"I{n}": 1 + (n * seed) % 5 for n in range(1, 36)}


def _workbook(fw, code: str, name: str, seed: int) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, agency_code=code, agency_name=name, year=YEAR, framework=fw, levels={"mandiri": _levels(seed)})
    return buffer.getvalue()


def _version_two(tmp_path: Path) -> Path:
    """Version 2: two weights changed (I1 3 → 5, I2 3 → 1), the total still 100."""
    text = NINE.read_text(encoding="utf-8")
    text = text.replace("{code: I1, weight: 3,", "{code: I1, weight: 5,").replace("{code: I2, weight: 3,", "{code: I2, weight: 1,")
    path = tmp_path / "nine-aspects-v2.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _indices(engine) -> dict[str, float]:
    catalog = FrameworkCatalog.from_store(engine)
    history = compute_history(engine, catalog.get(CODE), catalog.version_frameworks(CODE))
    rows = history[(history["year"] == YEAR) & history["submitted"]]
    return dict(zip(rows["agency_code"], rows["index"], strict=True))


@pytest.fixture
def loaded(store_engine):
    """Version 1 stored and three agencies' 2026 workbooks loaded with it."""
    add_framework(store_engine, NINE)
    fw = FrameworkCatalog.from_store(store_engine).get(CODE)
    for seed, (code, name) in enumerate(AGENCIES, start=1):
        result = load_file(store_engine, _workbook(fw, code, name, seed), name=f"{code}.xlsx")
        assert result.outcome == "loaded", result.problems
    return store_engine


def test_a_new_version_leaves_loaded_results_alone_until_rescored(loaded, store_url, tmp_path, capsys):
    before = _indices(loaded)
    assert len(before) == 3
    assert add_framework(loaded, _version_two(tmp_path))[1:] == (2, True)
    # Version 2 is stored, yet every result keeps version 1 and its index.
    assert _indices(loaded) == pytest.approx(before)
    catalog = FrameworkCatalog.from_store(loaded)
    history = compute_history(loaded, catalog.get(CODE), catalog.version_frameworks(CODE))
    assert set(history["framework_version"].dropna()) == {1}

    preview = compute_rescore_preview(loaded, CODE, YEAR)
    assert list(preview["version_before"]) == [1, 1, 1] and set(preview["version_after"]) == {2}
    assert preview.set_index("agency_code")["index_before"].to_dict() == pytest.approx(before)
    changed = changed_rows(preview)
    assert len(changed) >= 1 and (changed["index_before"] != changed["index_after"]).any()

    # The command shows the changes and changes nothing without --apply.
    assert main(["framework", "rescore", CODE, "--year", str(YEAR), "--db", store_url]) == 0
    out = capsys.readouterr().out
    assert "3 of 3 result(s) scored with an older version than v2" in out and "--apply" in out
    assert _indices(loaded) == pytest.approx(before)

    assert main(["framework", "rescore", CODE, "--year", str(YEAR), "--db", store_url, "--apply"]) == 0
    assert "re-scored 3 submission(s)" in capsys.readouterr().out
    after = _indices(loaded)
    assert after == pytest.approx(preview.set_index("agency_code")["index_after"].to_dict())
    assert after != pytest.approx(before)
    subs = load_all_submissions(loaded, YEAR, framework=CODE)
    assert set(subs["framework_version"]) == {2}
    audit = load_audit(loaded, EVALUATOR_VIEWER, action="rescore")
    assert len(audit) == 1 and audit.iloc[0]["detail"]["moved"] == {"1": 3}


def test_loads_after_a_new_version_use_it_and_list_says_what_changed(loaded, tmp_path):
    add_framework(loaded, _version_two(tmp_path))
    fw = FrameworkCatalog.from_store(loaded).get(CODE)
    late = load_file(loaded, _workbook(fw, "32.04", "Pemerintah Kab. Bandung", 4), name="late2.xlsx")
    assert late.outcome == "loaded", late.problems
    subs = load_all_submissions(loaded, YEAR, framework=CODE).set_index("agency_code")["framework_version"]
    assert subs["32.04"] == 2 and subs["32.01"] == 1
    row = next(row for row in framework_rows(loaded) if row["code"] == CODE)
    assert [item["changes"] for item in row["versions"]] == ["first version", "weights I1 3→5, I2 3→1"]


def test_a_2026_file_without_a_framework_is_refused_with_the_choices(loaded, tmp_path, capsys):
    recap = tmp_path / "rekap-2026.csv"
    recap.write_text("No;Nama Instansi;Indeks\n1;Pemerintah Kab. Bogor;3,636\n", encoding="utf-8")
    result = load_file(loaded, recap.read_bytes(), name=recap.name, year=YEAR)
    assert result.outcome == "rejected"
    assert [problem.type for problem in result.errors] == ["framework-choice"]
    message = result.errors[0].message
    assert "spbe-2020" in message and CODE in message and "--framework" in message


def test_a_recap_naming_its_year_only_inside_is_not_read_as_spbe(loaded, store_url, tmp_path, capsys):
    recap = tmp_path / "rekap.csv"
    recap.write_text("No;Nama Instansi;Tahun;Indeks\n1;Pemerintah Kab. Bogor;2026;3,636\n", encoding="utf-8")
    assert main(["load", str(recap), "--db", store_url, "--lang", "id"]) == 1
    out = capsys.readouterr().out
    # One message, naming the choices; no follow-on "not a whole number" from reading it as SPBE.
    assert "kerangka tidak dapat ditentukan" in out and out.count("error:") == 1
    assert "spbe-2020" in out and CODE in out
    assert main(["load", str(recap), "--db", store_url, "--framework", CODE]) == 0
    assert f"read as Nine-aspect test index ({CODE} v1)" in capsys.readouterr().out


def test_the_ranking_export_picks_the_only_framework_with_results_and_names_the_version(loaded, store_url, tmp_path,
                                                                                         capsys):
    from dashboard.cli import main as dashboard

    assert dashboard(["export", "ranking", "--year", str(YEAR), "--db", store_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",")[-1] == "framework_version" and "A9" in lines[0].split(",")
    assert len(lines) == 1 + len(AGENCIES) and all(line.endswith(",1") for line in lines[1:])
