"""Hypothesis invariants: bounds, top, monotonicity, frame == scalar, vectorised == scalar ratings, shortest paths."""

from __future__ import annotations

import itertools
import math
from collections import deque

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import load_framework, parse_framework
from indicators.gap import compute_path_to_next_rating, raise_once
from indicators.rating import compute_ratings
from indicators.scoring import compute_scores, compute_scores_frame

SPBE = load_framework("spbe-2020")
ALLOWED = SPBE.scale.allowed()
CODES = [node.code for node in SPBE.indicators]
YEARS = st.sampled_from([2021, 2023, 2024, 2025])

full_levels = st.lists(st.sampled_from(ALLOWED), min_size=len(CODES), max_size=len(CODES)).map(
    lambda levels: dict(zip(CODES, levels, strict=True)))
some_levels = st.lists(st.one_of(st.none(), st.sampled_from(ALLOWED)), min_size=len(CODES), max_size=len(CODES)).map(
    lambda levels: {c: v for c, v in zip(CODES, levels, strict=True) if v is not None or c.endswith("7")})


@settings(deadline=None)  # timing on a shared machine is not what these tests check
@given(some_levels)
def test_every_score_lies_inside_the_scale(levels):
    scores = compute_scores(levels, SPBE, level="indicator")
    for value in [scores.index, *scores.domains.values(), *scores.aspects.values()]:
        assert value is None or SPBE.scale.floor <= value <= SPBE.scale.max
    assert scores.complete == (scores.index is not None)


def test_all_top_levels_give_the_top_score_and_band():
    scores = compute_scores(dict.fromkeys(CODES, SPBE.scale.max), SPBE)
    assert scores.index == SPBE.scale.max
    assert SPBE.rating_for(scores.index, 2024) == SPBE.rating_bands[0]


@settings(deadline=None)  # timing on a shared machine is not what these tests check
@given(full_levels, st.sampled_from(CODES))
def test_raising_one_level_never_lowers_anything(levels, code):
    after = raise_once(levels[code], SPBE)
    if after is None:
        return
    before, raised = compute_scores(levels, SPBE), compute_scores(levels | {code: after}, SPBE)
    assert raised.index >= before.index
    assert all(raised.domains[k] >= v for k, v in before.domains.items())
    assert all(raised.aspects[k] >= v for k, v in before.aspects.items())


@settings(max_examples=60, deadline=None)
@given(st.lists(some_levels, min_size=1, max_size=6))
def test_frame_equals_scalar_for_indicators(agencies):
    long = pd.DataFrame([(f"a{i}", 2024, code, value) for i, levels in enumerate(agencies)
                         for code, value in levels.items()], columns=["agency", "year", "code", "value"])
    frame = compute_scores_frame(long, SPBE, level="indicator").set_index("agency")
    for i, levels in enumerate(agencies):
        scalar = compute_scores(levels, SPBE, level="indicator")
        row = frame.loc[f"a{i}"]
        _same(row["index"], scalar.index)
        for code, value in [*scalar.domains.items(), *scalar.aspects.items()]:
            _same(row[code], value)
        assert row["missing"] == scalar.missing and row["complete"] == scalar.complete


aspect_values = st.lists(st.one_of(st.none(), st.floats(SPBE.scale.floor, SPBE.scale.max)),
                         min_size=len(SPBE.aspects), max_size=len(SPBE.aspects))


@settings(max_examples=60, deadline=None)
@given(st.lists(aspect_values, min_size=1, max_size=6))
def test_frame_equals_scalar_for_aspects(agencies):
    codes = [node.code for node in SPBE.aspects]
    long = pd.DataFrame([(i, code, value) for i, values in enumerate(agencies)
                         for code, value in zip(codes, values, strict=True)], columns=["agency", "code", "value"])
    frame = compute_scores_frame(long, SPBE, key="agency").set_index("agency")
    for i, values in enumerate(agencies):
        scalar = compute_scores(dict(zip(codes, values, strict=True)), SPBE)
        _same(frame.loc[i, "index"], scalar.index)
        for code, value in scalar.domains.items():
            _same(frame.loc[i, code], value)


def _same(frame_value, scalar_value):
    if scalar_value is None:
        assert math.isnan(frame_value)
    else:
        assert frame_value == scalar_value


@settings(deadline=None)  # timing on a shared machine is not what these tests check
@given(st.lists(st.floats(0, 5), max_size=20), YEARS)
def test_vectorised_ratings_equal_scalar_ratings(values, year):
    expected = [SPBE.rating_for(v, year).slug for v in values]
    assert compute_ratings(values, SPBE, year).tolist() == expected


@settings(deadline=None)  # timing on a shared machine is not what these tests check
@given(full_levels, YEARS)
def test_path_reaches_the_next_rating_one_level_at_a_time(levels, year):
    steps = compute_path_to_next_rating(levels, SPBE, year)
    start = compute_scores(levels, SPBE)
    band = SPBE.rating_for(start.index, year)
    if band == SPBE.rating_bands[0]:
        assert steps == []
        return
    current = dict(levels)
    for step in steps:
        assert current[step.indicator] == step.from_level and step.to_level == raise_once(step.from_level, SPBE)
        assert step.to_level <= SPBE.scale.max
        current[step.indicator] = step.to_level
    end = compute_scores(current, SPBE).index
    assert end == steps[-1].index_after
    ranks = [b.slug for b in SPBE.rating_bands]
    assert ranks.index(SPBE.rating_for(end, year).slug) == ranks.index(band.slug) - 1
    # One step fewer must not be enough: the last step was needed.
    assert SPBE.rating_for(steps[-1].index_after - steps[-1].index_gain, year) == band


TINY = parse_framework({
    "code": "tiny", "years": {"from": 2023}, "title": {"id": "Kecil"},
    "scale": {"min": 1, "max": 5, "not_answered": 0},
    "level_scales": {"s": {"name": {"id": "s"}, "levels": {}}},
    "domains": [
        {"code": "D1", "name": {"id": "d1"}, "weight": 40, "aspects": [
            {"code": "A1", "name": {"id": "a1"}, "weight": 40, "level_scale": "s", "indicators": [
                {"code": "I1", "name": {"id": "i1"}, "weight": 10}, {"code": "I2", "name": {"id": "i2"}, "weight": 30}]}]},
        {"code": "D2", "name": {"id": "d2"}, "weight": 60, "aspects": [
            {"code": "A2", "name": {"id": "a2"}, "weight": 25, "level_scale": "s", "indicators": [
                {"code": "I3", "name": {"id": "i3"}, "weight": 25}]},
            {"code": "A3", "name": {"id": "a3"}, "weight": 35, "level_scale": "s", "indicators": [
                {"code": "I4", "name": {"id": "i4"}, "weight": 35}]}]}],
    "rating": {"bands": [
        {"slug": "a", "label": {"id": "A"}, "min": 4.2, "max": 5, "color": "#000000"},
        {"slug": "b", "label": {"id": "B"}, "min": 3.5, "max": 4.2, "color": "#000000"},
        {"slug": "c", "label": {"id": "C"}, "min": 2.6, "max": 3.5, "color": "#000000"},
        {"slug": "d", "label": {"id": "D"}, "min": 1.8, "max": 2.6, "color": "#000000"},
        {"slug": "e", "label": {"id": "E"}, "min": 0, "max": 1.8, "color": "#000000"}],
        "basis": {"default": {"round": None}, "years": {2023: {"round": 2}}}},
})
TINY_CODES = ("I1", "I2", "I3", "I4")


def brute_force_length(levels, year):
    """Breadth-first search over every sequence of one-level raises; the fewest reaching the next band."""
    slugs = [b.slug for b in TINY.rating_bands]
    goal = slugs.index(TINY.rating_for(compute_scores(levels, TINY).index, year).slug) - 1
    start = tuple(levels[c] for c in TINY_CODES)
    seen, queue = {start}, deque([(start, 0)])
    while queue:
        state, depth = queue.popleft()
        index = compute_scores(dict(zip(TINY_CODES, state, strict=True)), TINY).index
        if slugs.index(TINY.rating_for(index, year).slug) <= goal:
            return depth
        for i in range(len(state)):
            to = raise_once(state[i], TINY)
            if to is not None:
                nxt = state[:i] + (to,) + state[i + 1:]
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append((nxt, depth + 1))
    raise AssertionError("unreachable")


@pytest.mark.parametrize("year", [2023, 2024])
def test_path_length_is_minimal_against_brute_force(year):
    # Every third start state keeps the run short while covering 0s, mid levels and near-top states.
    for state in itertools.islice(itertools.product(TINY.scale.allowed(), repeat=len(TINY_CODES)), 0, None, 3):
        levels = dict(zip(TINY_CODES, state, strict=True))
        if TINY.rating_for(compute_scores(levels, TINY).index, year) == TINY.rating_bands[0]:
            continue
        assert len(compute_path_to_next_rating(levels, TINY, year)) == brute_force_length(levels, year), levels
