"""Wilayah charts: the tile map writes each province's value and rating."""

from __future__ import annotations

from dashboard.logic import wilayah
from dashboard.render import charts_wilayah


def test_tile_chart_writes_value_and_rating(history, fw):
    results = history[history["year"] == 2024]
    averages = wilayah.province_averages(results, fw, 2024)
    chart = charts_wilayah.tile_chart(averages, fw, "id", {"province": "P", "mean": "M", "rating": "R", "submitted": "S"},
                               selected="35", no_data="tidak ada data")
    spec = chart.to_dict()
    text = str(spec)
    assert "value_text" in text and "rating_label" in text and wilayah.SELECTION in text
    data = next(iter(spec["datasets"].values()))
    east_java = next(row for row in data if row["province_code"] == "35")
    assert "," in east_java["value_text"] and east_java["selected"] is True
