"""Hypothesis invariants on generated frameworks of any depth, weighting and scale: every score within the
scale, monotone in every indicator at every level, frame == scalar, and the path reaches the next rating."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicators import parse_framework
from indicators.gap import compute_path_to_next_rating
from indicators.scoring import compute_scores, compute_scores_frame
from tests.support.frameworks import make_framework

SCALES = [
    {"kind": "named", "min": 1, "max": 5, "not_answered": 0},
    {"kind": "named", "min": 1, "max": 5},
    {"kind": "named", "min": 0, "max": 4},
    {"kind": "continuous", "min": 0, "max": 1},
    {"kind": "continuous", "min": 0, "max": 100},
]
TOLERANCE = 1e-9

frameworks = st.builds(
    lambda shape, weighting, scale, weights: parse_framework(make_framework(shape, weighting, scale, weights)),
    st.lists(st.integers(1, 3), min_size=1, max_size=4),
    st.sampled_from(["percent", "relative", "bottom-percent"]),
    st.sampled_from(SCALES),
    st.lists(st.integers(1, 9), min_size=1, max_size=5),
)


def value_of(scale, lowest: float | None = None):
    """Strategy of a valid value on `scale`, at least `lowest` when given."""
    if scale.continuous:
        return st.floats(lowest if lowest is not None else scale.min, scale.max, allow_nan=False)
    return st.sampled_from([v for v in scale.allowed() if lowest is None or v >= lowest])


def values_for(data, framework) -> dict[str, float]:
    return {n.code: data.draw(value_of(framework.scale_for(n.code))) for n in framework.leaves}


def all_scores(scores) -> list[float]:
    return [scores.index, *scores.nodes.values()]


@settings(max_examples=80, deadline=None)
@given(frameworks, st.data())
def test_every_score_lies_within_the_index_range(framework, data):
    low, high = framework.index_range
    scores = compute_scores(values_for(data, framework), framework)
    assert all(low - TOLERANCE <= value <= high + TOLERANCE for value in all_scores(scores))


@settings(max_examples=80, deadline=None)
@given(frameworks, st.data())
def test_raising_one_indicator_never_lowers_any_level(framework, data):
    values = values_for(data, framework)
    code = data.draw(st.sampled_from([n.code for n in framework.leaves]))
    raised = values | {code: data.draw(value_of(framework.scale_for(code), lowest=values[code]))}
    before, after = compute_scores(values, framework), compute_scores(raised, framework)
    assert after.index >= before.index - TOLERANCE
    assert all(after.nodes[k] >= v - TOLERANCE for k, v in before.nodes.items())


@settings(max_examples=40, deadline=None)
@given(frameworks, st.data())
def test_frame_equals_scalar_at_any_depth(framework, data):
    agencies = [values_for(data, framework) for _ in range(data.draw(st.integers(1, 3)))]
    long = pd.DataFrame([(f"a{i}", code, v) for i, values in enumerate(agencies) for code, v in values.items()],
                        columns=["agency", "code", "value"])
    frame = compute_scores_frame(long, framework, key="agency").set_index("agency")
    for i, values in enumerate(agencies):
        scores = compute_scores(values, framework)
        assert frame.loc[f"a{i}", "index"] == pytest.approx(scores.index, abs=1e-9)
        for code in frame.columns.drop(["index", "complete", "missing"]):
            assert frame.loc[f"a{i}", code] == pytest.approx(scores.nodes[code], abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(frameworks, st.data())
def test_all_top_values_give_the_top_and_the_path_reaches_the_next_rating(framework, data):
    top = {n.code: framework.scale_for(n.code).max for n in framework.leaves}
    assert compute_scores(top, framework).index == pytest.approx(framework.index_range[1])
    values = values_for(data, framework)
    bands = [b.slug for b in framework.rating_bands]
    start = bands.index(framework.rating_for(compute_scores(values, framework).index, 2024).slug)
    steps = compute_path_to_next_rating(values, framework, 2024)
    if start == 0:
        assert steps == []
    else:
        assert bands.index(framework.rating_for(steps[-1].index_after, 2024).slug) == start - 1


@settings(max_examples=60, deadline=None)
@given(frameworks, st.data())
def test_scores_given_at_any_level_stay_in_range_and_monotone(framework, data):
    assume(framework.depth > 1)  # the bottom level holds indicators, covered above
    depth = data.draw(st.integers(1, framework.depth - 1))
    low, high = framework.index_range
    values = {n.code: data.draw(st.floats(low, high, allow_nan=False)) for n in framework.nodes_at(depth)}
    code = data.draw(st.sampled_from(sorted(values)))
    raised = values | {code: data.draw(st.floats(values[code], high, allow_nan=False))}
    kind = framework.levels[depth - 1].key
    before, after = compute_scores(values, framework, level=kind), compute_scores(raised, framework, level=kind)
    assert all(low - TOLERANCE <= value <= high + TOLERANCE for value in all_scores(before))
    assert after.index >= before.index - TOLERANCE
    assert all(after.nodes[k] >= v - TOLERANCE for k, v in before.nodes.items())
