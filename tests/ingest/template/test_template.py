"""The evaluation workbook template: its layout, its speed, and reading it back in every format."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from ingest.readers import read_file
from ingest.readers.source import load_sheets
from ingest.template import template_columns, write_template


def _stage_values(result, stage):
    return next(record.values() for record in result.records if record.stage == stage)


def test_layout_cover_header_validation_and_hidden_metadata(template_bytes, spbe_fw):
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes))
    assert workbook.sheetnames == ["Evaluasi", "Petunjuk", "_tera"]
    assert workbook["_tera"].sheet_state == "hidden"
    meta = {row[0]: row[1] for row in workbook["_tera"].iter_rows(values_only=True)}
    assert meta["framework"] == "spbe-2020" and meta["agency_code"] == "32.01" and meta["year"] == "2024"
    sheet = workbook["Evaluasi"]
    header = [cell.value for cell in sheet[10]]
    assert header[:6] == ["No", "Kode", "Domain", "Aspek", "Indikator", "Level Mandiri"]
    assert "Reviu (Valid/Tidak Valid)" in header and "Justifikasi Asesor" in header
    assert [sheet.cell(row, 2).value for row in (11, 57)] == ["I1", "I47"]
    level_rules = [dv for dv in sheet.data_validations.dataValidation if dv.formula1 == '"0,1,2,3,4,5"']
    assert len(level_rules) == 8  # two level scales × four stage columns
    assert any("Rintisan" in (dv.prompt or "") for dv in level_rules)
    assert any("Transaksi" in (dv.prompt or "") for dv in level_rules)
    assert "A11:A11" not in {str(r) for r in sheet.merged_cells.ranges}
    assert any(str(r).startswith("C11:") for r in sheet.merged_cells.ranges)  # Domain merged down its rows
    assert "Petunjuk" in workbook["Petunjuk"]["A1"].value


def test_columns_follow_the_stages():
    assert template_columns(["mandiri"]) == ["no", "code", "group:1", "group:2", "indicator", "level:mandiri", "explanation", "evidence"]
    assert template_columns(["mandiri"], depth=1)[:3] == ["no", "code", "indicator"]
    assert template_columns(["dokumen"])[-3:] == ["level:dokumen", "justification", "review"]


def test_xlsx_round_trip_keeps_levels_per_stage_and_notes(template_bytes, sample_levels):
    result = read_file(template_bytes, name="bogor.xlsx")
    assert result.ok and result.report.problems == []
    assert (result.file_kind, result.format) == ("workbook", "xlsx")
    assert [r.stage for r in result.records] == ["mandiri", "dokumen", "interviu"]  # visitasi is empty
    for stage, levels in sample_levels.items():
        assert _stage_values(result, stage) == {code: float(level) for code, level in levels.items()}
    record = result.records[0]
    assert (record.agency_text, record.agency_code, record.year, record.framework_code) == ("Pemerintah Kab. Bogor", "32.01", 2024, "spbe-2020")
    assert record.kind == "indicator" and record.agency_cell == "C4"
    first = record.scores[0]
    assert (first.code, first.sheet, first.cell, first.explanation, first.evidence) == ("I1", "Evaluasi", "F11", "Perbup 12/2023", "perbup.pdf")
    external = result.records[1].scores[0]
    assert (external.justification, external.review, external.explanation) == ("Sesuai", "valid", None)


def test_xlsm_round_trip(template_bytes, sample_levels):
    source = zipfile.ZipFile(io.BytesIO(template_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
            target.writestr(info, data)
    result = read_file(buffer.getvalue(), name="bogor.xlsm")
    assert result.ok and result.format == "xlsm"
    assert _stage_values(result, "dokumen") == {k: float(v) for k, v in sample_levels["dokumen"].items()}


def test_ods_round_trip(template_bytes, sample_levels, tmp_path):
    sheets = load_sheets(template_bytes, "xlsx")
    path = tmp_path / "bogor.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        for sheet in sheets:
            pd.DataFrame(sheet.rows).to_excel(writer, sheet_name=sheet.name, header=False, index=False)
    result = read_file(path, name="bogor.ods")
    assert result.ok, result.report.as_dicts()
    assert result.format == "ods"
    assert _stage_values(result, "mandiri") == {k: float(v) for k, v in sample_levels["mandiri"].items()}


@pytest.mark.parametrize("framework", ["spbe-2020"])
def test_framework_may_be_given_by_code(framework, tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path, agency_code="35", agency_name="Pemerintah Provinsi Jawa Timur", year=2023,
                   framework=framework, stages=("mandiri",), levels={"mandiri": {"I1": 3}})
    result = read_file(path, name="t.xlsx")
    assert [r.stage for r in result.records] == ["mandiri"]
    assert [p.type for p in result.report.problems] == ["missing-indicators"]


def test_the_instructions_take_their_example_from_the_framework():
    from indicators import load_framework
    from ingest.template.guide import guide_rows
    from tests.support.frameworks import FRAMEWORK_DATA

    rows = [row[0] for row in guide_rows(load_framework(FRAMEWORK_DATA / "nine-aspects.yaml"))]
    assert any("Bukti_I1_Indikator_uji_1.pdf" in row for row in rows) and not any("SPBE" in row for row in rows)
