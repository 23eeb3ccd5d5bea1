"""The waterfall chart and the between-rounds slides (pure HTML): bars in order, labels as text, names escaped."""

from __future__ import annotations

import pandas as pd

from dashboard.logic import changes
from dashboard.render import charts, slides_rounds
from indicators import load_framework

FW = load_framework("spbe-2020")


def what() -> changes.WhatChanged:
    before = {n.code: 2 for n in FW.leaves}
    after = before | {"I44": 4, "I11": 1}
    history = pd.DataFrame([("a", 2023, 2.0, 2), ("b", 2023, 2.5, 1), ("a", 2024, 2.035, 1), ("b", 2024, 2.0, 2)],
                           columns=["agency_code", "year", "index", "rank"])
    return changes.compute_what_changed(history, before, after, "a", 2024, FW)


def test_waterfall_chart_orders_bars_and_writes_values():
    rows = changes.waterfall_rows(what(), FW, "id")
    spec = charts.waterfall_chart(rows, FW, {"index": "Indeks", "label": "Batang", "value": "Nilai"}).to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert [v["label"] for v in values] == ["2023", "I44", "I11", "2024"]
    assert [v["text"] for v in values] == ["2,00", "+0,06", "−0,03", "2,04"]


def test_what_changed_slide_and_commitments_slide():
    html = slides_rounds.what_changed_slide(what(), "Kab. <Uji>", 2024, FW, "id")
    assert 'data-kind="perubahan"' in html and "Kab. &lt;Uji&gt;" in html and "I44" in html
    frame = pd.DataFrame([{"agency_code": "a", "agency_name": "A <b>", "framework_code": FW.code, "indicator": "I44",
                           "target_level": 4.0, "target_year": 2024, "base_level": 2.0, "level": 4.0, "status": "kept"},
                          {"agency_code": "a", "agency_name": "A <b>", "framework_code": FW.code, "indicator": "I1",
                           "target_level": 4.0, "target_year": 2024, "base_level": 2.0, "level": None,
                           "status": "withdrawn"}])
    html = slides_rounds.commitments_slide(frame, (), 2024, FW, {FW.code: FW}, "id")
    assert "1 dari 1 komitmen untuk 2024 tercapai" in html and "A &lt;b&gt;" in html and "Tercapai" in html
    assert "Belum ada komitmen untuk 2025" in slides_rounds.commitments_slide(frame, (), 2025, FW, {FW.code: FW}, "id")
    assert slides_rounds.what_changed_slide(None, "X", 2024, FW, "en").count("No earlier result") == 1
