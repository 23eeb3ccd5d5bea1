"""Readers that turn what agencies and evaluators send (workbooks, recap tables, CSV) into records and a located report.

Readers never touch the store and never resolve agency names; every problem is collected before returning.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from indicators import Framework
from ingest.cells import parse_year, text
from ingest.errors import FrameworkChoiceError
from ingest.frameworks.catalog import FrameworkCatalog, builtin_catalog
from ingest.problems import Report
from ingest.readers.context import ReadContext
from ingest.readers.cover import Cover, read_cover, read_meta
from ingest.readers.grid import Sheet, UnreadableFile
from ingest.readers.headers import Header
from ingest.readers.limits import HEADER_SCAN_ROWS, MAX_FILE_BYTES
from ingest.readers.messages import CATALOGUE, report_problem
from ingest.readers.recap import has_recap_table, read_recap
from ingest.readers.records import ReadResult, ScoreRecord, SubmissionRecord
from ingest.readers.source import guess_format, load_sheets, open_format, read_bytes
from ingest.readers.workbook import find_evaluation_sheets, read_workbook

__all__ = [
    "CATALOGUE",
    "MAX_FILE_BYTES",
    "ReadResult",
    "ScoreRecord",
    "SubmissionRecord",
    "read_file",
    "read_file_here",
    "unreadable_result",
]


def read_file(path_or_bytes: str | Path | bytes, *, name: str, framework: Framework | str | None = None,
              year: int | None = None, stage: str | None = None, catalog: FrameworkCatalog | None = None) -> ReadResult:
    """Read one uploaded file into records and a report of every problem, in the bounded worker process (see `read_file_here`)."""
    from ingest.readers.isolation import read_isolated
    from ingest.readers.options import ReadOptions

    try:
        data = read_bytes(path_or_bytes)
    except UnreadableFile as exc:
        return unreadable_result(name, guess_format(name), exc.reason, **exc.fields)
    return read_isolated(data, name, ReadOptions(framework=framework, year=year, stage=stage, catalog=catalog))


def read_file_here(path_or_bytes: str | Path | bytes, *, name: str, framework: Framework | str | None = None,
                   year: int | None = None, stage: str | None = None,
                   catalog: FrameworkCatalog | None = None) -> ReadResult:
    """Read one file in this process into records and a report of every problem, never raising on bad input.

    Only the worker and trusted callers read here; everything else goes through `read_file`. The framework is `framework` when given (a code of `catalog` raises UnknownFrameworkError when
    unknown), else the one the workbook's cover names ("Kerangka"), else the default of the year.
    """
    report = Report(file=name)
    catalog = catalog or builtin_catalog()
    fmt = guess_format(name)
    try:
        fw = catalog.resolve(framework, year)
    except FrameworkChoiceError as exc:
        _report_choice(report, exc)
        return ReadResult(records=[], report=report, file_kind="recap" if fmt == "csv" else "workbook", format=fmt)
    report.framework = fw.code
    ctx = ReadContext(report=report, fw=fw, framework_forced=framework is not None, year=year, stage=stage,
                      catalog=catalog)
    try:
        data = read_bytes(path_or_bytes)
        fmt, checked = open_format(data)
        sheets = load_sheets(data, fmt, checked)
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
        # The cover block is read once: it settles the framework, then gives the records their agency and year.
        cover = read_cover(located[0], located[1].row)
        ctx = _workbook_context(located, cover, ctx, sheets)
        records = read_workbook(sheets, ctx, located=located, cover=cover)
        return _checked(ReadResult(records=records, report=ctx.report, file_kind="workbook", format=fmt), ctx)
    if has_recap_table(sheets, ctx):
        settled = _recap_context(sheets, ctx)
        if settled is None:
            return ReadResult(records=[], report=ctx.report, file_kind="recap", format=fmt)
        ctx = settled
        records = read_recap(sheets, ctx)
        if any(not sheet.hidden for sheet in sheets):
            _report_hidden([sheet for sheet in sheets if sheet.hidden and has_recap_table([sheet], ctx)], ctx,
                           "recap-table")
        return _checked(ReadResult(records=records, report=ctx.report, file_kind="recap", format=fmt), ctx)
    report_problem(ctx.report, "no-table", expected="a header row such as 'Kode · Level Mandiri' or 'Nama Instansi · Indeks'",
                   rows=HEADER_SCAN_ROWS)
    return ReadResult(records=[], report=ctx.report, file_kind="recap" if fmt == "csv" else "workbook", format=fmt)


def _recap_context(sheets: list[Sheet], ctx: ReadContext) -> ReadContext | None:
    """A recap whose years come from the file itself is read as the default framework of those years, never as the
    overall default; None (after one no-framework problem) when a year has no clear default."""
    if ctx.framework_forced or ctx.year is not None:
        return ctx
    scratch = replace(ctx, report=Report(file=ctx.report.file))
    years = sorted({record.year for record in read_recap(sheets, scratch) if record.year})
    try:
        codes = sorted({ctx.catalog.default_code(year) for year in years})
    except FrameworkChoiceError as exc:
        _report_choice(ctx.report, exc)
        return None
    if len(codes) > 1:
        report_problem(ctx.report, "no-framework", reason=f"its years {', '.join(map(str, years))} have different "
                       f"frameworks ({', '.join(codes)}); load one year per file or choose one with --framework CODE")
        ctx.report.framework = ""
        return None
    if not codes or codes[0] == ctx.fw.code:
        return ctx
    ctx.report.framework = codes[0]
    return replace(ctx, fw=ctx.catalog.get(codes[0]))


def _report_choice(report: Report, exc: FrameworkChoiceError, **where: str) -> None:
    """One problem for a file whose year has no clear framework: the frameworks to choose from, or why there is none."""
    report.framework = ""
    if exc.choices:
        report_problem(report, "framework-choice", value=exc.year, year=exc.year, choices="; ".join(exc.choices),
                       **where)
    else:
        report_problem(report, "no-framework", reason=str(exc), **where)


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


def _workbook_context(located: tuple[Sheet, Header], cover: Cover, ctx: ReadContext,
                      sheets: list[Sheet]) -> ReadContext:
    """Without a framework from the caller, the file's own (cover "Kerangka") is used, else the default of its year."""
    if ctx.framework_forced:
        return ctx
    sheet, _header = located
    named = text(cover.get("framework")) or read_meta(sheets).get("framework", "")
    try:
        if named:
            code = ctx.catalog.find(named)
            if code is None:
                ctx.problem("unknown-framework", sheet=sheet.name, cell=cover.cells.get("framework", ""), value=named,
                            known=", ".join(ctx.catalog.codes()))
                return ctx
            fw = ctx.catalog.get(code)
        else:
            year = parse_year(cover.get("year"))
            if year is None:
                return ctx
            fw = ctx.catalog.default_for(year)
    except FrameworkChoiceError as exc:
        _report_choice(ctx.report, exc, sheet=sheet.name, cell=cover.cells.get("year", ""))
        return ctx
    ctx.report.framework = fw.code
    return replace(ctx, fw=fw, framework_forced=True)
