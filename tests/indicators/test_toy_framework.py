"""A framework unlike SPBE (0–1 scale, 2 domains, 3 bands, other code words) runs through the same code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from indicators import ScoringError
from indicators.cli import main
from indicators.gap import compute_gap, compute_path_to_next_rating, compute_strengths_weaknesses
from indicators.rating import compute_ratings
from indicators.scoring import compute_scores, compute_scores_frame

TOY_PATH = Path(__file__).resolve().parent / "data" / "toy-binary.yaml"
LEVELS = {"P1": 1, "P2": 1, "P3": 0, "P4": 1, "P5": 1, "P6": 0, "P7": 0}


def test_scores_ratings_and_frame(toy_fw):
    scores = compute_scores(LEVELS, toy_fw)
    assert scores.index == pytest.approx(0.7) and scores.domains["B2"] == pytest.approx(0.75)
    assert toy_fw.rating_for(scores.index, 2030).slug == "sedang"
    # 2031 rates the index rounded to one decimal: 0.74 reads 0.7, 0.75 reads 0.8.
    assert toy_fw.rating_for(0.74, 2031).slug == "sedang" and toy_fw.rating_for(0.75, 2031).slug == "tinggi"
    assert compute_ratings([0.0, 0.4, 1.0], toy_fw, 2030).tolist() == ["rendah", "sedang", "tinggi"]
    long = pd.DataFrame([("x", c, v) for c, v in LEVELS.items()], columns=["agency", "code", "value"])
    frame = compute_scores_frame(long, toy_fw, key="agency")
    assert list(frame.columns) == ["agency", "index", "B1", "B2", "K1", "K2", "K3", "complete", "missing"]
    assert frame["index"].iloc[0] == scores.index


def test_scale_checks_use_the_toy_scale(toy_fw):
    with pytest.raises(ScoringError, match="P1: value '2' is outside the scale 0–1; write a whole level from 0 to 1$"):
        compute_scores(LEVELS | {"P1": 2}, toy_fw)


def test_gap_path_and_profiles(toy_fw):
    assert compute_gap(0.7, toy_fw, 2031).next_threshold == 0.75
    assert compute_gap(0.3, toy_fw, 2031).next_threshold == 0.35
    steps = compute_path_to_next_rating(LEVELS, toy_fw, 2030)
    assert [s.indicator for s in steps] == ["P3"] and steps[0].index_after == pytest.approx(0.9)
    profile = compute_strengths_weaknesses(LEVELS, toy_fw)["K1"]
    assert profile.strengths == ("P1", "P2") and profile.weaknesses == ("P3",) and profile.unanswered == ()


def test_cli_with_a_framework_path(tmp_path, capsys):
    source = tmp_path / "toy.csv"
    source.write_text("unit,Praktik 1,P2,P3,P4,P5,P6,P7\nx,1,1,0,1,1,0,0\n", encoding="utf-8")
    assert main(["score", str(source), "--framework", str(TOY_PATH)]) == 0
    assert capsys.readouterr().out == "agency,index,rating,B1,B2\nx,0.700000,Sedang,0.666667,0.750000\n"
