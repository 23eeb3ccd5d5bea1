"""Display objects shared by every session send exactly what Streamlit would have sent for a fresh one."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
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


def test_streamlit_sends_a_frozen_stylers_ready_made_part_and_works_out_any_other():
    from streamlit.elements import arrow

    frame = pd.DataFrame({"rank_change": pd.array([-127, 12, None], dtype="Int64"), "agency": ["A", "B", "C"]})
    fresh = rank_change_words(frame, "id")
    fresh.set_uuid("tera-r")
    frozen = frozen_styler(rank_change_words(frame, "id"), "tera-r")
    sent = [ArrowData() for _ in range(3)]
    arrow.marshall_styler(sent[0], frozen, "fixed")  # what st.dataframe and st.table call
    arrow.marshall_styler(sent[1], fresh, "fixed")
    marshall_styler(sent[2], fresh, "fixed")  # Streamlit's own
    assert sent[0] == sent[1] == sent[2] and "naik 12" in sent[0].styler.display_values.decode("utf-8", "ignore")
    assert frozen._tera_marshalled is not sent[0].styler  # a copy: a session's message never shares the ready part


def test_a_grid_stylers_texts_are_sent_only_where_the_grid_would_not_draw_them_itself():
    import pyarrow as pa

    frame = pd.DataFrame({"rank": pd.array([1, 2, None], dtype="Int64"), "agency": ["A", "B", "C"],
                          "rank_change": pd.array([-127, 12, None], dtype="Int64"), "rating": [["Baik"], ["Baik"], []]})
    fresh = rank_change_words(frame, "id")
    fresh.set_uuid("tera-g")
    grid = frozen_styler(rank_change_words(frame, "id"), "tera-g", grid=True)
    from streamlit.elements import arrow

    want, sent = _marshalled(fresh), ArrowData()
    arrow.marshall_styler(sent, grid, "fixed")  # what st.dataframe calls
    assert sent.styler.styles == want.styler.styles and sent.styler.uuid == want.styler.uuid
    texts = pa.ipc.open_stream(sent.styler.display_values).read_pandas()
    full = pa.ipc.open_stream(want.styler.display_values).read_pandas()
    # Numbers keep their texts; the Styler's words and dashes are there; text and list cells are left to the grid.
    assert list(texts["rank"]) == list(full["rank"]) == ["1", "2", "–"]
    assert list(texts["rank_change"]) == list(full["rank_change"]) == ["turun 127", "naik 12", "–"]
    assert texts["agency"].isna().all() and texts["rating"].isna().all()
    assert len(sent.styler.display_values) < len(want.styler.display_values)


def _grid_proto(styler) -> ArrowData:
    from streamlit.elements import arrow

    sent = ArrowData()
    arrow.marshall_styler(sent, styler, "fixed")  # what st.dataframe calls
    return sent


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(-700, 700)), st.one_of(st.none(), st.integers(1, 700)),
                          st.sampled_from(["Kab. A", "", None, "Kota <b>B</b>"]),
                          st.sampled_from([["Baik"], [], ["Belum"]])), min_size=0, max_size=60))
def test_the_ranking_grid_made_by_column_sends_what_the_cell_by_cell_styler_sends(rows):
    from dashboard.render.tables import rank_change_grid

    frame = pd.DataFrame({"rank": pd.array([r[1] for r in rows], dtype="Int64"),
                          "agency": pd.Series([r[2] for r in rows], dtype=object),
                          "rank_change": pd.array([r[0] for r in rows], dtype="Int64"),
                          "rating": pd.Series([r[3] for r in rows], dtype=object)})
    # As the ranking has it: a float column when a change is missing (`display_frame`).
    frame["rank_change"] = frame["rank_change"].to_numpy(dtype=float, na_value=float("nan"))
    for lang in ("id", "en"):
        by_cell = _grid_proto(frozen_styler(rank_change_words(frame, lang), "tera-x", grid=True))
        by_column = _grid_proto(rank_change_grid(frame, lang, "tera-x"))
        assert by_column.styler.uuid == by_cell.styler.uuid and by_column.styler.styles == by_cell.styler.styles
        assert by_column.styler.display_values == by_cell.styler.display_values


def test_the_ranking_grid_of_a_20000_unit_round_is_made_where_the_styler_would_refuse_it():
    from dashboard.render.tables import rank_change_grid

    n = 25_000  # 11 columns: more cells than pandas' styler.render.max_elements (262,144)
    frame = pd.DataFrame({f"c{i}": [f"t{i}"] * n for i in range(9)})
    frame.insert(0, "rank_change", pd.array([1, -2, None, 0, 5] * (n // 5), dtype="Int64"))
    frame.insert(0, "rank", pd.array(range(1, n + 1), dtype="Int64"))
    sent = _grid_proto(rank_change_grid(frame, "id", "tera-big"))
    import pyarrow as pa

    texts = pa.ipc.open_stream(sent.styler.display_values).read_pandas()
    assert list(texts["rank_change"][:5]) == ["naik 1", "turun 2", "–", "tetap", "naik 5"] and texts["c0"].isna().all()
    assert sent.styler.styles.count("_col1") == n - n // 5
