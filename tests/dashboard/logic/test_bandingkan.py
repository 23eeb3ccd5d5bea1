"""Bandingkan logic: chosen codes, score differences and the level matrix."""

from __future__ import annotations

import pytest

from dashboard.logic import bandingkan
from dashboard.render import charts_bandingkan


def test_pick_codes_keeps_order_drops_unknown_and_limits():
    assert bandingkan.pick_codes(["b", "x", "a", "b"], {"a", "b"}) == ["b", "a"]
    assert len(bandingkan.pick_codes([str(i) for i in range(9)], {str(i) for i in range(9)})) == bandingkan.MAX_AGENCIES


def test_differences_and_levels(history, fw, engine):
    from ingest.queries import load_all_final_levels

    results = history[history["year"] == 2024]
    codes = ["35.10", "35.77", "35"]
    table = bandingkan.score_table(results, codes, fw)
    diff = bandingkan.differences(table, fw, "35.10")
    base = table.set_index("agency_code").loc["35.10", "index"]
    assert list(diff["agency_code"]) == ["35.77", "35"]
    assert diff["index"].iloc[0] == pytest.approx(table.set_index("agency_code").loc["35.77", "index"] - base)
    names = dict(zip(results["agency_code"], results["agency_name"], strict=True))
    matrix = bandingkan.level_matrix(load_all_final_levels(engine, 2024), codes, fw, names, "id")
    assert len(matrix) == 3 * 47 and matrix["level"].between(0, 5).all()
    spread = bandingkan.level_spread(matrix)
    assert (spread["spread"] == spread["high"] - spread["low"]).all()
    chart = charts_bandingkan.heatmap_chart(matrix, fw, {"indicator": "I", "level": "L", "agency": "A"}, {0: "tidak dijawab"})
    assert "level_text" in str(chart.to_dict())
    trend = bandingkan.trends(history, codes, names)
    assert set(trend["year"]) == {2021, 2022, 2023, 2024}
    charts_bandingkan.trend_chart(trend, fw, {"year": "Y", "value": "V"}, "id").to_dict()
    scores = bandingkan.node_scores(results, codes, fw.domains, fw, 2024, "id", names)
    assert len(scores) == 12
    charts_bandingkan.grouped_bars_chart(scores, fw, "id", {"value": "V", "rating": "R", "agency": "A"}).to_dict()
