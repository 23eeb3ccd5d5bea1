"""The agency slide shows every top-level node of a framework with nine or twelve of them (two shrinking columns)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.render import slides
from indicators import parse_framework
from tests.support.frameworks import make_framework

FIVE = {"kind": "named", "min": 1, "max": 5}


@pytest.mark.parametrize(("top", "rows"), [(4, None), (9, 5), (12, 6)])
def test_every_top_level_node_is_on_the_slide(top, rows):
    fw = parse_framework(make_framework([top, 2], "relative", FIVE, [1]))
    codes = [node.code for node in fw.top_nodes]
    results = pd.DataFrame({
        "agency_code": ["x"], "agency_name": ["Kabupaten X"], "agency_type": ["kabupaten"], "province_code": ["35"],
        "province_name": ["Jawa Timur"], "submitted": [True], "index": [3.0], "rating": [None],
        "rank": pd.array([1], dtype="Int64"), "rank_type": pd.array([1], dtype="Int64"),
        "rank_change": pd.array([pd.NA], dtype="Int64"), **{code: [3.0] for code in codes}})
    html = slides.profile_slide(results, "x", 2026, fw, "id")
    assert all(f'title="{code} ' in html for code in codes)
    assert (f"--rows:{rows}" in html) == (rows is not None) and ("tera-bars-many" in html) == (rows is not None)
