"""The `python -m ingest framework ...` commands: add (validate and store a version), list, template."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Engine

from indicators import Problem, check_framework_file, read_framework_defaults
from indicators.messages import located_text
from indicators.versions import compute_version_changes
from ingest.errors import FrameworkChoiceError, FrameworkRejectedError
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.frameworks.parse import framework_format
from ingest.queries import load_all_framework_years, load_framework_versions
from ingest.store.frameworks import save_framework_version


def add_framework(engine: Engine, path: Path, *, added_by: str | None = None, is_sample: bool = False) -> tuple[str, int, bool]:
    """Validate a framework file (YAML or framework workbook) and store it as the next version of its code.

    Returns (code, version, True when this content is new). Raises FrameworkRejectedError carrying every
    located problem, and nothing is stored, when the file is not a valid framework or uses a built-in code.
    """
    content = path.read_bytes()
    fmt = framework_format(path.name)
    framework, problems = check_framework_file(content, path.name)
    if framework is None or problems:
        raise FrameworkRejectedError(f"{path.name}: not a valid framework ({len(problems)} problem(s))", problems)
    catalog = FrameworkCatalog.from_store(engine)
    if catalog.is_builtin(framework.code):
        problem = Problem("builtin-code", f"code {framework.code!r} belongs to a built-in framework "
                                   "(data/frameworks/); give yours another code", path="code", file=path.name)
        raise FrameworkRejectedError(f"{path.name}: code {framework.code} is built in", [problem])
    with engine.begin() as conn:
        version, new = save_framework_version(conn, content, code=framework.code, title=framework.title_text("id"),
                                              original_name=path.name, format=fmt, added_by=added_by,
                                              is_sample=is_sample)
    return framework.code, version, new


def framework_rows(engine: Engine) -> list[dict]:
    """Return one row per available framework: code, source, version, years, title, years with data in the store, and
    `versions` (a stored one's versions, oldest first: version, added_at, added_by, changes against the one before)."""
    catalog = FrameworkCatalog.from_store(engine)
    every = load_framework_versions(engine)
    stored = {row["code"]: row for row in load_framework_versions(engine, latest_only=True)}
    used = load_all_framework_years(engine)
    rows = []
    for code in catalog.codes():
        fw = catalog.get(code)
        start, end = fw.years
        data_years = sorted(int(y) for y in used.loc[used["framework_code"] == code, "year"]) if len(used) else []
        row = stored.get(code)
        rows.append({"code": code, "source": "stored" if row else "built-in", "version": row["version"] if row else None,
                     "years": f"{start}–{end or ''}", "title": fw.title_text("id"), "data_years": data_years,
                     "added_by": row["added_by"] if row else None,
                     "versions": _version_rows(catalog, code, [item for item in every if item["code"] == code])})
    return rows


def _version_rows(catalog: FrameworkCatalog, code: str, stored: list[dict]) -> list[dict]:
    rows = []
    for item in sorted(stored, key=lambda item: item["version"]):
        version = item["version"]
        before = catalog.get(code, version - 1) if version - 1 in catalog.versions(code) else None
        changes = compute_version_changes(before, catalog.get(code, version)) if before is not None else []
        text = "first version" if before is None else ("; ".join(changes) or "no change to the method")
        rows.append({"version": version, "added_at": item["added_at"], "added_by": item["added_by"], "changes": text})
    return rows


def framework_with_results(engine: Engine, year: int) -> str | None:
    """Return the framework with results in `year`: the only one, else the one data/settings.yaml names for the year
    (None when none has results); FrameworkChoiceError lists them when several have and the settings file names none."""
    used = load_all_framework_years(engine)
    codes = sorted(set(used.loc[used["year"] == int(year), "framework_code"])) if len(used) else []
    named = read_framework_defaults().years.get(int(year))
    if len(codes) > 1 and named in codes:
        return named
    if len(codes) > 1:
        raise FrameworkChoiceError(f"{len(codes)} frameworks have results for {year}: {', '.join(codes)}; "
                                   "choose one with --framework CODE")
    return codes[0] if codes else None


def print_problems(problems: list[Problem], lang: str = "en") -> None:
    """Print every located framework problem in `lang`, one per line, to stderr."""
    for problem in problems:
        print(f"error: {located_text(problem, lang)}", file=sys.stderr)
