"""Chart builders without collisions: labels that do not fit are hidden or moved, rating colours only for ratings."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.render import charts, charts_bandingkan, charts_wilayah
from dashboard.render.charts import MIN_FONT, compute_label_positions


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def data_rows(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


@given(st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), min_size=1, max_size=6),
       st.floats(min_value=0.05, max_value=0.5))
def test_label_positions_keep_their_gap_order_and_range(values, gap):
    placed = compute_label_positions(values, gap, 0, 5)
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranked = [placed[i] for i in order]
    assert all(b - a >= gap - 1e-9 for a, b in zip(ranked, ranked[1:], strict=False))
    assert all(-1e-9 <= p <= 5 + 1e-9 for p in placed)


def test_label_positions_leave_labels_that_fit_where_they_are():
    assert compute_label_positions([1.0, 3.0, 4.0], 0.25, 0, 5) == [1.0, 3.0, 4.0]
    assert compute_label_positions([2.88, 2.91], 0.3, 0, 5) == pytest.approx([2.88, 3.18])
    assert compute_label_positions([5.0, 4.95], 0.3, 0, 5) == pytest.approx([5.0, 4.7])


def test_stacked_count_labels_only_where_the_segment_is_wide_enough(fw):
    counts = pd.DataFrame({"group": ["Kota", "Kota", "Kabupaten"], "rating": ["Baik", "Cukup", "Baik"],
                           "count": [16, 4, 200]})
    spec = charts.rating_counts_chart(counts, fw, "id", {"group": "g", "count": "c", "rating": "r"}).to_dict()
    text = next(layer for layer in layers(spec) if layer["mark"]["type"] == "text")
    condition = text["encoding"]["text"]["condition"]
    # Written only when the segment (in pixels, through the x scale) is wider than its digits.
    assert "scale('x', datum.count)" in condition["test"] and "length(toString(datum.count))" in condition["test"]
    assert text["encoding"]["text"]["value"] == ""


def rating_colors(fw) -> set[str]:
    return {band.color.upper() for band in fw.rating_bands}


def colors_in(spec: dict) -> set[str]:
    found = set()
    text = json.dumps(spec)
    for token in text.replace('"', " ").split():
        if token.startswith("#") and len(token.rstrip(",]}")) == 7:
            found.add(token.rstrip(",]}").upper())
    return found


TREND = pd.DataFrame({"year": [2022, 2023, 2024] * 3, "series": ["Indeks"] * 3 + ["D1"] * 3 + ["D2"] * 3,
                      "value": [2.5, 2.7, 2.90, 2.4, 2.6, 2.88, 1.0, 1.5, 2.0]})


@pytest.mark.parametrize("build", [
    lambda fw: charts.domain_trend_chart(TREND, fw, {"year": "y", "value": "v", "series": "s"}, []),
    lambda fw: charts.trend_chart(TREND, fw, {"year": "y", "value": "v"}),
    lambda fw: charts_bandingkan.trend_chart(TREND.assign(agency_code=TREND["series"]), fw, {"year": "y", "value": "v"}, "id"),
    lambda fw: charts_wilayah.distribution_chart(
        pd.DataFrame({"index": [2.0, 3.0], "agency_type": ["kabupaten", "kota"], "agency_name": ["A", "B"]}), fw, "id",
        {"index": "i", "type": "t", "agency": "a", "kabupaten": "Kabupaten", "kota": "Kota"}).layer[2],
], ids=["domain-trend", "agency-trend", "compare-trend", "province-dots"])
def test_non_rating_series_never_use_rating_colours(fw, build):
    spec = build(fw).to_dict()
    assert not colors_in(spec) & rating_colors(fw)


def test_trend_highlights_one_series_and_spreads_end_labels(fw):
    spec = charts.domain_trend_chart(TREND, fw, {"year": "y", "value": "v", "series": "s"}, []).to_dict()
    assert '"#000000"' in json.dumps(spec)
    ends = [row for row in data_rows(spec) if "label_y" in row]
    assert len(ends) == 3
    positions = sorted(row["label_y"] for row in ends)
    # 320 px for 0-5: 16 px is 0.25; 2.90 and 2.88 would otherwise be written over each other.
    assert all(b - a >= 0.25 - 1e-9 for a, b in zip(positions, positions[1:], strict=False))
    # The plot keeps its 320 px (Streamlit's "fit" would squeeze it under the legend and the labels together).
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"} and spec["height"] == 320


def test_score_bars_write_name_and_value_above_and_explain_tick_and_line(fw):
    scores = pd.DataFrame({"node": ["D1 Kebijakan", "D2 Tata Kelola"], "value": [3.3, 2.0], "rating_label": ["Baik", "Cukup"],
                           "peer_median": [3.2, 2.3]})
    titles = {"value": "Nilai", "rating": "Predikat", "peer": "Median instansi sejenis", "target": "Target nasional 2024"}
    spec = charts.score_bars_chart(scores, fw, "id", titles, 2.6).to_dict()
    labels = [row["label"] for row in data_rows(spec) if "label" in row]
    assert labels == ["3,30 · D1 Kebijakan", "2,00 · D2 Tata Kelola"]
    marks = {layer["mark"]["type"]: layer for layer in layers(spec)}
    assert marks["bar"]["encoding"]["y"]["axis"] is None
    # The median tick and the dashed target carry legends naming them.
    assert marks["tick"]["encoding"]["opacity"]["field"] == "median_key"
    assert marks["rule"]["encoding"]["strokeDash"]["field"] == "key"
    assert {"Median instansi sejenis", "Target nasional 2024"} <= {v for row in data_rows(spec) for v in row.values()}


def test_heat_strip_codes_are_legible_on_every_cell(fw):
    levels = pd.DataFrame({"aspect": ["A1 Kebijakan"] * 3, "indicator": ["I1", "I2", "I3"], "number": [1, 2, 3],
                           "level": [1, 4, None], "name": ["a", "b", "c"], "level_name": ["x", "y", "z"],
                           "position": [1, 2, 3]})
    spec = charts.heat_strip_chart(levels, fw, {"level": "l", "indicator": "i"}, {0: "tidak dijawab"}).to_dict()
    texts = [layer for layer in layers(spec) if layer["mark"]["type"] == "text"]
    code = next(layer for layer in texts if layer["encoding"]["text"]["field"] == "indicator")
    assert code["mark"]["fontSize"] >= MIN_FONT >= 11
    # Black on light cells, white on dark ones.
    assert code["encoding"]["color"]["condition"]["test"] == "datum.dark"
    aspect = next(layer for layer in texts if layer["encoding"]["text"]["field"] == "aspect")
    assert aspect["mark"]["baseline"] == "bottom" and aspect["encoding"]["x"] == {"value": 0}


def test_province_strip_names_a_band_only_where_it_fits(fw):
    members = pd.DataFrame({"index": [2.0, 3.0], "agency_type": ["kabupaten", "kota"], "agency_name": ["A", "B"]})
    chart = charts_wilayah.distribution_chart(members, fw, "id", {"index": "i", "type": "t", "agency": "a",
                                                                  "kabupaten": "Kabupaten", "kota": "Kota"})
    names = chart.to_dict()["layer"][1]
    assert "length(datum.label)" in names["encoding"]["text"]["condition"]["test"]


def test_histogram_target_labels_sit_above_the_plot(fw):
    results = pd.DataFrame({"index": [2.0, 3.0, 3.1], "rating_label": ["Cukup", "Baik", "Baik"]})
    targets = [{"index": 2.6, "label": "Target A"}, {"index": 2.85, "label": "Target B"}]
    spec = charts.histogram_chart(results, fw, "id", {"index": "i", "count": "c", "rating": "r"}, targets).to_dict()
    text = next(layer for layer in layers(spec) if layer["mark"]["type"] == "text")
    assert text["encoding"]["y"]["value"] < 0
    assert [row["offset"] for row in data_rows(spec) if "offset" in row] == [0, 16]
