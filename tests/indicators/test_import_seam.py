"""indicators/ stays pure: importing it loads no UI, database, spreadsheet or sibling package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

FORBIDDEN = {"streamlit", "sqlalchemy", "openpyxl", "ingest", "dashboard"}
PACKAGE = Path(__file__).resolve().parents[2] / "indicators"


def test_importing_every_module_loads_nothing_forbidden():
    code = ("import indicators, indicators.scoring, indicators.ranking, indicators.gap, indicators.cli, "
            "indicators.workbook, indicators.registry, sys; "
            f"bad=[m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]; assert not bad, bad")
    done = subprocess.run([sys.executable, "-c", code], cwd=PACKAGE.parent, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_no_module_imports_anything_forbidden():
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in FORBIDDEN]
    assert not found
