"""Read a framework file (YAML or framework workbook) into plain data, and check it, with located problems."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from indicators.errors import FrameworkError, Problem
from indicators.framework import FRAMEWORK_DIR, FRAMEWORK_SUFFIXES, Framework
from indicators.messages import framework_problem_text
from indicators.tree import WEIGHT_TOLERANCE
from indicators.validate import check_framework


def read_framework_file(source: Path | str | bytes, name: str | None = None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Return the plain framework data of a .yaml/.yml/.xlsx file (path or bytes + name) and the problems reading it."""
    label = name or str(source if not isinstance(source, bytes) else "<bytes>")
    suffix = Path(name or (str(source) if not isinstance(source, bytes) else "")).suffix.lower()
    if isinstance(source, bytes):
        raw = source
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            return None, [Problem("unreadable-file", f"cannot read the framework file: {exc.strerror}", file=label,
                                           fields={"reason": exc.strerror})]
    if suffix == ".xlsx" or raw[:2] == b"PK":
        from indicators.workbook import read_framework_workbook

        return read_framework_workbook(raw, label)
    try:
        data = yaml.safe_load(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return None, [Problem("not-utf8", f"not UTF-8 text (byte {exc.start}); save the file as UTF-8",
                                       file=label, fields={"byte": exc.start})]
    except RecursionError:
        return None, [Problem("not-yaml", "the YAML is nested too deeply to be a framework", file=label,
                                       fields={"key": "not-yaml-deep"})]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return None, [Problem("not-yaml", f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
                                       path=where, file=label,
                                       fields={"detail": str(getattr(exc, "problem", None) or exc)})]
    if not isinstance(data, dict):
        return None, [Problem("not-a-mapping", "a framework file must be a mapping of keys (code, title, ...)",
                                       file=label, fields={"key": "not-a-mapping-file"})]
    return data, []


def check_framework_file(source: Path | str | bytes, name: str | None = None):
    """Return (Framework or None, every located problem) for a .yaml/.yml/.xlsx framework file."""
    label = name or str(source if not isinstance(source, bytes) else "<bytes>")
    data, problems = read_framework_file(source, name)
    if data is None:
        return None, problems
    locations = data.pop("_locations", None)
    unread = tuple(data.pop("_unread", ()))
    orphans = list(data.pop("_orphans", ()))
    # Validate even when the workbook's layout had problems: every problem is reported in one pass.
    framework, found = check_framework(data, source=label)
    found = [_with_orphans(problem, orphans) for problem in found if not (problem.path.startswith(unread) and unread)]
    found = [_locate(problem, locations) if locations else problem for problem in found if problem is not None]
    problems = [*problems, *found]
    return (None if problems else framework), problems


def _with_orphans(problem: Problem, orphans: list[tuple[str, float]]) -> Problem | None:
    """Count the bobot of rows under an unknown induk in the indicators' weight total: the misspelt induk is the
    one mistake, so a total that is right with them is no problem, and a wrong one lists them too."""
    if problem.type != "weights-sum" or not orphans or "sum" not in problem.fields:
        return problem
    total = problem.fields["sum"] + sum(weight for _code, weight in orphans)
    if abs(total - float(problem.fields["expected"])) <= WEIGHT_TOLERANCE:
        return None
    rows = " + ".join([problem.fields["rows"], *(f"{code} {weight:g}" for code, weight in orphans)])
    return replace(problem, fields={**problem.fields, "sum": total, "total": float(total), "rows": rows},
                   message=f"weights add up to {total:g}, expected {float(problem.fields['expected']):g}: {rows}")


def _locate(problem: Problem, locations: dict[str, tuple[str, str]]) -> Problem:
    """Translate a YAML path into the workbook sheet and cell it came from (nearest enclosing path known)."""
    path = problem.path
    while path:
        if path in locations:
            sheet, cell = locations[path]
            located = Problem(problem.type, problem.message, path=problem.path, sheet=sheet, cell=cell,
                                       value=problem.value, file=problem.file, fields=problem.fields)
            # In a workbook the message speaks the workbook's words (skala, bobot, nama), not YAML's.
            return replace(located, message=framework_problem_text(located, "en"))
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return problem


def parse_framework_file(source: Path | str | bytes, name: str | None = None):
    """Return the Framework of a .yaml/.yml/.xlsx file (path, or bytes with their file name); FrameworkError lists every problem."""
    framework, problems = check_framework_file(source, name)
    if problems or framework is None:
        raise FrameworkError("; ".join(str(p) for p in problems), problems)
    return framework


def load_framework(code_or_path: str | Path, directory: Path = FRAMEWORK_DIR) -> Framework:
    """Load and validate a framework by code (a file in data/frameworks) or by path to a .yaml/.yml/.xlsx file."""
    path = Path(code_or_path)
    if path.suffix.lower() not in FRAMEWORK_SUFFIXES:
        path = directory / f"{code_or_path}.yaml"
    return _load_path(str(path.resolve()))


@cache
def _load_path(path: str) -> Framework:
    framework, problems = check_framework_file(Path(path))
    if problems:
        raise FrameworkError("; ".join(str(p) for p in problems), problems)
    return framework
