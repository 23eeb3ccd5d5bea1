"""Rank change in words and colour: a worse rank is red and says 'turun', never a sign that contradicts it."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.logic.ranks import compute_rank_move, rank_move_cells


@pytest.mark.parametrize(("change", "lang", "text", "short", "color", "arrow"), [
    (-45, "id", "turun 45 peringkat", "turun 45", "red", "down"),
    (12, "id", "naik 12 peringkat", "naik 12", "green", "up"),
    (0, "id", "peringkat tetap", "tetap", "gray", "off"),
    (-1234, "id", "turun 1.234 peringkat", "turun 1.234", "red", "down"),
    (-3, "en", "down 3 places", "down 3", "red", "down"),
])
def test_rank_move_words_and_colour(change, lang, text, short, color, arrow):
    move = compute_rank_move(change, lang)
    assert (move.text, move.short, move.color, move.arrow) == (text, short, color, arrow)
    assert "−" not in move.text and "-" not in move.text and "+" not in move.text


@pytest.mark.parametrize("change", [None, float("nan"), pd.NA])
def test_unknown_change_has_no_move(change):
    assert compute_rank_move(change) is None


def test_table_cells_are_words():
    changes = pd.Series([-45, 12, 0, None], dtype="Int64")
    assert rank_move_cells(changes, "id") == ["turun 45", "naik 12", "tetap", ""]
