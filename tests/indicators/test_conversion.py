"""Conversions: an indicator keeps its raw value on its own scale (a 0–100 survey) and converts it to the framework's,
linearly or by bands, written in YAML or in a workbook's Konversi sheet."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators import check_framework, check_framework_file, load_framework
from indicators.conversion import Conversion
from tests.support.frameworks import FRAMEWORK_DATA, percent_workbook_sheets, read_yaml

NINE = FRAMEWORK_DATA / "nine-aspects.yaml"
BANDS = [[0, 20, 1], [20, 40, 2], [40, 60, 3], [60, 80, 4], [80, 100, 5]]


def test_the_survey_indicator_converts_linearly():
    conversion = load_framework(NINE).node("I35").conversion
    assert (conversion.kind, conversion.low, conversion.high) == ("linear", 0, 100)
    assert conversion.convert(65.9) == pytest.approx(3.636)
    assert conversion.fits(100) and not conversion.fits(100.5)


@given(st.floats(min_value=0, max_value=100))
def test_a_conversion_stays_on_the_target_scale_and_keeps_order(raw):
    linear, bands = Conversion(0, 100, 1, 5), Conversion(0, 100, bands=tuple(tuple(map(float, b)) for b in BANDS))
    assert 1 <= linear.convert(raw) <= 5 and bands.convert(raw) in {1, 2, 3, 4, 5}
    assert linear.convert(raw) <= linear.convert(min(raw + 1, 100))
    assert bands.convert(raw) <= bands.convert(min(raw + 1, 100))


def _with_conversion(conversion) -> dict:
    data = copy.deepcopy(read_yaml("percent-two-level.yaml"))
    data["scales"]["skor"] = {"kind": "continuous", "min": 1, "max": 5}
    leaf = data["tree"][1]["children"][2]
    leaf.update(scale="skor", conversion=conversion)
    return data


# One row per bad conversion: the one problem type expected.
BAD = {
    "from not a pair": ({"from": [0], "to": [1, 5]}, "conversion-range"),
    "from reversed": ({"from": [100, 0], "to": [1, 5]}, "conversion-range"),
    "to beyond the scale": ({"from": [0, 100], "to": [1, 7]}, "conversion-outside-scale"),
    "bands with a gap": ({"bands": [[0, 20, 1], [30, 100, 2]]}, "conversion-bands"),
    "band value off the scale": ({"bands": [[0, 50, 1], [50, 100, 9]]}, "conversion-outside-scale"),
}


@pytest.mark.parametrize(("conversion", "type_"), BAD.values(), ids=BAD.keys())
def test_a_bad_conversion_gives_one_located_problem(conversion, type_):
    framework, problems = check_framework(_with_conversion(conversion))
    assert framework is None and [p.type for p in problems] == [type_]
    assert problems[0].path.startswith("tree[1].children[2].conversion")


def test_bands_in_yaml():
    framework, problems = check_framework(_with_conversion({"bands": BANDS}))
    assert problems == [] and framework.node("X5").conversion.convert(45) == 3


def _konversi(sheets: dict, rows: list[list]) -> dict:
    sheets = copy.deepcopy(sheets)
    sheets["Skala"] += [["skor", 1, "min", None, None], ["skor", 5, "max", None, None]]
    sheets["Kerangka"][8][6] = "skor"  # X5
    sheets["Konversi"] = [["kode", "dari", "sampai", "ke_dari", "ke_sampai"], *rows]
    return sheets


def test_a_konversi_sheet_reads_like_the_yaml(grid_to_xlsx):
    framework, problems = check_framework_file(grid_to_xlsx(_konversi(percent_workbook_sheets(), [["X5", 0, 100, 1, 5]])),
                                               "k.xlsx")
    assert problems == [] and framework.node("X5").conversion == Conversion(0, 100, 1, 5)
    framework, problems = check_framework_file(
        grid_to_xlsx(_konversi(percent_workbook_sheets(), [["X5", a, b, v, None] for a, b, v in BANDS])), "k.xlsx")
    assert problems == [] and framework.node("X5").conversion.kind == "bands"


def test_a_konversi_mistake_is_located_in_the_sheet(grid_to_xlsx):
    rows = [["X5", 0, 20, 1, None], ["X5", 30, 100, 2, None], ["X9", 0, 100, 1, 5]]
    _, problems = check_framework_file(grid_to_xlsx(_konversi(percent_workbook_sheets(), rows)), "k.xlsx")
    assert sorted((p.type, p.sheet, p.cell) for p in problems) == [("conversion-bands", "Konversi", "B3"),
                                                                     ("unknown-code", "Konversi", "A4")]
