"""Gap to the next rating, strengths and weaknesses, assessment gap, rankings and group statistics."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators import ScoringError
from indicators.gap import (
    compute_assessment_gap,
    compute_assessment_gap_frame,
    compute_gap,
    compute_path_to_next_rating,
    compute_strengths_weaknesses,
)
from indicators.ranking import compute_group_stats, compute_rankings


def levels(fw, value=3, **overrides):
    return {node.code: value for node in fw.indicators} | overrides


def test_gap_reads_the_rating_basis_of_the_year(spbe_fw):
    rounded = compute_gap(3.45, spbe_fw, 2023, target=3.6)
    assert rounded.rating == "baik" and rounded.next_rating == "sangat-baik"
    assert rounded.next_threshold == 3.495 and rounded.to_next == pytest.approx(0.045)
    assert rounded.to_target == pytest.approx(0.15)
    assert compute_gap(3.45, spbe_fw, 2024).to_next == pytest.approx(0.05)
    top = compute_gap(4.5, spbe_fw, 2024, target=4.0)
    assert top.next_rating is None and top.to_next is None and top.to_target == 0.0


def test_path_raises_not_answered_to_the_minimum_first_by_weight(spbe_fw):
    start = levels(spbe_fw, 2, I42=0)
    steps = compute_path_to_next_rating(start, spbe_fw, 2024)
    assert (steps[0].indicator, steps[0].from_level, steps[0].to_level) == ("I42", 0, 1)
    assert steps[0].index_gain == pytest.approx(0.03)
    assert spbe_fw.rating_for(steps[-1].index_after, 2024).slug == "baik"


def test_path_is_empty_at_the_top_and_refuses_incomplete_levels(spbe_fw):
    assert compute_path_to_next_rating(levels(spbe_fw, 5), spbe_fw, 2024) == []
    partial = levels(spbe_fw)
    del partial["I3"]
    with pytest.raises(ScoringError, match="I3"):
        compute_path_to_next_rating(partial, spbe_fw, 2024)


def test_strengths_weaknesses_per_aspect(spbe_fw):
    profile = compute_strengths_weaknesses(levels(spbe_fw, I1=5, I2=4, I3=2, I4=1, I5=0), spbe_fw)["A1"]
    assert profile.strengths == ("I1", "I2") and profile.weaknesses == ("I3", "I4")
    assert profile.unanswered == ("I5",) and profile.score == pytest.approx(2.7)


def test_assessment_gap_scalar_and_frame(spbe_fw):
    gap = compute_assessment_gap({"I1": 4, "I2": 3, "I3": 1}, {"I1": 3, "I2": 3, "I3": 2, "I4": 5}, spbe_fw)
    assert gap.differences == {"I1": 1, "I2": 0, "I3": -1}
    assert (gap.mean_difference, gap.over, gap.under, gap.compared) == (0.0, 1, 1, 3)
    long = pd.DataFrame({"agency": ["a", "a", "a"], "year": [2024] * 3, "code": ["I1", "I2", "I3"],
                         "self_level": [4, 3, 1], "final_level": [3, 3, 2]})
    frame = compute_assessment_gap_frame(long, spbe_fw).iloc[0]
    assert (frame["I1"], frame["I3"], frame["over"], frame["under"], frame["compared"]) == (1, -1, 1, 1, 3)
    with pytest.raises(ScoringError, match="I2: value '6'"):
        compute_assessment_gap({"I2": 6}, {}, spbe_fw)


@pytest.fixture
def results():
    return pd.DataFrame({
        "agency": ["a", "b", "c", "d", "e", "a", "b", "c", "d"],
        "year": [2023] * 5 + [2024] * 4,
        # 2023 ranks the rounded index: 3.004 and 2.996 both read 3.00 and tie with 3.0.
        "index": [3.0, 3.004, 2.996, 1.0, None, 3.1, 3.0, 3.2, 3.0],
        "kind": ["central", "central", "regional", "regional", "regional", "central", "central", "regional",
                 "regional"],
    })


def test_rankings(results, spbe_fw):
    ranked = compute_rankings(results, spbe_fw, group_cols=["kind"])
    y23, y24 = ranked[ranked.year == 2023], ranked[ranked.year == 2024]
    assert y23["rank"].tolist()[:4] == [1, 1, 1, 4] and pd.isna(y23["rank"].iloc[4])
    assert y24["rank"].tolist() == [2, 3, 1, 3]  # min method: 1-2-3-3
    assert y24["rank_kind"].tolist() == [1, 2, 1, 2]
    assert y24["rank_change"].tolist() == [-1, -2, 0, 1] and y23["rank_change"].isna().all()
    assert y24["percentile"].tolist() == pytest.approx([200 / 3, 100 / 3, 100.0, 100 / 3])
    assert y23["percentile"].iloc[3] == 0.0


def test_group_stats(results):
    stats = compute_group_stats(results, "year", ["index"])
    row = stats[stats.year == 2024].iloc[0]
    assert (row["mean"], row["median"], row["q1"], row["q3"], row["count"]) == (3.075, 3.05, 3.0, 3.125, 4)
