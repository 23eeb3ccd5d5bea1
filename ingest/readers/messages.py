"""Every problem a reader or the load can report: its stable slug, severity and fix-it message.

The texts live in the shared catalogue (`i18n/<lang>/problems.yaml`: `problem.<slug>.severity`,
`.title`, `.message`, and `problem.reason.<slug>` for why a file is unreadable); this module only
formats them. Messages are stored in English (the CLI's default) with the fields that made them, so
any screen can show them again in another language with `problem_message`.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from i18n import catalogue, t
from ingest.problems import Problem, Report, Severity

STORED_LANGUAGE = "en"


@cache
def problem_types() -> dict[str, Severity]:
    """Return every problem slug with its severity, read from the catalogue (order of the file)."""
    suffix = ".severity"
    return {key[len("problem."):-len(suffix)]: value  # type: ignore[misc]
            for key, value in catalogue(STORED_LANGUAGE).items() if key.startswith("problem.") and key.endswith(suffix)}


def problem_message(type: str, lang: str = STORED_LANGUAGE, **fields: Any) -> str:
    """Return the message of problem `type` in `lang`, its template filled from `fields` (value, expected, ...)."""
    # `reason` and `what` name catalogue texts of their own (problem.reason.*, problem.what.*).
    # Other problems may carry a free-text reason: only a known slug is looked up.
    texts = catalogue(lang)
    fields = {**fields, **{key: t(f"problem.{key}.{fields[key]}", lang, **fields) for key in ("reason", "what")
                           if f"problem.{key}.{fields.get(key)}" in texts}}
    return t(f"problem.{type}.message", lang, **fields)


def problem_text(problem: Problem, lang: str) -> str:
    """Return a stored problem's message in `lang` (its stored English message when it kept no fields)."""
    if lang == STORED_LANGUAGE or problem.type not in problem_types():
        return problem.message
    try:
        # A problem without extra fields (missing-year) is still worded from its value in `lang`.
        return problem_message(problem.type, lang, value=value_text(problem.value, lang), expected=problem.expected,
                               **(problem.fields or {}))
    except (KeyError, IndexError, ValueError):  # a report stored by an older version with other fields
        return problem.message


def stored_problem_text(item: dict[str, Any], lang: str) -> str:
    """Return the message of a problem stored as a dict (a file's report) in `lang`."""
    fields = ("type", "severity", "message", "file", "sheet", "cell", "value", "expected")
    problem = Problem(**{key: item.get(key) or "" for key in fields if key != "value"}, value=item.get("value"),
                      fields=item.get("fields") or {})
    return problem_text(problem, lang)


_CSV_CELL = re.compile(r"row (\d+)(?:, column (.+))?")


def cell_text(cell: str | None, lang: str) -> str:
    """Return a stored cell reference in `lang`: a CSV file's 'row 2, column Nama Instansi' becomes 'baris 2, kolom …'."""
    found = _CSV_CELL.fullmatch(cell or "")
    if not found or lang == STORED_LANGUAGE:
        return cell or ""
    row, column = found.groups()
    return t("problem.where.row_column", lang, row=row, column=column) if column else t("problem.where.row", lang, row=row)


def value_text(value: Any, lang: str) -> str:
    """Return a cell value as the language writes it: 7.0 as '7', 3.4603 as '3,4603' in Indonesian; text unchanged."""
    if value is None:
        return ""
    if isinstance(value, float) and not isinstance(value, bool):
        text = str(int(value)) if value.is_integer() else repr(value)
        return text.replace(".", ",") if lang == "id" else text
    return str(value)


def report_problem(report: Report, type: str, *, sheet: str = "", cell: str = "", value: Any = None,
                   expected: str = "", **fields: Any) -> None:
    """Add one catalogued problem to `report`, filling its message template from `value` and `fields`."""
    severity = problem_types()[type]
    message = problem_message(type, value=value, expected=expected, **fields)
    report.add(type, severity, message, sheet=sheet, cell=cell, value=value, expected=expected,
               fields=_plain(fields))


def _plain(fields: dict[str, Any]) -> dict[str, Any]:
    # Stored as JSON with the report: anything that is not a plain scalar is kept as its text.
    return {key: value if value is None or isinstance(value, (str, int, float, bool)) else str(value)
            for key, value in fields.items()}


def __getattr__(name: str) -> Any:
    # `CATALOGUE` (slug → severity) is read from the YAML files on first use, not at import.
    if name == "CATALOGUE":
        return problem_types()
    raise AttributeError(name)
