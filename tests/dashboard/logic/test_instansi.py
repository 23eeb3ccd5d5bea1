"""Profile logic: the path grouped by indicator, in two orders, and the stages behind an index."""

from __future__ import annotations

import pytest

from dashboard.logic import instansi
from indicators.gap import compute_path_to_next_rating
from ingest import queries
from ingest.store import get_engine


@pytest.fixture(scope="module")
def levels(dashboard_store):
    final = queries.load_all_final_levels(get_engine(dashboard_store), 2024)
    return final, instansi.indicator_levels(final, "35.10")


@pytest.mark.parametrize("order", instansi.PATH_ORDERS)
def test_path_is_one_row_per_indicator_and_reaches_the_next_rating(levels, fw, order):
    grouped, raises, threshold = instansi.path_plan(levels[1], fw, 2024, "id", order)
    assert not grouped.empty and grouped["code"].is_unique
    assert grouped["raises"].sum() == raises
    assert ((grouped["to_level"] - grouped["from_level"]) >= grouped["raises"]).all()
    start = fw.rating_for(grouped["index_after"].iloc[0] - grouped["index_gain"].iloc[0], 2024)
    goal = fw.rating_for(grouped["index_after"].iloc[-1], 2024)
    assert goal.min > start.min and grouped["index_after"].iloc[-1] >= threshold
    assert grouped["index_after"].is_monotonic_increasing


def test_fewest_order_keeps_the_core_path_length(levels, fw):
    _, raises, _ = instansi.path_plan(levels[1], fw, 2024, "id", "fewest")
    core = compute_path_to_next_rating({k: int(v) for k, v in levels[1].items()}, fw, 2024)
    assert raises == len(core)


def test_weakest_order_starts_in_the_weakest_aspect(levels, fw):
    from indicators.scoring import compute_scores

    aspects = compute_scores(levels[1], fw, level="indicator").aspects
    grouped, _, _ = instansi.path_plan(levels[1], fw, 2024, "id", "weakest")
    assert grouped["aspect"].iloc[0].split(" ")[0] == min(aspects, key=lambda a: (aspects[a], a))


def test_incomplete_levels_have_no_path(levels, fw):
    partial = dict(list(levels[1].items())[:-3])
    assert instansi.path_plan(partial, fw, 2024, "id", "weakest") is None


def test_value_stages_in_evaluation_order(levels):
    assert instansi.value_stages(levels[0], "35.10") == ["hasil"]
    assert instansi.value_stages(levels[0], "no-such") == []


def test_path_says_which_policy_comes_first_and_notes_breaches():
    from indicators import load_framework

    fw = load_framework("spbe-2020")
    levels = {n.code: 5.0 if n.number >= 32 else 3.0 for n in fw.leaves}
    grouped, _, _ = instansi.path_plan(levels, fw, 2024, "id")
    i1 = grouped.set_index("code").loc["I1"]
    assert i1["serves"] == "I11"
    assert list(grouped["code"]).index("I1") < list(grouped["code"]).index("I11")
    assert instansi.link_breaches(levels | {"I11": 4.0}, fw) == [("I11", "I1", 4.0, 3.0)]


def test_profile_sections_have_content():
    from dashboard.logic.instansi import SECTIONS, profile_sections

    assert profile_sections(True, True) == list(SECTIONS)
    # A recap year: an index but no indicator levels, so no path, indicators or partners.
    assert profile_sections(True, False) == ["ringkas", "skor", "tren"]
    # No index: the indicators the agency filled in, and its trend.
    assert profile_sections(False, True) == ["indikator", "mitra", "tren"]
    assert profile_sections(False, False) == ["tren"]
