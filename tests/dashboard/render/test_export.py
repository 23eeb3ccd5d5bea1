"""Downloads: formula injection is neutralised, numbers untouched, charts render offline."""

from __future__ import annotations

import io

import altair as alt
import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.render.export import (
    neutralize_cell,
    write_chart_png,
    write_chart_svg,
    write_csv,
    write_csv_excel,
    write_xlsx,
)

FRAME = pd.DataFrame({"agency_name": ["=cmd|' /C calc'!A0", "Kota Bogor"], "index": [-0.5, 3.123456789]})


def test_neutralize_cell():
    assert neutralize_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    for text in ("+1", "-1", "@SUM(A1)"):
        assert neutralize_cell(text) == "'" + text
    assert neutralize_cell("Kabupaten Bogor") == "Kabupaten Bogor"
    assert neutralize_cell(-1.5) == -1.5


def test_csv_keeps_numbers_and_neutralises_text():
    text = write_csv(FRAME).decode("utf-8-sig")
    assert "'=cmd" in text
    assert "-0.5" in text and "3.123456789" in text


def test_xlsx_writes_text_not_formulas():
    book = load_workbook(io.BytesIO(write_xlsx(FRAME)))
    sheet = book.active
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -0.5


def test_chart_png_and_svg():
    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_bar().encode(x="x:O", y="y:Q")
    assert write_chart_png(chart.to_dict()).startswith(b"\x89PNG")
    assert write_chart_svg(chart.to_dict()).lstrip().startswith("<svg")


def test_chart_builders_produce_valid_specs():
    """Pages skip schema validation for speed, so the builders are validated here."""
    from dashboard.render import charts
    from indicators import load_framework

    fw = load_framework("spbe-2020")
    counts = pd.DataFrame({"group": ["Kota", "Kota"], "rating": ["Baik", "Cukup"], "count": [3, 1]})
    charts.rating_counts_chart(counts, fw, "id", {"group": "g", "count": "c", "rating": "r"}).to_dict()
    results = pd.DataFrame({"index": [2.5, 3.49, 4.3], "rating_label": ["Cukup", "Baik", "Memuaskan"]})
    charts.histogram_chart(results, fw, "id", {"index": "i", "count": "c", "rating": "r"},
                           [{"index": 2.6, "label": "Target"}]).to_dict()
    trend = pd.DataFrame({"year": [2023, 2024], "series": ["Indeks", "Indeks"], "value": [2.8, 3.1]})
    charts.domain_trend_chart(trend, fw, {"year": "y", "value": "v", "series": "s"},
                              [{"year": 2023, "label": "Metode"}]).to_dict()
    charts.trend_chart(trend, fw, {"year": "y", "value": "v"}).to_dict()
    scores = pd.DataFrame({"node": ["D1"], "value": [3.0], "rating_label": ["Baik"], "peer_median": [2.5]})
    charts.score_bars_chart(scores, fw, "id", {"value": "v", "rating": "r", "peer": "p"}, 2.6).to_dict()
    levels = pd.DataFrame({"aspect": ["A1", "A1"], "indicator": ["I1", "I2"], "number": ["I1", "I2"],
                           "position": [1, 2], "level": [0, 4], "name": ["x", "y"], "level_name": ["", "z"]})
    charts.heat_strip_chart(levels, fw, {"level": "l", "indicator": "i"}, {0: "tidak dijawab"}).to_dict()


NUMBERS = pd.DataFrame({"agency_name": ["Kota Bogor", "-x"], "index": [3.5454545455, 2.005], "rank": [1, 2]})


@pytest.mark.parametrize(("lang", "header", "first", "second"), [
    ("id", "Instansi;Indeks;Peringkat", "Kota Bogor;3,55;1", "'-x;2,01;2"),
    ("en", "Agency;Index;Rank", "Kota Bogor;3.55;1", "'-x;2.01;2"),
])
def test_csv_for_excel_uses_the_readers_settings(lang, header, first, second):
    lines = write_csv_excel(NUMBERS, lang, 2).decode("utf-8-sig").splitlines()
    assert lines == [header, first, second]


def test_csv_for_excel_takes_the_framework_decimals():
    assert write_csv_excel(NUMBERS, "id", 3).decode("utf-8-sig").splitlines()[1] == "Kota Bogor;3,545;1"


def test_data_csv_keeps_stable_names_and_full_precision():
    lines = write_csv(NUMBERS).decode("utf-8-sig").splitlines()
    assert lines[0] == "agency_name,index,rank" and lines[1] == "Kota Bogor,3.5454545455,1"
