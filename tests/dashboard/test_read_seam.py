"""One read API: the dashboard (pages, exports, the CLI's --as) reads the store only through `ingest.access.reads`.

The unfiltered store reads of `ingest.queries` are named `load_all_*`, so no name is shared with the
viewer-aware layer, and the dashboard imports nothing from `ingest.queries`: store facts that are nobody's
results (registry, stamps, framework versions) come through `ingest.access.facts`.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from ingest import queries
from ingest.access import reads

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
ALLOWED: set[str] = set()


def _public_functions(module) -> set[str]:
    return {name for name, value in vars(module).items()
            if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_")}


def test_no_read_shares_its_name_between_the_unfiltered_and_the_viewer_aware_layer():
    assert _public_functions(queries) & _public_functions(reads) == set()


def _uses_of_queries(tree: ast.AST) -> set[str]:
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("ingest.queries", "ingest.result_queries",
                                                                     "ingest.result_aggregates"):
            used |= {alias.name for alias in node.names}
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "queries":
            used.add(node.attr)
    return used


def test_the_dashboard_never_imports_an_unfiltered_read():
    found = {path.relative_to(DASHBOARD.parent).as_posix(): sorted(_uses_of_queries(ast.parse(path.read_text())) - ALLOWED)
             for path in sorted(DASHBOARD.rglob("*.py"))}
    assert {path: names for path, names in found.items() if names} == {}


def test_the_seam_check_finds_a_wrong_import():
    bad = "from ingest.queries import load_all_scores\nfrom ingest import queries\nqueries.load_all_files(e)\n"
    assert _uses_of_queries(ast.parse(bad)) - ALLOWED == {"load_all_scores", "load_all_files"}
