"""What changed and why: the parts add up to the index change at any depth, and the rank split adds up."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import load_framework
from indicators.change import compute_change, compute_rank_split, compute_top_contributors
from indicators.scoring import compute_scores
from tests.indicators.test_any_depth_properties import frameworks, values_for


@settings(max_examples=80, deadline=None)
@given(frameworks, st.data())
def test_parts_add_up_to_the_index_change_at_any_depth(framework, data):
    before, after = values_for(data, framework), values_for(data, framework)
    change = compute_change(before, after, framework)
    assert math.fsum(change.parts.values()) == pytest.approx(change.delta, abs=1e-9)
    old, new = compute_scores(before, framework).index, compute_scores(after, framework).index
    assert change.delta == pytest.approx(new - old, abs=1e-9)
    assert change.index_after - change.index_before == pytest.approx(change.delta, abs=1e-9)
    assert set(change.parts) == {n.code for n in framework.leaves}


def test_spbe_parts_are_weight_times_level_change():
    fw = load_framework("spbe-2020")
    before = {n.code: 2 for n in fw.leaves}
    after = before | {"I1": 4, "I11": 1}
    change = compute_change(before, after, fw)
    assert change.parts["I1"] == pytest.approx(0.026)
    assert change.parts["I11"] == pytest.approx(-0.025)
    assert change.risers() == [("I1", pytest.approx(0.026))]
    assert change.fallers() == [("I11", pytest.approx(-0.025))]
    assert change.top()[0] == "I1"
    assert change.delta == pytest.approx(0.001)


def test_unanswered_counts_as_the_floor():
    fw = load_framework("spbe-2020")
    before = {n.code: 1 for n in fw.leaves} | {"I1": None}
    change = compute_change(before, {n.code: 1 for n in fw.leaves}, fw)
    assert change.parts["I1"] == pytest.approx(0.013)


indices = st.dictionaries(st.sampled_from([f"a{i}" for i in range(12)]),
                          st.floats(0, 5, allow_nan=False), min_size=1)


@settings(max_examples=100, deadline=None)
@given(indices, indices, st.sampled_from([2022, 2023, 2024]))
def test_rank_split_adds_up_to_the_rank_change(before, after, year):
    fw = load_framework("spbe-2020")
    for agency in set(before) & set(after):
        split = compute_rank_split(agency, before, after, fw, year - 1, year)
        assert split.own + split.field == split.change == split.rank_before - split.rank_after


def test_standing_still_while_others_rise_is_the_field():
    fw = load_framework("spbe-2020")
    split = compute_rank_split("a", {"a": 3.0, "b": 2.0, "c": 1.0}, {"a": 3.0, "b": 3.5, "c": 3.4}, fw, 2023, 2024)
    assert (split.rank_before, split.rank_after, split.standstill_rank) == (1, 3, 3)
    assert (split.own, split.field) == (0, -2)
    assert compute_rank_split("z", {"a": 1.0}, {"a": 1.0}, fw, 2023, 2024) is None


def test_top_contributor_per_agency():
    import pandas as pd

    fw = load_framework("spbe-2020")
    codes = [n.code for n in fw.leaves]
    before = pd.DataFrame([[2] * len(codes), [3] * len(codes)], index=["a", "b"], columns=codes)
    after = before.copy()
    after.loc["a", "I44"] = 4
    out = compute_top_contributors(before, after, fw).set_index("agency")
    assert out.loc["a", "indicator"] == "I44"
    assert out.loc["a", "part"] == pytest.approx(out.loc["a", "delta"])
    assert out.loc["b", "indicator"] is None
