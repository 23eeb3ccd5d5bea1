"""The two message catalogues match, and every key the code uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from i18n import catalogue, set_language, t
from ingest.registry import AGENCY_TYPES
from ingest.vocabulary import STAGES

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


LITERAL_KEY = re.compile(r"""\bt\(\s*["']([A-Za-z0-9_.\-]+)["']""")


def test_catalogues_have_the_same_keys():
    assert set(catalogue("id")) == set(catalogue("en"))


def test_every_literal_key_in_code_exists():
    used = {key for path in DASHBOARD.rglob("*.py") for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))}
    assert used, "no t('...') calls found"
    missing = sorted(used - set(catalogue("id")))
    assert not missing, f"keys used in code but absent from the catalogue: {missing}"


def test_dynamic_keys_exist_for_every_type_stage_and_language():
    keys = set(catalogue("id"))
    assert {f"type.{slug}" for slug in AGENCY_TYPES} <= keys
    assert {f"stage.{stage}" for stage in STAGES} <= keys
    assert {"lang.id", "lang.en", "stage.final"} <= keys


def test_translation_and_formatting():
    set_language("en")
    assert t("nav.ranking") == "Ranking"
    set_language("xx")
    assert t("nav.ranking") == "Peringkat"
    assert "2024" in t("ringkasan.title", framework="Indeks", year=2024)


# A quoted key, or the fixed start of a key built in an f-string (f"type.{slug}" → "type.").
QUOTED = re.compile(r"""["']([A-Za-z0-9_][A-Za-z0-9_.\-]*)["']""")
FSTRING_START = re.compile(r"""\bf["']([A-Za-z0-9_][A-Za-z0-9_.\-]*)\{""")


def test_every_catalogue_key_is_used():
    code = "\n".join(path.read_text(encoding="utf-8") for package in ("dashboard", "ingest", "indicators", "i18n")
                     for path in (DASHBOARD.parent / package).rglob("*.py"))
    quoted = set(QUOTED.findall(code))
    starts = tuple(set(FSTRING_START.findall(code)))
    unused = sorted(key for key in catalogue("id") if key not in quoted and not key.startswith(starts))
    assert not unused, f"catalogue keys no code uses (remove them, or use them): {unused}"


def test_a_pages_keys_live_in_its_slug_file():
    pages = {path.stem for path in (DASHBOARD / "screens").glob("*.py") if not path.stem.startswith("_")}
    for lang in ("id", "en"):
        for path in (DASHBOARD.parent / "i18n" / lang).glob("*.yaml"):
            for key in yaml.safe_load(path.read_text(encoding="utf-8")) or {}:
                head = key.split(".")[0]
                # The agenda builder is part of the meeting page.
                home = "rapat" if head == "agenda" else head if head in pages else None
                assert home is None or path.stem == home, f"{lang}/{path.name}: {key} belongs in {lang}/{home}.yaml"


def test_english_counts_take_the_singular_for_one_and_csv_cells_and_numbers_are_in_the_language():
    from ingest.readers.messages import cell_text, value_text

    assert t("peringkat.count", "en", shown="1", total="1") == "Showing 1 of 1 agency."
    assert t("peringkat.count", "en", shown="3", total="95") == "Showing 3 of 95 agencies."
    assert "{" not in t("peringkat.count", "id", shown="1", total="1")
    assert cell_text("row 2, column Nama Instansi", "id") == "baris 2, kolom Nama Instansi"
    assert cell_text("row 7", "id") == "baris 7" and cell_text("F11", "id") == "F11"
    assert [value_text(v, "id") for v in (7.0, 3.4603, "tiga", None)] == ["7", "3,4603", "tiga", ""]


def test_a_problem_stored_without_fields_is_shown_in_the_page_language():
    from ingest.problems import Problem
    from ingest.readers.messages import problem_message, problem_text

    stored = Problem(type="missing-year", severity="error", message=problem_message("missing-year", value=None),
                     sheet="Rekap", cell="A1")
    assert problem_text(stored, "id").startswith("Tahun evaluasi tidak disebutkan")
