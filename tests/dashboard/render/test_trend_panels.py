"""The overview trend of a framework with many top-level nodes is drawn as small multiples, one panel per node."""

from __future__ import annotations

import pandas as pd

from dashboard.render import charts
from indicators import load_framework
from tests.support.frameworks import FRAMEWORK_DATA

TITLES = {"year": "Tahun", "value": "Rata-rata", "series": "Seri"}


def _trend(framework) -> pd.DataFrame:
    names = ["Indeks", *(f"{node.code} {node.label('id')}" for node in framework.top_nodes)]
    return pd.DataFrame([(year, name, 2.0 + 0.1 * i + 0.2 * (year - 2026)) for year in (2026, 2027)
                         for i, name in enumerate(names)], columns=["year", "series", "value"])


def test_nine_aspects_get_one_panel_each_with_the_index_behind():
    fw = load_framework(FRAMEWORK_DATA / "nine-aspects.yaml")
    spec = charts.domain_trend_chart(_trend(fw), fw, TITLES, []).to_dict()
    assert spec["facet"]["field"] == "panel" and spec["columns"] == charts.PANEL_COLUMNS
    panels = spec["facet"]["sort"]
    assert len(panels) == 9 and panels[0].startswith("A1 ") and "Indeks" not in panels


def test_four_domains_keep_one_chart(spbe_fw):
    spec = charts.domain_trend_chart(_trend(spbe_fw), spbe_fw, TITLES, []).to_dict()
    assert "facet" not in spec and "layer" in spec
