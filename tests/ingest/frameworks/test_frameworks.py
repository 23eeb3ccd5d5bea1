"""Several frameworks in one store and one year (SQLite and PostgreSQL): add, list, template, load, settings."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from indicators import check_framework_file, read_framework_defaults
from ingest.cli import main
from ingest.errors import FrameworkChoiceError, FrameworkRejectedError, UnknownFrameworkError
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.frameworks.commands import add_framework, framework_rows
from ingest.load import load_file
from ingest.queries import (
    load_all_final_levels,
    load_all_framework_years,
    load_all_submissions,
    load_participants,
)
from ingest.template import write_template
from ingest.template.framework import write_framework_template

TEST_FRAMEWORKS = Path(__file__).resolve().parents[2] / "indicators" / "data"
LEVELS = {
    "percent-two-level": {"X1": 3, "X2": 4, "X3": 5, "X4": 2, "X5": 1},
    "continuous-groups": {"R1": 0.5, "R2": 0.75, "R3": 1, "R4": 0.2, "R5": 0.33},
}


def _workbook(fw, levels, year=2024, code="32.01", name="Pemerintah Kab. Bogor") -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, agency_code=code, agency_name=name, year=year, framework=fw, levels={"mandiri": levels})
    return buffer.getvalue()


@pytest.fixture
def catalog(store_engine) -> FrameworkCatalog:
    """The store with both test frameworks added."""
    for code in LEVELS:
        add_framework(store_engine, TEST_FRAMEWORKS / f"{code}.yaml")
    return FrameworkCatalog.from_store(store_engine)


@pytest.mark.parametrize("code", list(LEVELS))
def test_a_framework_of_the_file_loads_beside_spbe_in_the_same_year(store_engine, catalog, spbe_fw, template_bytes,
                                                                      code):
    fw = catalog.get(code)
    spbe = load_file(store_engine, template_bytes, name="spbe.xlsx")
    # No --framework: the cover's "Kerangka" names the framework.
    other = load_file(store_engine, _workbook(fw, LEVELS[code]), name=f"{code}.xlsx")
    assert (spbe.outcome, other.outcome) == ("loaded", "loaded"), other.problems
    subs = load_all_submissions(store_engine, 2024)
    # Revisions chain per framework: the second file retired nothing of the first.
    assert set(subs.loc[subs["is_current"], "framework_code"]) == {spbe_fw.code, code}
    assert subs.set_index("framework_code").loc[code, "framework_version"] == 1
    final = load_all_final_levels(store_engine, 2024, framework=code).set_index("code")["value"].to_dict()
    assert final == pytest.approx({key: float(value) for key, value in LEVELS[code].items()})
    years = load_all_framework_years(store_engine)
    assert set(years["framework_code"]) == {spbe_fw.code, code}
    assert load_participants(store_engine, 2024, code) == ["32.01"]


def test_the_callers_framework_beats_the_cover(store_engine, catalog):
    data = _workbook(catalog.get("percent-two-level"), LEVELS["percent-two-level"])
    result = load_file(store_engine, data, name="x.xlsx", framework="continuous-groups")
    assert result.outcome == "rejected" and "framework-mismatch" in {p.type for p in result.problems}
    with pytest.raises(UnknownFrameworkError):
        load_file(store_engine, data, name="x.xlsx", framework="no-such-framework")


def test_a_value_off_a_continuous_scale_is_located(store_engine, catalog):
    levels = {**LEVELS["continuous-groups"], "R2": 1.5}
    result = load_file(store_engine, _workbook(catalog.get("continuous-groups"), levels), name="x.xlsx")
    assert result.outcome == "rejected"
    assert [(p.type, p.cell) for p in result.errors] == [("level-out-of-scale", "F12")]


def test_versions_are_kept_and_built_in_codes_are_reserved(store_engine, tmp_path, repo_root):
    source = (TEST_FRAMEWORKS / "percent-two-level.yaml").read_text(encoding="utf-8")
    first = tmp_path / "percent-two-level.yaml"
    first.write_text(source, encoding="utf-8")
    assert add_framework(store_engine, first) == ("percent-two-level", 1, True)
    assert add_framework(store_engine, first) == ("percent-two-level", 1, False)
    first.write_text(source.replace("Indeks Uji Dua Tingkat", "Indeks Uji Dua Tingkat (revisi)"), encoding="utf-8")
    assert add_framework(store_engine, first) == ("percent-two-level", 2, True)
    assert FrameworkCatalog.from_store(store_engine).get("percent-two-level").title["id"].endswith("(revisi)")
    with pytest.raises(FrameworkRejectedError) as rejected:
        add_framework(store_engine, repo_root / "data" / "frameworks" / "spbe-2020.yaml")
    assert [p.type for p in rejected.value.problems] == ["builtin-code"]
    rows = {row["code"]: row for row in framework_rows(store_engine)}
    assert rows["percent-two-level"]["version"] == 2 and rows["spbe-2020"]["source"] == "built-in"


def test_framework_workbook_template_has_an_example_that_validates(tmp_path, store_engine):
    empty = tmp_path / "kerangka.xlsx"
    write_framework_template(empty)
    import openpyxl

    book = openpyxl.load_workbook(empty)
    assert {"Kerangka", "Skala", "Predikat", "Info", "Contoh", "Petunjuk"} <= set(book.sheetnames)
    assert book["Kerangka"].data_validations.dataValidation, "dropdowns on the Kerangka sheet"
    filled = io.BytesIO()
    write_framework_template(filled, filled=True)
    fw, problems = check_framework_file(filled.getvalue(), "contoh.xlsx")
    assert problems == [] and fw.depth == 2 and fw.weighting == "bottom-percent"
    assert any(fw.scale_for(n.code).continuous for n in fw.leaves)
    with pytest.raises(FrameworkRejectedError) as rejected:
        add_framework(store_engine, empty)
    assert rejected.value.problems and all(p.file == "kerangka.xlsx" for p in rejected.value.problems)


def test_cli_add_list_template_load(tmp_path, store_url, capsys):
    assert main(["framework", "add", str(TEST_FRAMEWORKS / "continuous-groups.yaml"), "--db", store_url]) == 0
    assert main(["framework", "list", "--db", store_url]) == 0
    assert "continuous-groups" in capsys.readouterr().out
    out = tmp_path / "lke.xlsx"
    assert main(["template", "--framework", "continuous-groups", "--year", "2024", "--agency", "32.01", "--out",
                 str(out), "--db", store_url]) == 0
    # The template is read with its framework; unfilled, it holds no value and is rejected as empty (kosong).
    assert main(["load", str(out), "--framework", "continuous-groups", "--db", store_url]) == 1
    assert "empty-file" in capsys.readouterr().out
    broken = tmp_path / "broken.yaml"
    broken.write_text("code: x\n", encoding="utf-8")
    assert main(["framework", "add", str(broken), "--db", store_url]) == 1
    assert "nothing stored" in capsys.readouterr().err


def test_the_years_default_comes_from_the_settings_file(tmp_path, monkeypatch, store_engine, catalog):
    settings = tmp_path / "settings.yaml"
    settings.write_text("frameworks:\n  default: spbe-2020\n  years:\n    2023: percent-two-level\n", encoding="utf-8")
    monkeypatch.setenv("TERA_SETTINGS", str(settings))
    assert read_framework_defaults().years == {2023: "percent-two-level"}
    assert catalog.default_code(2023) == "percent-two-level"
    # 2024: no entry and several cover it: no silent default, the message lists the choices.
    with pytest.raises(FrameworkChoiceError, match="cover the year 2024.*percent-two-level"):
        catalog.default_code(2024)
    assert catalog.default_code(None) == "spbe-2020"
