"""Every package keeps one direction of import, in the style of tests/indicators/test_import_seam.py.

dashboard: screens → render / state → logic (render and state never import each other; logic is pure:
no Streamlit, no SQLAlchemy, no store). ingest: each subpackage imports only those below it (the
registry below the store it seeds, readers below the load). indicators: no two modules import each
other, even through an import inside a function. Imports inside functions count everywhere: they
are the usual way a cycle hides.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lower number = lower layer; a unit imports only units with a smaller number (or itself).
# situs (the static site writer) draws with render and reads like state, below the screens that call it.
DASHBOARD = {"logic": 0, "render": 1, "state": 1, "static": 1, "situs": 1.5, "screens": 2, "app": 3, "cli": 3,
             "serve": 3, "__main__": 4, "__init__": 0}
INGEST = {"vocabulary": 0, "errors": 0, "problems": 0, "cells": 0, "ranking": 0.5, "final_scores": 0.5, "registry": 1,
          "store": 2, "queries": 3, "result_queries": 3.5, "result_aggregates": 3.6, "frameworks": 4, "readers": 5, "template": 6, "load_flow": 6.5, "load": 7,
          "agency_commands": 7, "access": 8, "effect": 8.5, "revert": 8.5, "sample": 9, "cli": 10, "__main__": 11,
          "__init__": 0,
          # migrations above frameworks: 0010 fills the stored results with the frameworks' scoring.
          "migrations": 4.5}
# What pure page logic may not import: the UI, the database and every ingest module that opens the store.
LOGIC_FORBIDDEN = ("streamlit", "sqlalchemy", "ingest.store", "ingest.queries", "ingest.load", "ingest.access",
                   "ingest.effect", "ingest.revert",
                   "ingest.agency_commands", "ingest.sample", "ingest.frameworks", "ingest.cli")
# Imports against the direction that remain, each with its reason; the test fails when one disappears too,
# so the list only shrinks. None remain.
KNOWN: dict[tuple[str, str], str] = {}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Yield every node of `tree` but those under `if TYPE_CHECKING:` (annotations only: nothing runs them)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for branch in node.orelse:
                yield branch
                yield from _runtime_nodes(branch)
            continue
        yield node
        yield from _runtime_nodes(node)


def _imports(path: Path) -> Iterator[str]:
    """Yield every module name a file imports, at the top or inside a function (`from a import b` gives a.b too)."""
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _target(base: Path, name: str) -> str | None:
    """The layer an imported name lands in (its subpackage or top-level module), or None outside the package."""
    parts = name.split(".")
    if parts[0] != base.name or len(parts) < 2:
        return "__init__" if parts == [base.name] else None
    return parts[1] if (base / parts[1]).is_dir() or (base / f"{parts[1]}.py").exists() else None


def _against(package: str, ranks: dict[str, int], root: Path = ROOT) -> set[tuple[str, str]]:
    """Return (file, layer) for every import of a layer that is not below the file's own layer."""
    found = set()
    base = root / package
    for path in sorted(base.rglob("*.py")):
        source = path.relative_to(base).with_suffix("").parts[0]
        for name in _imports(path):
            target = _target(base, name)
            if target is not None and target != source and ranks[target] >= ranks[source]:
                found.add((str(path.relative_to(root)), f"{package}.{target}"))
    return found


def _logic_reaches() -> set[tuple[str, str]]:
    found = set()
    for path in sorted((ROOT / "dashboard" / "logic").glob("*.py")):
        for name in _imports(path):
            hit = next((f for f in LOGIC_FORBIDDEN if name == f or name.startswith(f"{f}.")), None)
            if hit is None and name == "ingest.queries":
                hit = name
            if hit:
                found.add((str(path.relative_to(ROOT)), hit))
    return found


@pytest.mark.parametrize(("package", "ranks"), [("dashboard", DASHBOARD), ("ingest", INGEST)])
def test_every_unit_imports_only_the_layers_below_it(package, ranks):
    found = _against(package, ranks) - set(KNOWN)
    assert not found, sorted(found)


def test_page_logic_is_pure():
    found = _logic_reaches()
    assert not found - set(KNOWN), sorted(found - set(KNOWN))
    assert set(KNOWN) <= found, f"fixed, remove from KNOWN: {sorted(set(KNOWN) - found)}"


def test_no_two_indicators_modules_import_each_other():
    graph: dict[str, set[str]] = {}
    for path in sorted((ROOT / "indicators").glob("*.py")):
        module = path.stem
        graph[module] = {name.split(".")[1] for name in _imports(path)
                         if name.startswith("indicators.") and (ROOT / "indicators" / f"{name.split('.')[1]}.py").exists()}
        graph[module].discard(module)
    graph.pop("__init__", None)  # the package front door re-exports; nothing imports it from inside
    cycles = [(a, b) for a, targets in graph.items() for b in targets if a in _reach(graph, b)]
    assert not cycles, cycles


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_direction_catches_an_import_against_it(tmp_path):
    # The check itself: a logic module importing render, and render importing state, are both found.
    fake = tmp_path / "dashboard"
    for folder, text in (("logic", "from dashboard.render import charts\n"), ("render", "from dashboard.state import data\n"),
                         ("state", "")):
        (fake / folder).mkdir(parents=True)
        (fake / folder / "x.py").write_text(text, encoding="utf-8")
    assert _against("dashboard", DASHBOARD, tmp_path) == {("dashboard/logic/x.py", "dashboard.render"),
                                                ("dashboard/render/x.py", "dashboard.state")}
