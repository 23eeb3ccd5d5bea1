"""Links between indicators (needs/butuh): validated with located problems, honoured by the path to the next rating."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import check_framework, load_framework, parse_framework
from indicators.gap import compute_path_to_next_rating
from indicators.links import compute_link_breaches
from tests.support.frameworks import make_framework

SCALE = {"kind": "named", "min": 1, "max": 5, "not_answered": 0}


def linked(needs: dict) -> dict:
    """A two-level framework (2 × 3 indicators N1.1…N2.3) with `needs` written on the indicators named."""
    data = make_framework([2, 3], "percent", SCALE, [1, 2, 3])
    for top in data["tree"]:
        for leaf in top["children"]:
            if leaf["code"] in needs:
                leaf["needs"] = needs[leaf["code"]]
    return data


def test_needs_forms_are_read():
    fw = parse_framework(linked({"N2.1": "N1.1", "N2.2": {"code": "N1.2", "by": 1}, "N2.3": ["N1.1", "N1.3"]}))
    assert fw.needs == {"N2.1": {"N1.1": 0.0}, "N2.2": {"N1.2": 1.0}, "N2.3": {"N1.1": 0.0, "N1.3": 0.0}}
    data = linked({})
    data["tree"][1]["children"][0]["butuh"] = "N1.1"
    assert parse_framework(data).needs == {"N2.1": {"N1.1": 0.0}}


BAD = [
    ({"N2.1": "X9"}, "unknown-need", "tree[1].children[0].needs"),
    ({"N2.1": "N1"}, "needs-not-indicator", "tree[1].children[0].needs"),
    ({"N2.1": {"code": "N1.1", "by": -1}}, "bad-need", "tree[1].children[0].needs.by"),
    ({"N2.1": [{"by": 1}]}, "bad-need", "tree[1].children[0].needs[0]"),
    ({"N2.1": "N2.1"}, "needs-cycle", "tree[1].children[0].needs"),
    ({"N2.1": "N2.2", "N2.2": "N2.3", "N2.3": "N2.1"}, "needs-cycle", "tree[1].children[0].needs"),
]


@pytest.mark.parametrize(("needs", "kind", "path"), BAD)
def test_bad_links_are_refused_with_located_problems(needs, kind, path):
    framework, problems = check_framework(linked(needs), "toy.yaml")
    assert framework is None
    assert [(p.type, p.path) for p in problems] == [(kind, path)]


def test_a_cycle_names_every_member():
    _, problems = check_framework(linked({"N2.1": "N2.2", "N2.2": "N2.3", "N2.3": "N2.1"}))
    assert "N2.1 → N2.2 → N2.3 → N2.1" in problems[0].message


def test_spbe_declares_the_ten_policy_practice_pairs():
    fw = load_framework("spbe-2020")
    pairs = {(practice, policy) for practice, bases in fw.needs.items() for policy in bases}
    assert pairs == {("I11", "I1"), ("I12", "I2"), ("I23", "I3"), ("I15", "I4"), ("I16", "I5"), ("I17", "I6"),
                     ("I18", "I7"), ("I22", "I8"), ("I29", "I9"), ("I30", "I9"), ("I31", "I9"), ("I19", "I10")}
    assert "bacaan Tera" in fw.needs_note["id"]


def test_the_path_raises_the_policy_first_and_says_why():
    fw = load_framework("spbe-2020")
    # Governance at 3, the rest at the top: the unlinked path would lift I11 past I1.
    levels = {n.code: 5 if n.number >= 32 else 3 for n in fw.leaves}
    steps = compute_path_to_next_rating(levels, fw, 2024)
    i11 = next(i for i, s in enumerate(steps) if s.indicator == "I11")
    assert steps[i11 - 1].indicator == "I1" and steps[i11 - 1].serves == "I11"


def test_practice_above_policy_is_a_breach_not_an_error():
    fw = load_framework("spbe-2020")
    levels = {n.code: 2 for n in fw.leaves} | {"I11": 4}
    assert compute_link_breaches(levels, fw.needs) == [("I11", "I1", 4, 2)]
    assert compute_path_to_next_rating(levels, fw, 2024)  # still plans


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 2, 3, 4, 5]), min_size=6, max_size=6), st.integers(0, 1),
       st.sampled_from([2023, 2024]))
def test_a_path_never_leaves_an_indicator_above_what_it_rests_on(values, by, year):
    data = linked({"N2.1": {"code": "N1.1", "by": by}, "N2.2": "N1.2", "N2.3": ["N1.3", "N2.2"]})
    data["rating"] = copy.deepcopy(load_framework("spbe-2020").data["rating"])
    fw = parse_framework(data)
    codes = [n.code for n in fw.leaves]
    levels = dict(zip(codes, values, strict=True))
    # Start within the links: every practice level capped at what it rests on.
    for practice in ("N2.1", "N2.2", "N2.3"):
        levels[practice] = min([levels[practice], *(levels[b] + a for b, a in fw.needs[practice].items())])
    assert not compute_link_breaches(levels, fw.needs)
    for step in compute_path_to_next_rating(levels, fw, year):
        levels[step.indicator] = step.to_level
        assert not compute_link_breaches(levels, fw.needs)
