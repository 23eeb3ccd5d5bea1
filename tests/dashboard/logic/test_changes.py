"""What changed and why on the pages: the sentence, the waterfall's bars and the ranking's reason column."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.logic import changes
from indicators import load_framework


@pytest.fixture(scope="module")
def fw():
    return load_framework("spbe-2020")


def history(rows):
    return pd.DataFrame(rows, columns=["agency_code", "year", "index", "rank"])


def test_sentence_names_movers_and_splits_the_rank(fw):
    before = {n.code: 3 for n in fw.leaves}
    after = before | {"I44": 5, "I11": 2}
    frame = history([("a", 2023, 3.0, 1), ("b", 2023, 2.9, 2), ("c", 2023, 2.0, 3),
                     ("a", 2024, 3.046, 3), ("b", 2024, 3.5, 1), ("c", 2024, 3.2, 2)])
    what = changes.compute_what_changed(frame, before, after, "a", 2024, fw)
    assert what.change.delta == pytest.approx(0.06 - 0.025)
    assert (what.ranks.rank_before, what.ranks.rank_after, what.ranks.standstill_rank) == (1, 3, 3)
    text = changes.change_sentence(what, fw, "id")
    assert text.startswith("Indeks naik 0,04 dari 3,00 (2023) menjadi 3,05.")
    assert "Paling menaikkan: I44" in text and "Paling menurunkan: I11" in text
    assert "Peringkat turun 2 tempat (1 → 3): 0 tempat dari perubahan sendiri, −2 tempat dari gerak instansi lain" in text
    assert "Rank down 2 places" in changes.change_sentence(what, fw, "en")


def test_waterfall_bars_chain_and_end_at_the_new_index(fw):
    before = {n.code: 2 for n in fw.leaves}
    after = {n.code: 3 if n.number % 2 else 1 for n in fw.leaves}
    frame = history([("a", 2023, 2.0, 1), ("a", 2024, 2.0, 1)])
    what = changes.compute_what_changed(frame, before, after, "a", 2024, fw)
    rows = changes.waterfall_rows(what, fw, "id")
    assert rows["kind"].iloc[0] == rows["kind"].iloc[-1] == "total"
    assert len(rows) == changes.WATERFALL_BARS + 3
    steps = rows.iloc[1:-1]
    assert (steps["start"].iloc[1:].to_numpy() == pytest.approx(steps["end"].iloc[:-1].to_numpy()))
    assert steps["end"].iloc[-1] == pytest.approx(what.change.index_after)


def test_no_previous_result_no_change(fw):
    assert changes.compute_what_changed(history([("a", 2024, 2.0, 1)]), {}, {}, "a", 2024, fw) is None


def test_index_only_year_keeps_the_sentence_without_parts(fw):
    frame = history([("a", 2023, 2.0, 1), ("a", 2024, 2.5, 1)])
    what = changes.compute_what_changed(frame, {}, {n.code: 3 for n in fw.leaves}, "a", 2024, fw)
    assert what.change is None
    assert "hanya memuat indeks" in changes.change_sentence(what, fw, "id")
    assert list(changes.waterfall_rows(what, fw, "id")["kind"]) == ["total", "up", "total"]


def test_ranking_reasons(fw):
    def final(levels):
        return pd.DataFrame([(a, c, "indicator", v) for a, lv in levels.items() for c, v in lv.items()],
                            columns=["agency_code", "code", "kind", "value"])
    base = {n.code: 3.0 for n in fw.leaves}
    reasons = changes.ranking_reasons(final({"a": base, "b": base}), final({"a": base | {"I44": 1.0}, "b": base}),
                                      fw, "id")
    assert reasons["a"] == "I44 −0,06"
    assert reasons["b"] == ""
