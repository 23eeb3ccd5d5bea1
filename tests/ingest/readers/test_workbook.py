"""Evaluation workbooks as people return them: edits that must still read, and broken files with golden reports."""

from __future__ import annotations

import io

import openpyxl
import pytest

from ingest.readers import read_file

HEADER = 9  # 0-based row of the template header
FIRST = 10  # 0-based row of indicator I1
COL = {"no": 0, "code": 1, "domain": 2, "indicator": 4, "mandiri": 5, "explanation": 6, "dokumen": 8, "review": 12}


def _edited(template_bytes, edit) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _levels(result, stage="mandiri"):
    return next(r.values() for r in result.records if r.stage == stage)


def _expected(sample_levels, stage="mandiri"):
    return {code: float(level) for code, level in sample_levels[stage].items()}


def _insert_rows_above(workbook):
    sheet = workbook["Evaluasi"]
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    sheet.insert_rows(1, 4)
    sheet["A1"] = "Diisi oleh tim SPBE"


def _rename_headers(workbook):
    sheet = workbook["Evaluasi"]
    for col, text in ((2, "ID"), (6, "Nilai Mandiri"), (7, "Fakta dan Analisis"), (9, "Desk"),
                      (10, "Wawancara"), (11, "Site visit"), (13, "Validasi")):
        sheet.cell(HEADER + 1, col, text)


def _extra_hidden_column_and_sheet(workbook):
    sheet = workbook["Evaluasi"]
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    sheet.insert_cols(3)
    sheet.cell(HEADER + 1, 3, "Catatan internal")
    sheet.cell(FIRST + 1, 3, 99)
    sheet.column_dimensions["C"].hidden = True
    old = workbook.create_sheet("Lama")
    old["A1"] = "Kode"
    old.sheet_state = "hidden"


def _level_words(workbook):
    sheet = workbook["Evaluasi"]
    for offset, text in enumerate(["Level 3", "Tingkat 2", "3,0", "4.0", " 5 ", "Terdefinisi"]):
        sheet.cell(FIRST + 1 + offset, COL["mandiri"] + 1, text)


@pytest.mark.parametrize("edit", [_insert_rows_above, _rename_headers, _extra_hidden_column_and_sheet],
                         ids=["header-moved-down", "renamed-headers", "extra-hidden-column-and-sheet"])
def test_common_edits_still_read(template_bytes, sample_levels, edit):
    result = read_file(_edited(template_bytes, edit), name="edited.xlsx")
    assert result.report.problems == []
    for stage in sample_levels:
        assert _levels(result, stage) == _expected(sample_levels, stage)


def test_header_moved_down_reports_cells_of_the_edited_sheet(template_bytes):
    def edit(workbook):
        _insert_rows_above(workbook)
        workbook["Evaluasi"].cell(FIRST + 4 + 1, COL["mandiri"] + 1, 9)

    result = read_file(_edited(template_bytes, edit), name="moved.xlsx")
    assert [(p.type, p.cell) for p in result.report.errors] == [("level-out-of-scale", "F15")]


def test_level_written_as_words_and_decimal_commas(template_bytes, sample_levels):
    result = read_file(_edited(template_bytes, _level_words), name="words.xlsx")
    assert result.ok, result.report.as_dicts()
    levels = _levels(result)
    assert [levels[f"I{n}"] for n in range(1, 8)] == [3, 2, 3, 4, 5, 3, sample_levels["mandiri"]["I7"]]


def test_formulas_read_their_cached_values(template_grid, grid_to_xlsx):
    rows = template_grid()
    rows[FIRST][COL["mandiri"]] = ("=1+2", 3)
    rows[FIRST + 1][COL["mandiri"]] = ("=F11", 3)
    result = read_file(grid_to_xlsx({"Evaluasi": rows}), name="formulas.xlsx")
    assert _levels(result)["I1"] == 3.0 and _levels(result)["I2"] == 3.0


def test_stage_argument_picks_one_stage_and_names_a_plain_level_column(template_bytes, template_grid, grid_to_xlsx):
    only = read_file(template_bytes, name="t.xlsx", stage="dokumen")
    assert [r.stage for r in only.records] == ["dokumen"]
    rows = [row[:6] for row in template_grid()]
    rows[HEADER][COL["mandiri"]] = "Level"
    result = read_file(grid_to_xlsx({"Sheet1": rows}), name="plain.xlsx", stage="visitasi")
    assert [r.stage for r in result.records] == ["visitasi"]


def test_trailing_blank_rows_notes_and_domain_heading_rows_are_ignored(template_grid, grid_to_xlsx, sample_levels):
    rows = template_grid()
    rows.insert(FIRST, [None, "D1", "Kebijakan Internal SPBE"] + [None] * 10)
    rows += [[None] * 13] * 5 + [["Catatan: isi semua indikator"] + [None] * 12]
    result = read_file(grid_to_xlsx({"Evaluasi": rows}), name="headings.xlsx")
    assert result.report.problems == []
    assert _levels(result) == _expected(sample_levels)


# --- broken workbooks: one assertion table, and the full reports as golden JSON -------------------


def _set(row, col, value):
    def edit(rows):
        rows[row][col] = value
    return edit


def _set_cover(label, value):
    def edit(rows):
        for row in rows[:HEADER]:
            if row and row[0] == label:
                row[2] = value
    return edit


def _drop_rows(first, last):
    def edit(rows):
        del rows[first:last]
    return edit


BROKEN = [
    ("level-out-of-scale", [_set(FIRST + 2, COL["mandiri"], 7)], [("Evaluasi", "F13", "level-out-of-scale")]),
    ("level-not-whole", [_set(FIRST + 3, COL["dokumen"], 2.5)], [("Evaluasi", "I14", "level-not-whole")]),
    ("level-unreadable", [_set(FIRST + 4, COL["mandiri"], "tinggi")], [("Evaluasi", "F15", "level-unreadable")]),
    ("unknown-indicator", [_set(FIRST + 46, COL["code"], "I48")],
     [("Evaluasi", "B57", "unknown-indicator"), ("Evaluasi", "F10", "missing-indicators"),
      ("Evaluasi", "I10", "missing-indicators"), ("Evaluasi", "J10", "missing-indicators")]),
    ("duplicate-indicator", [_set(FIRST + 7, COL["code"], "I7")],
     [("Evaluasi", "B18", "duplicate-indicator"), ("Evaluasi", "F10", "missing-indicators"),
      ("Evaluasi", "I10", "missing-indicators"), ("Evaluasi", "J10", "missing-indicators")]),
    ("unknown-framework", [_set_cover("Kerangka", "spbe-2018")], [("Evaluasi", "C7", "unknown-framework")]),
    ("bad-review-value", [_set(FIRST, COL["review"], "mungkin")], [("Evaluasi", "M11", "bad-review-value")]),
    ("missing-year", [_set_cover("Tahun", None)], [("Evaluasi", "A6", "missing-year")]),
    ("missing-agency", [_set_cover("Instansi", None)], [("Evaluasi", "A4", "missing-agency")]),
    ("no-table", [_drop_rows(HEADER, HEADER + 1)], [("", "", "no-table")]),
    ("missing-indicators", [_drop_rows(FIRST + 44, FIRST + 47)],
     [("Evaluasi", "F10", "missing-indicators"), ("Evaluasi", "I10", "missing-indicators"),
      ("Evaluasi", "J10", "missing-indicators")]),
    ("several-errors-at-once", [_set(FIRST, COL["mandiri"], -1), _set(FIRST + 1, COL["mandiri"], "3.5"),
                                _set(FIRST + 2, COL["dokumen"], "x")],
     [("Evaluasi", "F11", "level-out-of-scale"), ("Evaluasi", "F12", "level-not-whole"),
      ("Evaluasi", "I13", "level-unreadable")]),
]


@pytest.mark.parametrize(("case", "edits", "expected"), BROKEN, ids=[case for case, _, _ in BROKEN])
def test_broken_workbooks_report_every_problem_where_it_is(case, edits, expected, template_grid, grid_to_xlsx, check_golden):
    rows = template_grid()
    for edit in edits:
        edit(rows)
    result = read_file(grid_to_xlsx({"Evaluasi": rows}), name=f"{case}.xlsx")
    assert [(p.sheet, p.cell, p.type) for p in result.report.problems] == expected
    assert all(p.file == f"{case}.xlsx" and p.message for p in result.report.problems)
    check_golden(case, result.report)


def test_year_given_by_the_caller_fills_a_blank_cover(template_grid, grid_to_xlsx):
    rows = template_grid()
    _set_cover("Tahun", None)(rows)
    result = read_file(grid_to_xlsx({"Evaluasi": rows}), name="t.xlsx", year=2023)
    assert result.ok and {r.year for r in result.records} == {2023}


def test_blank_cells_of_a_later_stage_are_listed_as_carried_forward(spbe_fw):
    """Issue 17: a document stage blank for I21 onwards says which self-assessment levels stand, and which are missing."""
    from ingest.template import write_template

    codes = [n.code for n in spbe_fw.indicators]
    buffer = io.BytesIO()
    levels = {"mandiri": dict.fromkeys(codes[:30], 3), "dokumen": dict.fromkeys(codes[:20], 2)}
    write_template(buffer, agency_code="35.10", agency_name="Kabupaten Banyuwangi", year=2024, framework=spbe_fw,
                   stages=("mandiri", "dokumen"), levels=levels)
    problems = read_file(buffer.getvalue(), name="lke.xlsx").report.problems
    by_type = {(p.type, p.fields.get("stage")): p for p in problems}
    carried = by_type[("carried-levels", "dokumen")]
    assert carried.severity == "warning" and carried.fields["count"] == 10 and carried.value == ", ".join(codes[20:30])
    assert by_type[("missing-indicators", "dokumen")].fields["count"] == len(codes) - 30
    assert ("carried-levels", "mandiri") not in by_type, "the first stage carries nothing"
