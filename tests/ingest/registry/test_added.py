"""Agencies evaluators add or re-date by command, the 2024 central recap, and the year-aware unknown-agency message."""

from __future__ import annotations

import csv
import io

import pytest

from ingest.agency_commands import add_agency, list_agencies, match_in_store, set_agency_years
from ingest.cli import main
from ingest.errors import RegistryError, UnknownAgencyError
from ingest.load import load_file
from ingest.queries import load_agencies
from ingest.registry import match_agency
from ingest.store.engine import dispose_engine, get_engine
from ingest.template import write_recap, write_template

# Evaluated in the 2024 round and refused before: one on the registry with the wrong years, one missing.
REFUSED_IN_2024 = ("Dewan Pertimbangan Presiden", "Sekretariat Komisi Kepolisian Nasional")
CENTRAL_2023_TYPES = {"Kementerian", "Lembaga Pemerintah Non Kementerian (LPNK)", "Lembaga Non Struktural (LNS)",
                      "Sekretariat Jenderal Lembaga Negara", "Alat Negara", "Lembaga Pemerintah Lainnya",
                      "Lembaga Penyiaran Publik", "Sekretariat Kabinet"}


def _central_recap(names, year: int) -> bytes:
    """A report-style domain recap of central agencies with made-up values (never the published ones)."""
    rows = [{"name": name, "D1": 3.0, "D2": 3.0, "D3": 3.0, "D4": 3.0, "index": 3.0, "rating": "Baik"} for name in names]
    buffer = io.BytesIO()
    write_recap(buffer, [], "spbe-2020", title=f"Hasil Evaluasi SPBE Tahun {year}", year=year, level="domain",
                tables=[("Instansi Pusat", rows)])
    return buffer.getvalue()


def test_agencies_refused_in_2024_now_load(store_engine):
    result = load_file(store_engine, _central_recap(REFUSED_IN_2024, 2024), name="pusat-2024.xlsx")
    assert result.outcome == "loaded", [p.message for p in result.problems]
    assert result.submissions == 2


def test_every_central_agency_of_2023_and_2024_loads_without_an_alias(store_engine, published_2023_csv):
    with published_2023_csv.open(encoding="utf-8") as handle:
        names = [row["nama_instansi"] for row in csv.DictReader(handle) if row["jenis"] in CENTRAL_2023_TYPES]
    assert len(names) == 92
    for year, listed in ((2023, names), (2024, [*names, *REFUSED_IN_2024])):
        result = load_file(store_engine, _central_recap(listed, year), name=f"pusat-{year}.xlsx")
        assert result.outcome == "loaded", [p.message for p in result.errors][:5]
        assert result.submissions == len(listed)


@pytest.mark.parametrize(("name", "year", "type_", "words"), [
    ("Sekretariat Komisi Kepolisian Nasional", 2023, "agency-not-in-year",
     ("is in the registry, but not evaluated in 2023 (evaluated 2024–…)", "agencies years K-KOMPOLNAS")),
    ("Badan Penelitian Bulan Purnama", 2024, "unknown-agency",
     ("is not in the registry", "agencies add CODE \"Badan Penelitian Bulan Purnama\" --type")),
])
def test_unknown_agency_message_tells_missing_from_another_year(store_engine, name, year, type_, words):
    result = load_file(store_engine, _central_recap([name], year), name="pusat.xlsx")
    assert result.outcome == "rejected"
    [problem] = result.errors
    assert problem.type == type_
    for word in words:
        assert word in problem.message
    assert name not in problem.fields.get("candidates", "")  # never offers the name itself as "closest"


def test_added_agency_loads_its_workbook_and_is_listed(store_engine, spbe_fw):
    add_agency(store_engine, "K-KEMENKETAHANAN", "Kementerian Ketahanan Pangan Percobaan", "kementerian", valid_from=2025)
    buffer = io.BytesIO()
    codes = [node.code for node in spbe_fw.indicators]
    write_template(buffer, agency_code="", agency_name="Kementerian Ketahanan Pangan Percobaan", year=2025,
                   framework=spbe_fw, levels={"dokumen": dict.fromkeys(codes, 3)})
    result = load_file(store_engine, buffer.getvalue(), name="lke.xlsx", framework=spbe_fw.code)
    assert result.outcome == "loaded", [p.message for p in result.problems]
    assert [row["code"] for row in list_agencies(store_engine, year=2025) if row["source"] == "user"] == \
        ["K-KEMENKETAHANAN"]
    assert "K-KEMENKETAHANAN" not in {row["code"] for row in list_agencies(store_engine, year=2024)}


def test_added_agency_survives_a_restart_and_continues_its_predecessor(store_url):
    engine = get_engine(store_url)
    add_agency(engine, "k-komdigi-baru", "Badan Digital Percobaan", "lpnk", valid_from=2026, successor_of="K-KOMINFO")
    dispose_engine(engine)
    engine = get_engine(store_url)  # a new process: migrations and the registry seed run again
    try:
        stored = load_agencies(engine).set_index("code")
        assert stored.loc["K-KOMDIGI-BARU", "name"] == "Badan Digital Percobaan"
        assert stored.loc["K-KOMDIGI-BARU", "predecessor_code"] == "K-KOMINFO"
        assert stored.loc["K-KOMINFO", "successor_code"] == "K-KOMDIGI-BARU"
        assert match_in_store(engine, "Badan Digital Percobaan", year=2026).code == "K-KOMDIGI-BARU"
    finally:
        dispose_engine(engine)


def test_changed_years_beat_the_registry_files(store_engine):
    assert not match_in_store(store_engine, "Badan Restorasi Gambut dan Mangrove", year=2024).ok
    before, after = set_agency_years(store_engine, "K-BRGM", valid_from=2021, valid_to=None)
    assert (before.valid_to, after.valid_to) == (2022, None)
    assert match_in_store(store_engine, "Badan Restorasi Gambut dan Mangrove", year=2024).code == "K-BRGM"
    assert match_agency("Badan Restorasi Gambut dan Mangrove", year=2024).code is None  # the files are unchanged


@pytest.mark.parametrize(("code", "name", "type_", "years", "says"), [
    ("K-BPS", "Badan Baru", "lpnk", (None, None), "already Badan Pusat Statistik"),
    ("BADAN", "Badan Baru", "lpnk", (None, None), "looks like K-SLUG"),
    ("K-BARU", "Badan Baru", "dinas", (None, None), "is not one of"),
    ("99.99", "Kabupaten Baru", "kabupaten", (None, None), "no province has the code 99"),
    ("K-BARU", "Badan Pusat Statistik", "lpnk", (None, None), "agencies alias"),
    ("K-BARU", "Badan Baru", "lpnk", (2026, 2025), "--from 2026 is after --to 2025"),
    ("K-BARU", "Badan Baru", "lpnk", (1999, None), "--from must be a year"),
    ("K-BARU", " ... ", "lpnk", (None, None), "no letters or digits"),
])
def test_add_agency_refuses_bad_input(store_engine, code, name, type_, years, says):
    with pytest.raises(RegistryError, match=says):
        add_agency(store_engine, code, name, type_, valid_from=years[0], valid_to=years[1])


def test_set_years_of_an_unknown_code(store_engine):
    with pytest.raises(UnknownAgencyError):
        set_agency_years(store_engine, "K-NOTHING", valid_from=None, valid_to=None)


def test_commands_add_list_by_year_and_export_csv(store_url, capsys):
    assert main(["agencies", "add", "K-BADANBARU", "Badan Baru Percobaan", "--type", "lns", "--from", "2025",
                 "--db", store_url]) == 0
    assert main(["agencies", "years", "K-WANTIMPRES", "--from", "2018", "--to", "2022", "--db", store_url]) == 0
    capsys.readouterr()
    assert main(["agencies", "list", "--year", "2024", "--db", store_url]) == 0
    listed = capsys.readouterr().out
    assert "K-KOMPOLNAS" in listed and "K-BADANBARU" not in listed and "K-WANTIMPRES" not in listed
    assert "31.71" not in listed  # Jakarta's administrative cities are never evaluated
    assert main(["agencies", "list", "--format", "csv", "--db", store_url]) == 0
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["K-BADANBARU"]["source"] == "user" and rows["K-BADANBARU"]["years"] == "2025–…"
    assert rows["31.71"]["evaluated"] == "False"
    assert main(["audit", "--action", "agency", "--db", store_url]) == 0
    assert "K-BADANBARU" in capsys.readouterr().out
    dispose_engine(get_engine(store_url))
