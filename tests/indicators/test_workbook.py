"""The framework workbook (Kerangka, Skala, Predikat, Info) becomes the same framework as its YAML; each
mistake gives exactly one problem located by sheet and cell."""

from __future__ import annotations

import copy

import pytest

from indicators import check_framework_file, load_framework, read_framework_file
from tests.support.frameworks import FRAMEWORK_DATA, percent_workbook_sheets


def test_a_real_shaped_workbook_reads_like_the_yaml(grid_to_xlsx, tmp_path):
    raw = grid_to_xlsx(percent_workbook_sheets(), hidden=("Catatan",))
    framework, problems = check_framework_file(raw, "kerangka.xlsx")
    assert problems == []
    expected = load_framework(FRAMEWORK_DATA / "percent-two-level.yaml")
    assert framework.nodes == expected.nodes and framework.rating_bands == expected.rating_bands
    assert [level.name["id"] for level in framework.levels] == ["Aspek", "Indikator"]
    assert framework.scale_for("X1").levels[3] == expected.scale_for("X1").levels[3]
    assert (framework.year_from, framework.year_to, framework.rating_decimals(2030)) == (2021, None, 2)
    path = tmp_path / "kerangka.xlsx"
    path.write_bytes(raw)
    assert load_framework(path).code == "percent-two-level"


def mistaken_sheets() -> dict[str, list[list]]:
    sheets = copy.deepcopy(percent_workbook_sheets())
    kerangka = sheets["Kerangka"]
    kerangka[7][5] = 5                                                         # X4: 20 → 5, bobot adds to 95
    kerangka.append(["X3", "S2", "Indikator", "Layanan lain", None, 5, None])   # row 10: duplicate code X3
    kerangka.append(["X6", "S9", "Indikator", "Tanpa induk", None, 5, None])   # row 11: parent S9 does not exist
    # X6's bobot still counts in the total (its misspelt induk is its one mistake): 85 + 5 + 5 = 95.
    sheets["Predikat"][2][3] = 2.8                                             # baik starts at 2.8, cukup ends at 3
    return sheets


MISTAKES = [
    ("weights-sum", "Kerangka", "F2", "the bobot values add up to 95, expected 100 (percent of the index); summed: "
                                      "X1 10 + X2 15 + X3 30 + X4 5 + X5 25 + X3 5 + X6 5"),
    ("unknown-parent", "Kerangka", "B11", "induk 'S9' of X6 is not a code in column kode"),
    ("duplicate-code", "Kerangka", "A10", "code X3 is used twice"),
    ("band-overlap", "Predikat", "D3", "predikat baik starts at 2.8, but cukup ends at 3: the bands overlap"),
]


def test_each_mistake_gives_one_located_problem(grid_to_xlsx):
    framework, problems = check_framework_file(grid_to_xlsx(mistaken_sheets()), "salah.xlsx")
    assert framework is None
    found = sorted((p.type, p.sheet, p.cell) for p in problems)
    assert found == sorted((t, s, c) for t, s, c, _ in MISTAKES)
    for type_, sheet, cell, fragment in MISTAKES:
        problem = next(p for p in problems if p.type == type_)
        assert fragment in problem.message and str(problem).startswith(f"salah.xlsx: {sheet}!{cell}: ")


LAYOUT = {
    "missing sheet": (lambda s: s.pop("Predikat"), ("missing-sheet", "Predikat", None)),
    "missing header": (lambda s: s["Skala"].__setitem__(0, ["x", "y"]), ("missing-header", "Skala", "A1")),
    "empty Indonesian name": (lambda s: s["Kerangka"][3].__setitem__(3, None), ("missing-name", "Kerangka", "D4")),
    "weight as text": (lambda s: s["Kerangka"][4].__setitem__(5, "lima belas"), ("not-a-number", "Kerangka", "F5")),
    "unknown scale": (lambda s: s["Kerangka"][2].__setitem__(6, "enam"), ("unknown-scale", "Kerangka", "G3")),
    "two level names at one depth": (lambda s: s["Kerangka"][8].__setitem__(2, "Komponen"),
                                     ("level-mismatch", "Kerangka", "C9")),
    "bad colour": (lambda s: s["Predikat"][1].__setitem__(5, "biru"), ("band-color", "Predikat", "F2")),
    "year as text": (lambda s: s["Info"][1].__setitem__(3, "dua ribu"), ("not-a-whole-number", "Info", "D2")),
    "a chain deeper than any framework": (
        lambda s: s["Kerangka"].extend([[f"Z{i}", f"Z{i - 1}" if i else "X5", "Indikator", "z", None, 1, None]
                                        for i in range(25)]), ("too-deep", "Kerangka", "B28")),
    "parent loop": (lambda s: s["Kerangka"].append(["Y1", "Y2", "Indikator", "y1", None, 0.5, None])
                    or s["Kerangka"].append(["Y2", "Y1", "Indikator", "y2", None, 0.5, None]),
                    ("parent-cycle", "Kerangka", "B10")),
}


@pytest.mark.parametrize(("mutate", "expected"), LAYOUT.values(), ids=LAYOUT.keys())
def test_layout_and_value_mistakes_are_located(grid_to_xlsx, mutate, expected):
    sheets = copy.deepcopy(percent_workbook_sheets())
    mutate(sheets)
    _, problems = check_framework_file(grid_to_xlsx(sheets), "salah.xlsx")
    assert expected in [(p.type, p.sheet, p.cell) for p in problems], [str(p) for p in problems]


def test_not_a_workbook_is_one_problem():
    data, problems = read_framework_file(b"PK\x03\x04 broken", "rusak.xlsx")
    assert data is None and [p.type for p in problems] == ["unreadable-workbook"]


def test_not_answered_rows_and_continuous_scales(grid_to_xlsx):
    sheets = copy.deepcopy(percent_workbook_sheets())
    sheets["Skala"] += [["lima", 0, "Tidak dijawab", "Not answered", "ya"],
                        ["rasio", 0, "min", None, None], ["rasio", 1, "max", None, None]]
    for row in sheets["Kerangka"][2:]:
        row[6] = "rasio" if row[0] == "S2" else row[6]
    sheets["Predikat"] = [sheets["Predikat"][0], ["tinggi", "Tinggi", None, 0.5, 5, "#0072B2"],
                          ["rendah", "Rendah", None, 0, 0.5, "#D55E00"]]
    _, problems = check_framework_file(grid_to_xlsx(sheets), "campur.xlsx")
    # Named 0–5 and continuous 0–1 cannot be averaged into one index: the validator says so, once.
    assert [(p.type, p.sheet) for p in problems] == [("scales-differ", "Skala")]
    sheets["Skala"] = [row for row in sheets["Skala"] if row[0] != "lima"]
    for row in sheets["Kerangka"][2:]:
        row[6] = "rasio" if row[0] in ("S1", "S2") else row[6]
    sheets["Predikat"][1][4] = 1
    framework, problems = check_framework_file(grid_to_xlsx(sheets), "rasio.xlsx")
    assert problems == [] and framework.scale_for("X1").continuous and framework.index_range == (0.0, 1.0)
    sheets["Skala"] = [sheets["Skala"][0], ["lima", 0, "Tidak dijawab", None, "ya"],
                       *([["lima", v, f"Tingkat {v}", None, None] for v in range(1, 6)])]
    for row in sheets["Kerangka"][2:]:
        row[6] = "lima" if row[0] in ("S1", "S2") else row[6]
    sheets["Predikat"][1][4] = 5
    framework, problems = check_framework_file(grid_to_xlsx(sheets), "lima.xlsx")
    assert problems == [] and framework.scale_for("X2").not_answered == 0 and framework.index_range == (0.0, 5.0)


def test_spbe_typed_as_a_workbook_scores_like_its_yaml(grid_to_xlsx, spbe_fw):
    from indicators.framework import FRAMEWORK_DIR
    from indicators.scoring import compute_scores
    from tests.support.frameworks import read_yaml, spbe_workbook_sheets

    data = read_yaml(FRAMEWORK_DIR / "spbe-2020.yaml")
    framework, problems = check_framework_file(grid_to_xlsx(spbe_workbook_sheets(data)), "spbe.xlsx")
    assert problems == [] and framework.weighting == "relative" and framework.kinds == spbe_fw.kinds
    assert [n.weight for n in framework.leaves] == pytest.approx([n.weight for n in spbe_fw.leaves], abs=1e-12)
    levels = {n.code: (i * 5) % 6 for i, n in enumerate(spbe_fw.leaves)}
    assert compute_scores(levels, framework).index == pytest.approx(compute_scores(levels, spbe_fw).index, abs=1e-9)
    assert framework.level_name("I40", 3, "en") == "Transaction" and framework.scale_for("I1").not_answered == 0


def test_a_nesting_bomb_is_one_problem_not_a_crash():
    data, problems = read_framework_file(("tree: " + "[" * 5000 + "]" * 5000).encode(), "bom.yaml")
    assert data is None and [p.type for p in problems] == ["not-yaml"]


def test_the_info_sheet_gives_a_short_title_and_locates_a_long_one(grid_to_xlsx):
    sheets = copy.deepcopy(percent_workbook_sheets())
    sheets["Info"][0] += ["judul_singkat", "short_title"]
    sheets["Info"][1] += ["Indeks Uji", "Test Index"]
    framework, problems = check_framework_file(grid_to_xlsx(sheets), "kerangka.xlsx")
    assert problems == [] and framework.short_title == {"id": "Indeks Uji", "en": "Test Index"}
    sheets["Info"][1][-2] = "Indeks Uji Dua Tingkat untuk Semua Instansi Pusat dan Daerah"
    _, problems = check_framework_file(grid_to_xlsx(sheets), "kerangka.xlsx")
    assert [(p.type, p.sheet, p.cell) for p in problems] == [("long-short-title", "Info", "G2")]
