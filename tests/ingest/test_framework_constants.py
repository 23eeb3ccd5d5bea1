"""No framework is written into the code: ingest/ (outside the sample generator) and dashboard/ name no built-in
framework's code, top-level node or band slug, and the message catalogue names no framework."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from indicators import list_frameworks, load_framework

ROOT = Path(__file__).resolve().parents[2]
CHECKED = [path for package in ("ingest", "dashboard") for path in sorted((ROOT / package).rglob("*.py"))
           if "sample" not in path.relative_to(ROOT).parts and "migrations" not in path.relative_to(ROOT).parts]
# Framework-specific words that must not appear in any message (the framework's own title is passed in).
CATALOGUE_WORDS = re.compile(r"\bSPBE\b|\b47\b|\b[0-5]\s*[–-]\s*5\b|tingkat kematangan", re.IGNORECASE)


def _forbidden() -> set[str]:
    words: set[str] = set()
    for code in list_frameworks():
        fw = load_framework(code)
        words |= {fw.code, *(node.code for node in fw.top_nodes), *(band.slug for band in fw.rating_bands)}
    return words


def _constants(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module except docstrings, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


@pytest.mark.parametrize("path", CHECKED, ids=[str(p.relative_to(ROOT)) for p in CHECKED])
def test_code_names_no_framework(path):
    forbidden = _forbidden()
    found = [(line, value) for line, value in _constants(path) if value in forbidden or "spbe-20" in value.lower()]
    assert found == [], f"{path.relative_to(ROOT)} writes framework constants: {found}"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_catalogue_names_no_framework(lang):
    import yaml

    for path in sorted((ROOT / "i18n" / lang).glob("*.yaml")):
        messages = yaml.safe_load(path.read_text(encoding="utf-8"))
        found = {key: text for key, text in messages.items() if CATALOGUE_WORDS.search(str(text))}
        assert found == {}, f"{path.relative_to(ROOT)}: framework-specific words in {found}"
