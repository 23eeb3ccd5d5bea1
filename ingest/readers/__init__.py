"""Readers that turn what agencies and evaluators send (workbooks, recap tables, CSV) into records and a located report.

Readers never touch the store and never resolve agency names; every problem is collected before returning.
"""

from __future__ import annotations

from pathlib import Path

from indicators import Framework, FrameworkError, framework_for_year, load_framework
from ingest.cells import parse_year
from ingest.problems import Report
from ingest.readers.context import ReadContext
from ingest.readers.cover import read_cover
from ingest.readers.grid import Sheet, UnreadableFile
from ingest.readers.headers import Header
from ingest.readers.limits import HEADER_SCAN_ROWS, MAX_FILE_BYTES
from ingest.readers.messages import CATALOGUE, report_problem
from ingest.readers.recap import has_recap_table, read_recap
from ingest.readers.records import ReadResult, ScoreRecord, SubmissionRecord
from ingest.readers.source import detect_format, guess_format, load_sheets, read_bytes
from ingest.readers.workbook import find_evaluation_sheets, read_workbook

DEFAULT_FRAMEWORK = "spbe-2020"

__all__ = [
    "CATALOGUE",
    "MAX_FILE_BYTES",
    "ReadResult",
    "ScoreRecord",
    "SubmissionRecord",
    "read_file",
    "read_file_here",
    "resolve_framework",
]


def resolve_framework(framework: Framework | str | None, year: int | None) -> tuple[Framework, bool]:
    """Return the framework in force (given, else the year's, else the default) and whether it was fixed by the caller."""
    if isinstance(framework, Framework):
        return framework, True
    if framework:
        return load_framework(framework), True
    if year is not None:
        try:
            return framework_for_year(year), True
        except FrameworkError:
            pass
    return load_framework(DEFAULT_FRAMEWORK), False


def read_file(path_or_bytes: str | Path | bytes, *, name: str, framework: Framework | str | None = None,
              year: int | None = None, stage: str | None = None) -> ReadResult:
    """Read one uploaded file into records and a report of every problem, in the bounded worker process; never raises on bad input."""
    from ingest.readers.isolation import read_isolated

    try:
        data = read_bytes(path_or_bytes)
    except UnreadableFile as exc:
        return unreadable_result(name, guess_format(name), exc.reason, **exc.fields)
    return read_isolated(data, name, framework=framework, year=year, stage=stage)


def read_file_here(path_or_bytes: str | Path | bytes, *, name: str, framework: Framework | str | None = None,
                   year: int | None = None, stage: str | None = None) -> ReadResult:
    """Read one file in this process (the worker's side of `read_file`; only for trusted or pre-checked callers)."""
    report = Report(file=name)
    fw, forced = resolve_framework(framework, year)
    ctx = ReadContext(report=report, fw=fw, framework_forced=forced, year=year, stage=stage)
    fmt = guess_format(name)
    try:
        data = read_bytes(path_or_bytes)
        fmt = detect_format(data, name)
        sheets = load_sheets(data, fmt)
    except UnreadableFile as exc:
        return unreadable_result(name, fmt, exc.reason, **exc.fields)
    return _dispatch(sheets, ctx, fmt)


def unreadable_result(name: str, fmt: str, reason: str, **fields: object) -> ReadResult:
    """Return the result of a file that cannot be read: no records, one `unreadable-file` error saying why and what to do."""
    report = Report(file=name)
    report_problem(report, "unreadable-file", value=name, expected="an .xlsx, .xlsm, .xls, .ods or .csv file",
                   reason=reason, **fields)
    return ReadResult(records=[], report=report, file_kind="recap" if fmt == "csv" else "workbook", format=fmt)


def _dispatch(sheets: list[Sheet], ctx: ReadContext, fmt: str) -> ReadResult:
    found = find_evaluation_sheets(sheets)
    if found:
        located = found[0]
        _report_hidden([sheet for sheet, _ in found[1:]], ctx, "evaluation-table")
        ctx = _workbook_context(located, ctx)
        records = read_workbook(sheets, ctx, located=located)
        return _checked(ReadResult(records=records, report=ctx.report, file_kind="workbook", format=fmt), ctx)
    if has_recap_table(sheets, ctx):
        records = read_recap(sheets, ctx)
        if any(not sheet.hidden for sheet in sheets):
            _report_hidden([sheet for sheet in sheets if sheet.hidden and has_recap_table([sheet], ctx)], ctx,
                           "recap-table")
        return _checked(ReadResult(records=records, report=ctx.report, file_kind="recap", format=fmt), ctx)
    report_problem(ctx.report, "no-table", expected="a header row such as 'Kode · Level Mandiri' or 'Nama Instansi · Indeks'",
                   rows=HEADER_SCAN_ROWS)
    return ReadResult(records=[], report=ctx.report, file_kind="recap" if fmt == "csv" else "workbook", format=fmt)


def _report_hidden(hidden: list[Sheet], ctx: ReadContext, what: str) -> None:
    """Visible sheets win; a hidden sheet that holds a table too is named, never read."""
    for sheet in hidden:
        if sheet.hidden:
            ctx.problem("hidden-sheet", sheet=sheet.name, value=sheet.name, expected="visible sheets only", what=what)


def _checked(result: ReadResult, ctx: ReadContext) -> ReadResult:
    """A file whose tables hold no value at all is rejected as empty ('kosong'), so its bytes are never marked loaded."""
    if result.report.ok and not any(record.scores for record in result.records):
        what = "no-levels" if result.file_kind == "workbook" else "no-rows"
        ctx.problem("empty-file", value=ctx.report.file, expected="at least one level or score", what=what)
    return result


def _workbook_context(located: tuple[Sheet, Header], ctx: ReadContext) -> ReadContext:
    """Without a framework from the caller, the one in force is that of the year the cover names."""
    if ctx.framework_forced:
        return ctx
    sheet, header = located
    year = parse_year(read_cover(sheet, header.row).get("year"))
    if year is None:
        return ctx
    fw, forced = resolve_framework(None, year)
    return ReadContext(report=ctx.report, fw=fw, framework_forced=forced, year=ctx.year, stage=ctx.stage)
