"""compute_scores / compute_scores_frame / ratings on the regulation's worked examples and edge cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators import ScoringError
from indicators.scoring import compute_rating, compute_ratings, compute_scores, compute_scores_frame


def all_levels(fw, level):
    return {node.code: level for node in fw.indicators}


def test_worked_example_aspect_2(spbe_fw):
    levels = all_levels(spbe_fw, 3) | {"I11": 3, "I12": 4, "I13": 3, "I14": 2}
    assert compute_scores(levels, spbe_fw).aspects["A2"] == pytest.approx(3.00, abs=1e-12)


def test_worked_example_domain_2(spbe_fw):
    aspects = {"A1": 3, "A2": 3.00, "A3": 4.00, "A4": 3.00, "A5": 3, "A6": 3, "A7": 3, "A8": 3}
    assert compute_scores(aspects, spbe_fw).domains["D2"] == pytest.approx(3.40, abs=1e-12)


def test_worked_example_index_and_its_rounded_rating(spbe_fw):
    scores = compute_scores({"D1": 3.70, "D2": 3.40, "D3": 3.00, "D4": 3.20}, spbe_fw)
    assert scores.index == pytest.approx(3.282, abs=1e-12)
    assert spbe_fw.rating_basis(scores.index, 2023) == 3.28
    assert compute_rating(scores.index, spbe_fw, 2023).label["id"] == "Baik"


def test_index_from_indicators_equals_weighted_sum_over_100(spbe_fw):
    levels = {node.code: (i * 7) % 6 for i, node in enumerate(spbe_fw.indicators)}
    expected = sum(levels[n.code] * n.weight for n in spbe_fw.indicators) / 100
    assert compute_scores(levels, spbe_fw).index == pytest.approx(expected, abs=1e-12)


def test_not_answered_counts_as_zero(spbe_fw):
    scores = compute_scores(all_levels(spbe_fw, 5) | {"I1": 0}, spbe_fw)
    assert scores.complete and scores.missing == ()
    assert scores.aspects["A1"] == pytest.approx(4.5)
    assert scores.index == pytest.approx(5 - 5 * 1.3 / 100)


@pytest.mark.parametrize("absent", [None, math.nan, "drop"])
def test_absent_value_makes_ancestors_none_and_is_listed(spbe_fw, absent):
    levels = all_levels(spbe_fw, 4)
    if absent == "drop":
        del levels["I12"]
    else:
        levels["I12"] = absent
    scores = compute_scores(levels, spbe_fw)
    assert scores.missing == ("I12",) and not scores.complete
    assert scores.index is None and scores.domains["D2"] is None and scores.aspects["A2"] is None
    assert scores.aspects["A3"] == pytest.approx(4.0) and scores.domains["D1"] == pytest.approx(4.0)


@pytest.mark.parametrize(("code", "value", "fragment"), [
    ("I7", 7, "I7: value '7' is outside the scale 0–5"),
    ("I7", -1, "I7: value '-1' is outside the scale 0–5"),
    ("I7", 2.5, "I7: value '2.5' is not a whole level"),
])
def test_indicator_value_outside_scale_is_an_error_naming_it(spbe_fw, code, value, fragment):
    with pytest.raises(ScoringError, match=fragment):
        compute_scores(all_levels(spbe_fw, 3) | {code: value}, spbe_fw)


def test_aspect_and_domain_values_may_be_fractional_within_the_scale(spbe_fw):
    assert compute_scores({"D1": 0.0, "D2": 5.0, "D3": 2.345, "D4": 1.5}, spbe_fw).complete
    with pytest.raises(ScoringError, match="D3: value '5.01' is outside"):
        compute_scores({"D1": 1, "D2": 1, "D3": 5.01, "D4": 1}, spbe_fw)


def test_mixed_kinds_unknown_codes_and_wrong_level(spbe_fw):
    with pytest.raises(ScoringError, match="mix"):
        compute_scores({"I1": 3, "A2": 3}, spbe_fw)
    with pytest.raises(ScoringError, match="not a node code"):
        compute_scores({"Z9": 3}, spbe_fw)
    with pytest.raises(ScoringError, match="level is aspect"):
        compute_scores({"I1": 3}, spbe_fw, level="aspect")


def test_level_given_with_nothing_known(spbe_fw):
    scores = compute_scores({}, spbe_fw, level="domain")
    assert scores.index is None and scores.missing == ("D1", "D2", "D3", "D4")


def test_aliases_of_codes_are_accepted(spbe_fw):
    assert compute_scores({"Domain 1": 1, "D2": 2, "d3": 3, "D-4": 4}, spbe_fw).index is not None


def long_table(rows):
    return pd.DataFrame(rows, columns=["agency", "year", "code", "value"])


def test_frame_gives_one_row_per_key_with_expected_columns(spbe_fw):
    rows = [("a", 2023, n.code, 3) for n in spbe_fw.indicators] + [("b", 2024, n.code, 5) for n in spbe_fw.indicators[1:]]
    frame = compute_scores_frame(long_table(rows), spbe_fw)
    domains = [n.code for n in spbe_fw.domains]
    aspects = [n.code for n in spbe_fw.aspects]
    assert list(frame.columns) == ["agency", "year", "index", *domains, *aspects, "complete", "missing"]
    assert frame["index"].iloc[0] == pytest.approx(3.0) and math.isnan(frame["index"].iloc[1])
    assert frame["complete"].tolist() == [True, False] and frame["missing"].iloc[1] == ("I1",)
    assert frame["D2"].iloc[1] == pytest.approx(5.0)


def test_frame_of_domain_recaps_has_no_aspect_columns(spbe_fw):
    rows = [("a", 2022, "D1", 3.7), ("a", 2022, "D2", 3.4), ("a", 2022, "D3", 3.0), ("a", 2022, "D4", 3.2)]
    frame = compute_scores_frame(long_table(rows), spbe_fw)
    assert "A1" not in frame.columns and frame["index"].iloc[0] == pytest.approx(3.282)


def test_frame_of_aspects(spbe_fw):
    rows = [("a", 2022, n.code, 2.5) for n in spbe_fw.aspects]
    frame = compute_scores_frame(long_table(rows), spbe_fw)
    assert frame["index"].iloc[0] == pytest.approx(2.5) and frame["A3"].iloc[0] == 2.5


def test_frame_rejects_duplicates_bad_values_and_mixes(spbe_fw):
    with pytest.raises(ScoringError, match="more than once"):
        compute_scores_frame(long_table([("a", 1, "I1", 3), ("a", 1, "I1", 4)]), spbe_fw)
    with pytest.raises(ScoringError, match=r"agency='a', year=1, I2: value '9'"):
        compute_scores_frame(long_table([("a", 1, "I1", 3), ("a", 1, "I2", 9)]), spbe_fw)
    with pytest.raises(ScoringError, match="mix"):
        compute_scores_frame(long_table([("a", 1, "I1", 3), ("a", 1, "D2", 3)]), spbe_fw)
    with pytest.raises(ScoringError, match="no column"):
        compute_scores_frame(long_table([]).drop(columns="year"), spbe_fw)


def test_vectorised_ratings_follow_the_year_basis(spbe_fw):
    values = pd.Series([1.7994, 1.7985, 3.499, 2.597, 4.2, 5.0, np.nan])
    assert compute_ratings(values, spbe_fw, 2023).tolist() == ["cukup", "cukup", "sangat-baik", "baik", "memuaskan",
                                                             "memuaskan", None]
    assert compute_ratings(values, spbe_fw, 2024).tolist() == ["kurang", "kurang", "baik", "cukup", "memuaskan",
                                                             "memuaskan", None]
    mixed = compute_ratings([3.499, 3.499], spbe_fw, [2023, 2024])
    assert mixed.tolist() == ["sangat-baik", "baik"]
    with pytest.raises(ScoringError, match="outside every rating band"):
        compute_ratings([5.5], spbe_fw, 2024)
