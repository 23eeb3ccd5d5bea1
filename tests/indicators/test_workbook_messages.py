"""Each mistake in a framework workbook gives exactly one located message, in the workbook's words
(skala, bobot, induk, nama), in Indonesian and English."""

from __future__ import annotations

import copy

import pytest

from indicators import check_framework_file
from indicators.messages import framework_problem_text
from tests.support.frameworks import percent_workbook_sheets


def _swap_skala(sheets: dict) -> None:
    for row in sheets["Skala"][1:]:
        row[1], row[2] = row[2], row[1]


# One row per mistake: how to make it, the one problem expected (type, cell), and a fragment of its message in
# English and in Indonesian.
MISTAKES = {
    "scale name misspelt in skala": (lambda s: s["Kerangka"][2].__setitem__(6, "skor"), "unknown-scale", "G3",
                                     "skala 'skor' of S1 is not a scale of sheet Skala; write one of: lima",
                                     "skala 'skor' pada S1 tidak ada di lembar Skala"),
    "empty nama": (lambda s: s["Kerangka"][3].__setitem__(3, None), "missing-name", "D4",
                   "nama is empty: an Indonesian name is required", "nama kosong"),
    "misspelt induk": (lambda s: s["Kerangka"][3].__setitem__(1, "S9"), "unknown-parent", "B4",
                       "induk 'S9' of X1 is not a code in column kode", "induk 'S9' dari X1 bukan kode"),
    "blank level name": (lambda s: s["Skala"][3].__setitem__(2, None), "missing-name", "C4",
                         "nama is empty", "nama kosong"),
    "nilai and nama swapped": (_swap_skala, "swapped-columns", "B1",
                               "columns nilai and nama of sheet Skala look swapped: nilai holds names ('Rintisan')",
                               "kolom nilai dan nama pada lembar Skala tampaknya tertukar"),
    "bobot adding up to 95": (lambda s: s["Kerangka"][7].__setitem__(5, 15), "weights-sum", "F2",
                              "the bobot values add up to 95, expected 100 (percent of the index); summed: X1 10 + "
                              "X2 15 + X3 30 + X4 15 + X5 25", "jumlah bobot 95, seharusnya 100"),
    "weight as text": (lambda s: s["Kerangka"][4].__setitem__(5, "lima belas"), "not-a-number", "F5",
                       "'lima belas' is not a number here", "'lima belas' bukan angka"),
}


@pytest.mark.parametrize(("mutate", "type_", "cell", "english", "indonesian"), MISTAKES.values(), ids=MISTAKES.keys())
def test_one_message_per_mistake_in_both_languages(grid_to_xlsx, mutate, type_, cell, english, indonesian):
    sheets = copy.deepcopy(percent_workbook_sheets())
    mutate(sheets)
    framework, problems = check_framework_file(grid_to_xlsx(sheets), "kerangka.xlsx")
    assert [(p.type, p.cell) for p in problems] == [(type_, cell)], [str(p) for p in problems]
    assert english in framework_problem_text(problems[0], "en")
    assert indonesian in framework_problem_text(problems[0], "id")
    assert framework is None


def test_a_swapped_skala_sheet_is_still_read_as_meant(grid_to_xlsx):
    sheets = copy.deepcopy(percent_workbook_sheets())
    _swap_skala(sheets)
    _, problems = check_framework_file(grid_to_xlsx(sheets), "kerangka.xlsx")
    assert len(problems) == 1  # the swap only: no "level 'Rintisan' is not a whole number" per row


def test_the_check_command_speaks_indonesian(grid_to_xlsx, tmp_path, capsys):
    from indicators.cli import main

    sheets = copy.deepcopy(percent_workbook_sheets())
    sheets["Kerangka"][3][1] = "S9"
    path = tmp_path / "kerangka.xlsx"
    path.write_bytes(grid_to_xlsx(sheets))
    assert main(["framework", "check", str(path), "--lang", "id"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"{path}: Kerangka!B4: induk 'S9' dari X1 bukan kode di kolom kode; tulis kode yang ada, atau "
                   "kosongkan induk untuk tingkat teratas"]
