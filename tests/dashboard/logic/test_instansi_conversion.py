"""The profile's indicator table shows a converted indicator's raw value beside its level."""

from __future__ import annotations

import pandas as pd

from dashboard.logic import instansi
from indicators import load_framework
from tests.support.frameworks import FRAMEWORK_DATA


def test_the_raw_survey_value_sits_beside_the_converted_level():
    fw = load_framework(FRAMEWORK_DATA / "nine-aspects.yaml")
    rows = [("I1", 3.0, None), ("I35", 3.636, 65.9)]
    scores = pd.DataFrame({"code": [c for c, _, _ in rows], "kind": "indicator", "stage": "mandiri",
                           "value": [v for _, v, _ in rows], "raw_value": [r for _, _, r in rows],
                           "explanation": None, "evidence": None, "justification": None})
    table = instansi.level_table(scores, {"I1": 3.0, "I35": 3.636}, fw, "id").set_index("code")
    assert table.loc["I35", "raw_value"] == 65.9 and pd.isna(table.loc["I1", "raw_value"])
    assert "raw_value" not in instansi.level_table(scores, {}, load_framework(FRAMEWORK_DATA / "percent-two-level.yaml"),
                                                   "id").columns
