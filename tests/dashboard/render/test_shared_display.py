"""Display objects shared by every session send exactly what Streamlit would have sent for a fresh one."""

from __future__ import annotations

import pandas as pd
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from dashboard.render import charts
from dashboard.render.tables import frozen_styler, localized, rank_change_words


def _marshalled(styler) -> ArrowData:
    proto = ArrowData()
    marshall_styler(proto, styler, "fixed")
    return proto


def test_a_frozen_ranking_styler_sends_the_same_texts_and_colours():
    frame = pd.DataFrame({"rank": pd.array([1, 2, None], dtype="Int64"), "agency": ["A", "B", "C"],
                          "rank_change": pd.array([-127, 12, None], dtype="Int64"), "rating": [["Baik"], ["Baik"], []]})
    fresh, frozen = (rank_change_words(frame, "id") for _ in range(2))
    fresh.set_uuid("tera-t")
    frozen = frozen_styler(frozen, "tera-t")
    assert _marshalled(frozen) == _marshalled(fresh)
    # Sent again by another session: the same, and the shared Styler is left as it was.
    assert _marshalled(frozen) == _marshalled(fresh)
    assert "turun 127" in _marshalled(frozen).styler.display_values.decode("utf-8", "ignore")


def test_a_frozen_static_table_with_hidden_index_sends_the_same():
    frame = pd.DataFrame({"aspect": ["A1", "A2"], "score": [3.456, None], "strengths": ["I1, I2", ""]})
    fresh = localized(frame, 2, "id").hide(axis="index")
    fresh.set_uuid("tera-sw")
    frozen = frozen_styler(localized(frame, 2, "id").hide(axis="index"), "tera-sw")
    assert _marshalled(frozen) == _marshalled(fresh)


def test_a_cached_chart_keeps_json_values_and_the_arrow_bytes_streamlit_makes(fw):
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes

    trend = pd.DataFrame({"year": [2022, 2023, 2024], "series": ["Kab. A"] * 3, "value": [2.1, 2.5, 2.9]})
    spec = charts.chart_spec("trend_chart", trend, fw, {"year": "Tahun", "value": "Indeks"})
    assert spec["datasets"] and set(spec.arrow_datasets) == set(spec["datasets"])
    for name, values in spec["datasets"].items():
        assert isinstance(values, list)  # the downloads render the JSON spec
        assert spec.arrow_datasets[name] == convert_anything_to_arrow_bytes(values)
    # The same arguments give the same shared spec, built once.
    assert charts.chart_spec("trend_chart", trend, fw, {"year": "Tahun", "value": "Indeks"}) is spec
