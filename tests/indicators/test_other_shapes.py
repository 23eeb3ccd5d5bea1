"""The two test frameworks of other shapes (two levels in percent 1–5; three levels relative, continuous 0–1
with rating groups) go through the same scoring, rating, ranking, gap and profile code as SPBE."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators import ScoringError
from indicators.gap import compute_gap, compute_path_to_next_rating, compute_strengths_weaknesses
from indicators.ranking import compute_rankings
from indicators.rating import compute_ratings
from indicators.scoring import compute_scores, compute_scores_frame

PERCENT_LEVELS = {"X1": 3, "X2": 4, "X3": 5, "X4": 2, "X5": 1}
RATIOS = {"R1": 0.2, "R2": 0.6, "R3": 1.0, "R4": 0.5, "R5": 0.3}


def long_table(rows: dict[str, dict[str, float]], year: int) -> pd.DataFrame:
    return pd.DataFrame([(agency, year, code, value) for agency, values in rows.items() for code, value in values.items()],
                        columns=["agency", "year", "code", "value"])


def test_percent_framework_structure_names_and_levels(percent_fw):
    assert [level.label("en") for level in percent_fw.levels] == ["Aspect", "Indicator"]
    assert percent_fw.depth == 2 and [n.code for n in percent_fw.top_nodes] == ["S1", "S2"]
    assert [n.weight for n in percent_fw.nodes_at(1)] == [25, 75] and percent_fw.weighting == "bottom-percent"
    # English falls back to Indonesian, never invented.
    assert percent_fw.name_of("X1", "en") == "Kebijakan data" and percent_fw.name_of("S2", "en") == "Layanan"
    assert percent_fw.level_name("X1", 3, "en") == "Terdefinisi" and percent_fw.level_name("X1", 4, "en") == "Integrated"
    scale = percent_fw.scale_for("X5")
    assert (scale.kind, scale.min, scale.max, scale.not_answered) == ("named", 1, 5, None)
    assert percent_fw.index_range == (1.0, 5.0) and percent_fw.domains == () and percent_fw.aspects == percent_fw.top_nodes
    assert percent_fw.normalize_code("Indikator 4") == "X4"


def test_percent_framework_scores_and_ratings(percent_fw):
    scores = compute_scores(PERCENT_LEVELS, percent_fw)
    assert scores.nodes["S1"] == pytest.approx(3.6) and scores.nodes["S2"] == pytest.approx(215 / 75)
    assert scores.index == pytest.approx(3.05) and percent_fw.rating_for(scores.index, 2023).slug == "baik"
    # Rounded to 2 digits by default, unrounded in 2024.
    assert percent_fw.rating_for(2.995, 2023).slug == "baik" and percent_fw.rating_for(2.995, 2024).slug == "cukup"
    frame = compute_scores_frame(long_table({"a": PERCENT_LEVELS, "b": dict.fromkeys(PERCENT_LEVELS, 5)}, 2023), percent_fw)
    assert list(frame.columns) == ["agency", "year", "index", "S1", "S2", "complete", "missing"]
    assert frame["index"].tolist() == pytest.approx([3.05, 5.0])
    assert compute_ratings(frame["index"], percent_fw, 2023).tolist() == ["baik", "sangat-baik"]


def test_percent_framework_refuses_zero_it_does_not_allow(percent_fw):
    with pytest.raises(ScoringError, match="X1: value '0' is outside the scale 1–5; write a whole level from 1 to 5$"):
        compute_scores(PERCENT_LEVELS | {"X1": 0}, percent_fw)


def test_percent_framework_gap_path_and_profiles(percent_fw):
    steps = compute_path_to_next_rating(PERCENT_LEVELS, percent_fw, 2023)
    assert [(s.indicator, s.from_level, s.to_level) for s in steps] == [("X5", 1, 2), ("X5", 2, 3), ("X5", 3, 4),
                                                                        ("X5", 4, 5)]
    assert steps[-1].index_after == pytest.approx(4.05)
    assert compute_gap(3.05, percent_fw, 2023).next_threshold == pytest.approx(3.995)
    profiles = compute_strengths_weaknesses(PERCENT_LEVELS, percent_fw)
    assert list(profiles) == ["S1", "S2"]
    assert profiles["S1"].strengths == ("X2",) and profiles["S2"].weaknesses == ("X4", "X5")


def test_groups_framework_structure(groups_fw):
    assert groups_fw.kinds == ("pilar", "komponen", "indicator") and groups_fw.depth == 3
    assert groups_fw.rating_name == {"id": "Kelompok", "en": "Group"} and groups_fw.decimals == 3
    assert groups_fw.title_text("en") == "Indeks Uji Kontinu"
    assert [n.weight for n in groups_fw.leaves] == pytest.approx([9.375, 28.125, 37.5, 12.5, 12.5])
    assert groups_fw.scale_for("R1").continuous and groups_fw.level_name("R1", 1.0) == ""
    assert groups_fw.leaves_under("P1") == ("R1", "R2", "R3") and groups_fw.ancestors("R4") == ("K3", "P2")


def test_groups_framework_scores_ratings_and_ranks(groups_fw):
    scores = compute_scores(RATIOS, groups_fw)
    assert scores.nodes["K1"] == pytest.approx(0.5) and scores.nodes["P1"] == pytest.approx(0.75)
    assert scores.index == pytest.approx(0.6625) and groups_fw.rating_for(scores.index, 2024).slug == "kelompok-b"
    # 2023 rates on one digit: 0.76 reads 0.8.
    assert groups_fw.rating_for(0.76, 2023).slug == "kelompok-a" and groups_fw.rating_for(0.76, 2024).slug == "kelompok-b"
    table = long_table({"a": RATIOS, "b": dict.fromkeys(RATIOS, 0.9), "c": RATIOS | {"R3": 0.0}}, 2024)
    frame = compute_scores_frame(table, groups_fw)
    assert list(frame.columns) == ["agency", "year", "index", "P1", "P2", "K1", "K2", "K3", "complete", "missing"]
    ranked = compute_rankings(frame, groups_fw)
    assert ranked.set_index("agency")["rank"].to_dict() == {"b": 1, "a": 2, "c": 3}
    assert compute_ratings(frame["index"], groups_fw, 2024).tolist() == ["kelompok-b", "kelompok-a", "kelompok-c"]


def test_groups_framework_checks_the_continuous_range(groups_fw):
    with pytest.raises(ScoringError, match="R2: value '1.2' is outside the scale 0–1; write a number from 0 to 1$"):
        compute_scores(RATIOS | {"R2": 1.2}, groups_fw)
    assert compute_scores(RATIOS | {"R2": 0.123}, groups_fw).complete


def test_groups_framework_gap_path_and_profiles(groups_fw):
    steps = compute_path_to_next_rating(RATIOS, groups_fw, 2024)
    assert [(s.indicator, s.from_level, s.to_level) for s in steps] == [("R2", 0.6, 0.85), ("R2", 0.85, 1), ("R5", 0.3, 0.55)]
    assert groups_fw.rating_for(steps[-1].index_after, 2024).slug == "kelompok-a"
    gap = compute_gap(0.6625, groups_fw, 2023)
    assert gap.next_rating == "kelompok-a" and gap.next_threshold == pytest.approx(0.75)
    assert gap.to_next == pytest.approx(0.0875)
    profiles = compute_strengths_weaknesses(RATIOS, groups_fw)
    assert list(profiles) == ["K1", "K2", "K3"] and profiles["K1"].weaknesses == ("R1",)
    assert profiles["K2"].strengths == ("R3",) and profiles["K1"].score == pytest.approx(0.5)
