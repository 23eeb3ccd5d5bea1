"""Each validation rule of the framework loader, as one table of mutations of the shipped YAML."""

from __future__ import annotations

import copy

import pytest
import yaml

from indicators import FrameworkError, check_framework, parse_framework
from indicators.framework import FRAMEWORK_DIR
from tests.support.frameworks import read_yaml

SOURCE = yaml.safe_load((FRAMEWORK_DIR / "spbe-2020.yaml").read_text(encoding="utf-8"))


def band(data, slug):
    return next(b for b in data["rating"]["bands"] if b["slug"] == slug)


def aspect(data, code):
    return next(a for d in data["domains"] for a in d["aspects"] if a["code"] == code)


def indicator(data, code):
    return next(i for a in (aspect(data, f"A{n}") for n in range(1, 9)) for i in a["indicators"] if i["code"] == code)


def raise_a4(data):
    aspect(data, "A4")["weight"] = 6.0
    for item in aspect(data, "A4")["indicators"]:
        item["weight"] = 3.0


MUTATIONS = {
    "indicator weights do not add up to their aspect": (
        lambda d: indicator(d, "I1").update(weight=1.4), "aspect A1: weight is 13 but its indicators add up to 13.1"),
    "aspect weights do not add up to their domain": (
        raise_a4, "domain D2: weight is 25 but its aspects add up to 26"),
    "domain weights do not add up to the total": (
        lambda d: d.update(total_weight=99), "framework spbe-2020: domain weights add up to 100, expected 99"),
    "duplicate code": (
        lambda d: indicator(d, "I2").update(code="I1"), "indicator I1: code I1 is used twice"),
    "bands leave a gap": (
        lambda d: band(d, "cukup").update(min=1.9), "band cukup: gap with band kurang (1.8 vs 1.9)"),
    "bands overlap": (
        lambda d: band(d, "cukup").update(min=1.7), "band cukup: overlap with band kurang (1.8 vs 1.7)"),
    "bands do not cover the top": (
        lambda d: band(d, "memuaskan").update(max=4.9), "band memuaskan: ends at 4.9, below the scale's top 5"),
    "bands do not cover the bottom": (
        lambda d: band(d, "kurang").update(min=0.5), "band kurang: starts at 0.5"),
    "unknown level_scale": (
        lambda d: aspect(d, "A3").update(level_scale="prosess"), "aspect A3: level_scale 'prosess' is not defined"),
    "bad colour": (
        lambda d: band(d, "baik").update(color="green"), "band baik: color must be '#RRGGBB', found 'green'"),
    "missing Indonesian name": (
        lambda d: indicator(d, "I5")["name"].pop("id"), "indicator I5 › name: an Indonesian name ('id') is required"),
    "missing Indonesian band label": (
        lambda d: band(d, "baik")["label"].pop("id"), "band baik › label: an Indonesian label ('id') is required"),
}


def test_the_shipped_file_is_valid():
    assert parse_framework(copy.deepcopy(SOURCE)).code == "spbe-2020"


@pytest.mark.parametrize(("mutate", "fragment"), MUTATIONS.values(), ids=MUTATIONS.keys())
def test_each_broken_file_is_refused_naming_the_node(mutate, fragment):
    data = copy.deepcopy(SOURCE)
    mutate(data)
    with pytest.raises(FrameworkError) as caught:
        parse_framework(data, source="broken.yaml")
    assert fragment in str(caught.value)


GENERIC = read_yaml("percent-two-level.yaml")


def leaf(data, code):
    return next(child for node in data["tree"] for child in node["children"] if child["code"] == code)


GENERIC_MUTATIONS = {
    "indicator above the bottom level": (
        lambda d: (d["tree"].append({"code": "X9", "name": {"id": "x9"}, "weight": 5, "scale": "lima"}),
                   leaf(d, "X5").update(weight=20)),
        ("leaf-too-high", "tree[2]")),
    "children below the bottom level": (
        lambda d: leaf(d, "X1").update(children=[{"code": "Z1", "name": {"id": "z"}}]),
        ("too-deep", "tree[0].children[0].children")),
    "weight on a parent with bottom weights": (
        lambda d: d["tree"][0].update(weight=25), ("weight-not-allowed", "tree[0].weight")),
    "empty list of children": (lambda d: d["tree"][0].update(children=[]), ("empty-children", "tree[0].children")),
    "unknown weighting": (lambda d: d.update(weighting="persen"), ("unknown-weighting", "weighting")),
    "missing levels": (lambda d: d.pop("levels"), ("missing-levels", "levels")),
    "scales with different tops": (
        lambda d: (d["scales"].update(rasio={"kind": "continuous", "min": 0, "max": 1}),
                   leaf(d, "X5").update(scale="rasio")), ("scales-differ", "scales")),
    "continuous range upside down": (
        lambda d: d["scales"].update(rasio={"kind": "continuous", "min": 1, "max": 0}), ("scale-range", "scales.rasio.max")),
    "not-answered value inside the levels": (
        lambda d: d["scales"]["lima"].update(not_answered=3), ("not-answered-inside", "scales.lima.not_answered")),
    "levels with a hole": (
        lambda d: d["scales"]["lima"]["levels"].pop(3), ("levels-not-consecutive", "scales.lima.levels")),
    "rounding out of range": (
        lambda d: d["rating"]["basis"]["years"].update({2024: {"round": 9}}), ("bad-rounding", "rating.basis.years.2024.round")),
    "missing English is fine, missing Indonesian is not": (
        lambda d: leaf(d, "X3")["name"].pop("id"), ("missing-name", "tree[1].children[0].name.id")),
    "short title too long for a heading": (
        lambda d: d.update(short_title={"id": "Indeks " + "sangat " * 6 + "panjang"}), ("long-short-title", "short_title.id")),
    "short title without Indonesian": (
        lambda d: d.update(short_title={"en": "Test index"}), ("missing-name", "short_title.id")),
}


def test_short_title_heads_pages_and_falls_back_to_the_title():
    data = copy.deepcopy(GENERIC)
    assert parse_framework(data).short_text("id") == parse_framework(data).title_text("id")
    data["short_title"] = {"id": "Indeks Uji"}
    framework = parse_framework(data)
    # An English reader gets the English full title before the Indonesian short one.
    assert framework.short_text("id") == "Indeks Uji" and framework.short_text("en") == framework.title_text("en")
    assert framework.short_text("xx") == "Indeks Uji"


@pytest.mark.parametrize(("mutate", "expected"), GENERIC_MUTATIONS.values(), ids=GENERIC_MUTATIONS.keys())
def test_each_generic_mistake_is_one_problem_at_its_yaml_path(mutate, expected):
    data = copy.deepcopy(GENERIC)
    mutate(data)
    _, problems = check_framework(data, source="rusak.yaml")
    assert [(p.type, p.path) for p in problems] == [expected], [str(p) for p in problems]
