"""Every framework problem the scoring core can raise has its message in both catalogues, made only from the
fields the problem carries, so `--lang id` never falls back to English (band gaps and overlaps included)."""

from __future__ import annotations

import ast
import copy
import string
from pathlib import Path

import pytest
import yaml

from i18n import catalogue
from indicators.messages import framework_problem_text
from indicators.validate import check_framework
from tests.support.frameworks import FRAMEWORK_DATA

INDICATORS = Path(__file__).resolve().parents[2] / "indicators"
# The calls that make a framework problem: Collector.add, the workbook reader's add, Problem itself.
MAKERS = {"add", "Problem"}
# Keyword arguments of those calls that place the problem rather than fill its message.
PLACING = {"path", "file", "sheet", "cell", "value", "message", "type", "type_", "fields"}


def _types(node: ast.expr) -> list[str]:
    """The problem types a call's first argument can be: a string, or either branch of a conditional."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _types(node.body) + _types(node.orelse)
    return []


def _fields(call: ast.Call) -> dict[str, str]:
    """The fields a call gives its problem (keywords, or a literal `fields={...}`), with their literal values."""
    given = {k.arg: k.value for k in call.keywords if k.arg and k.arg not in PLACING}
    literal = next((k.value for k in call.keywords if k.arg == "fields"), None)
    if isinstance(literal, ast.Dict):
        given |= {key.value: value for key, value in zip(literal.keys, literal.values, strict=True)
                  if isinstance(key, ast.Constant)}
    return {name: value.value if isinstance(value, ast.Constant) else "" for name, value in given.items()}


def _problem_calls() -> list[tuple[str, str, set[str]]]:
    """(where, catalogue key, field names) of every call in `indicators/` that makes a problem of a literal type."""
    found = []
    for path in sorted(INDICATORS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and (getattr(node.func, "attr", None) in MAKERS
                                                                   or getattr(node.func, "id", None) in MAKERS)):
                continue
            fields = _fields(node)
            for type_ in _types(node.args[0]):
                found.append((f"{path.name}:{node.lineno}", fields.pop("key", None) or type_, set(fields) - {"key"}))
    return found


CALLS = _problem_calls()


def test_every_problem_type_is_found():
    keys = {key for _, key, _ in CALLS}
    assert {"band-gap", "band-overlap", "band-gap-floor", "weights-sum-parent", "missing-name", "not-yaml"} <= keys
    assert len(keys) > 50


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("where", "key", "fields"), CALLS, ids=[f"{w}-{k}" for w, k, _ in CALLS])
def test_every_problem_has_its_message_in_both_languages(where, key, fields, lang):
    template = catalogue(lang).get(f"framework_problem.{key}")
    assert template, f"{where}: framework_problem.{key} is missing from i18n/{lang}/problems.yaml"
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    assert names <= fields | {"value"}, f"{where}: {key} ({lang}) names {names - fields}, which the problem lacks"


def _with_bands(**changes: tuple[float, float]) -> dict:
    data = copy.deepcopy(yaml.safe_load((FRAMEWORK_DATA / "toy-binary.yaml").read_text(encoding="utf-8")))
    for band in data["rating"]["bands"]:
        band["min"], band["max"] = changes.get(band["slug"], (band["min"], band["max"]))
    return data


# One row per rarer mistake: the bands changed, the one problem type expected, its Indonesian message (decimal comma).
BAND_MISTAKES = {
    "gap between bands": ({"sedang": (0.5, 0.75)}, "band-gap",
                          "predikat sedang mulai pada 0,5, tetapi rendah berakhir pada 0,4: ada celah"),
    "overlapping bands": ({"sedang": (0.3, 0.75)}, "band-overlap",
                          "predikat sedang mulai pada 0,3, tetapi rendah berakhir pada 0,4: rentangnya tumpang tindih"),
    "no band at the bottom": ({"rendah": (0.1, 0.4)}, "band-gap", "predikat rendah mulai pada 0,1, sehingga 0–0,1"),
    "no band at the top": ({"tinggi": (0.75, 0.9)}, "band-gap", "predikat tinggi berakhir pada 0,9, di bawah puncak"),
    "min above max": ({"sedang": (0.75, 0.4)}, "band-range", "predikat sedang memerlukan angka min di bawah maks"),
}


@pytest.mark.parametrize(("bands", "type_", "indonesian"), BAND_MISTAKES.values(), ids=BAND_MISTAKES.keys())
def test_band_mistakes_speak_indonesian(bands, type_, indonesian):
    _, problems = check_framework(_with_bands(**bands), "toy.yaml")
    assert type_ in [p.type for p in problems], [str(p) for p in problems]
    problem = next(p for p in problems if p.type == type_)
    assert indonesian in framework_problem_text(problem, "id")
    assert framework_problem_text(problem, "en") == problem.message  # YAML problems in English keep YAML's words
