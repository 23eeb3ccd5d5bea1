"""Recap tables (one row per agency, as in the annual report) from workbooks and CSV files."""

from __future__ import annotations

import collections
import csv
import io

import pytest

from ingest.readers import read_file
from ingest.template import write_recap

EAST_JAVA = [
    {"name": "Pemerintah Kab. Alpha", "D1": "3,40", "D2": "2,50", "D3": "1,00", "D4": "3,00", "index": "2,60", "rating": "Baik"},
    {"name": "Pemerintah Kota Beta", "D1": 4.0, "D2": 3.0, "D3": 2.0, "D4": 4.0, "index": 3.42, "rating": "Baik"},
]
CENTRAL = [{"name": "Kementerian Gamma", "D1": 5.0, "D2": 4.7, "D3": 4.18, "D4": 4.74, "index": 4.67, "rating": "memuaskan"}]


def _recap(tables, title="Hasil Evaluasi SPBE Tahun 2023", year=2023, level="domain") -> bytes:
    buffer = io.BytesIO()
    write_recap(buffer, [], "spbe-2020", title=title, year=year, level=level, tables=tables)
    return buffer.getvalue()


def test_report_style_tables_with_two_row_headers_and_decimal_commas():
    data = _recap([("Kabupaten/Kota di Provinsi Jawa Timur", EAST_JAVA), ("Instansi Pusat", CENTRAL)])
    result = read_file(data, name="rekap.xlsx")
    assert result.report.problems == [] and (result.file_kind, result.format) == ("recap", "xlsx")
    alpha, beta, gamma = result.records
    assert (alpha.agency_text, alpha.province_text, alpha.year, alpha.stage, alpha.kind) == ("Pemerintah Kab. Alpha", "Jawa Timur", 2023, "hasil", "domain")
    assert alpha.values() == {"D1": 3.4, "D2": 2.5, "D3": 1.0, "D4": 3.0}
    assert (alpha.published_index, alpha.published_rating, alpha.agency_cell) == (2.6, "baik", "B6")
    assert alpha.published_cells == {"index": "G6", "rating": "H6"}
    assert beta.province_text == "Jawa Timur" and gamma.province_text is None
    assert gamma.published_rating == "memuaskan" and gamma.scores[3].cell == "F12"


def test_aspect_and_indicator_level_recaps(spbe_fw):
    aspects = {node.code: 3.0 for node in spbe_fw.aspects}
    levels = {node.code: 4 for node in spbe_fw.indicators}
    data = _recap([("Aspek", [{"name": "Kota A", **aspects, "index": 3.0, "rating": "Baik"}])], level="aspect")
    record = read_file(data, name="a.xlsx").records[0]
    assert record.kind == "aspect" and len(record.scores) == 8
    data = _recap([("Indikator", [{"name": "Kota B", **levels, "index": 4.0, "rating": "Sangat Baik"}])], level="indicator")
    result = read_file(data, name="i.xlsx")
    assert result.report.problems == [] and result.records[0].kind == "indicator" and len(result.records[0].scores) == 47


BROKEN_ROWS = [
    {"name": "Kab. Satu", "D1": 3.0, "D2": 3.0, "D3": 3.0, "D4": 3.0, "index": 3.0, "rating": "Lumayan"},
    {"name": "Kab. Dua", "D1": 7.5, "D2": "tiga", "D3": 3.0, "D4": 3.0, "index": 3.0, "rating": "Baik"},
    {"name": "Kab. Satu", "D1": 3.0, "D2": 3.0, "D3": 3.0, "D4": 0.3, "index": 1.77, "rating": "Kurang"},
    {"name": "Kab. Tiga", "D1": 3.0, "D2": 3.0, "D3": 3.0, "D4": 3.0, "index": 3.3, "rating": "Baik"},
    {"name": "Kab. Empat", "D1": 3.0, "D2": 3.0, "D3": 3.0, "D4": 3.0, "index": 3.0, "rating": "Cukup"},
    {"name": "Rata-rata", "D1": 3.0, "D2": 3.0, "D3": 3.0, "D4": 3.0, "index": 3.0},
]


def test_broken_recap_reports_every_problem_where_it_is(check_golden):
    result = read_file(_recap([("Kabupaten di Provinsi Aceh", BROKEN_ROWS)]), name="broken-recap.xlsx")
    assert [(p.cell, p.type) for p in result.report.problems] == [
        ("H6", "unknown-rating"),
        ("C7", "score-out-of-scale"), ("D7", "score-unreadable"),
        ("B8", "duplicate-agency"), ("F8", "below-scale"),
        ("G9", "published-index-mismatch"),
        ("H10", "published-rating-mismatch"),
    ]
    assert len(result.records) == 5  # the average row is not an agency
    check_golden("broken-recap", result.report)


def test_year_missing_everywhere_is_one_error_per_table():
    result = read_file(_recap([("Instansi Pusat", CENTRAL * 2)], title="Rekapitulasi", year=""), name="r.xlsx")
    assert [p.type for p in result.report.errors] == ["missing-year", "duplicate-agency"]
    assert read_file(_recap([("Instansi Pusat", CENTRAL)], title="Rekapitulasi", year=""), name="r.xlsx", year=2022).ok


def _csv(rows, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


CSV_ROWS = [
    ["No", "Nama Instansi", "Provinsi", "Tahun", "Domain 1", "Domain 2", "Domain 3", "Domain 4", "Indeks", "Predikat"],
    ["1", "Pemerintah Kab. Bone Bolango", "Gorontalo", "2022", "3,40", "2,50", "1,00", "3,00", "2,60", "Baik"],
    ["2", "Sekretariat Jenderal DPR – RI", "", "2022", "3,40", "2,50", "1,00", "3,00", "2,60", "Baik"],
]


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "utf-8-sig"), (",", "utf-8"), (";", "cp1252")])
def test_csv_recap_with_sniffed_delimiter_and_encoding(delimiter, encoding):
    rows = [[value.replace(",", ".") if delimiter == "," else value for value in row] for row in CSV_ROWS]
    result = read_file(_csv(rows, delimiter, encoding), name="rekap.csv")
    assert result.report.problems == [] and (result.file_kind, result.format) == ("recap", "csv")
    bone, dpr = result.records
    assert (bone.province_text, bone.year, bone.values()["D1"]) == ("Gorontalo", 2022, 3.4)
    assert dpr.agency_text == "Sekretariat Jenderal DPR – RI"
    assert bone.agency_cell == "row 2, column Nama Instansi"


def test_csv_problems_name_row_and_column():
    rows = [list(row) for row in CSV_ROWS]
    rows[2][6] = "banyak"
    result = read_file(_csv(rows), name="rekap.csv")
    assert [(p.cell, p.type) for p in result.report.problems] == [("row 3, column Domain 3", "score-unreadable")]


def test_csv_in_the_workbook_shape(spbe_fw):
    rows = [["Instansi", "Pemerintah Kota Kediri"], ["Tahun", "2024"], [],
            ["Kode", "Indikator", "Level Mandiri"]] + [[node.code, node.label(), "3"] for node in spbe_fw.indicators]
    result = read_file(_csv(rows), name="lke.csv")
    assert result.ok and result.file_kind == "workbook" and result.records[0].scores[0].cell == "row 5, column Level Mandiri"


def test_published_2023_table_reads_back_as_report_style_workbook(published_2023_csv):
    with published_2023_csv.open(encoding="utf-8") as handle:
        published = list(csv.DictReader(handle))
    groups: dict[str, list[dict]] = collections.defaultdict(list)
    for row in published:
        kind, province = row["jenis"], row["provinsi"]
        title = f"{kind} di Provinsi {province}" if province and kind != "Provinsi" else kind
        groups[title].append({
            "name": row["nama_instansi"], "D1": float(row["D1_kebijakan"]), "D2": float(row["D2_tata_kelola"]),
            "D3": float(row["D3_manajemen"]), "D4": float(row["D4_layanan"]), "index": float(row["indeks"]),
            "rating": row["predikat"],
        })
    result = read_file(_recap(list(groups.items())), name="hasil-2023.xlsx")
    assert len(result.records) == len(published) == 621
    assert {p.type for p in result.report.problems} <= {"below-scale"}
    assert {r.year for r in result.records} == {2023}
    by_name = {r.agency_text: r for r in result.records}
    assert all(by_name[row["nama_instansi"]].province_text == (row["provinsi"] or None)
               for row in published if row["jenis"] != "Provinsi")
    direct = read_file(published_2023_csv, name="spbe-2023-results.csv", year=2023)
    assert len(direct.records) == 621 and {p.type for p in direct.report.problems} <= {"below-scale"}
