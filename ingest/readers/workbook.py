"""Read an agency's evaluation workbook ("Lembar Kerja Evaluasi SPBE") from grids into one record per stage."""

from __future__ import annotations

from typing import Any

from ingest.cells import label_key, parse_year, text
from ingest.readers.checks import check_level, check_review, check_year, raw_value, scale_fields
from ingest.readers.context import ReadContext
from ingest.readers.cover import Cover, read_cover, read_meta
from ingest.readers.grid import Sheet
from ingest.readers.headers import Header, find_workbook_header
from ingest.readers.records import ScoreRecord, SubmissionRecord
from ingest.vocabulary import SELF_ASSESSMENT_STAGE, STAGES

MAIN_SHEET = "Evaluasi"
_NOTE_ROLES = ("explanation", "evidence", "justification")


def find_evaluation_sheets(sheets: list[Sheet]) -> list[tuple[Sheet, Header]]:
    """Return every sheet holding an evaluation table, the one to read first: visible sheets always win, then the template's name."""
    found = [(sheet, header) for sheet in sheets if (header := find_workbook_header(sheet))]
    found.sort(key=lambda item: (item[0].hidden, item[0].name != MAIN_SHEET))
    return found


def find_evaluation_sheet(sheets: list[Sheet]) -> tuple[Sheet, Header] | None:
    """Return the sheet holding the evaluation table (visible sheets first, then the template's sheet name)."""
    found = find_evaluation_sheets(sheets)
    return found[0] if found else None


def read_workbook(sheets: list[Sheet], ctx: ReadContext, *, located: tuple[Sheet, Header] | None = None,
                  cover: Cover | None = None) -> list[SubmissionRecord]:
    """Return one SubmissionRecord per stage column holding any level (in `located`, else the sheet found)."""
    # Callers that already searched the sheets (and read the cover above the table) pass what they found:
    # the search scans every sheet's top rows.
    located = located or find_evaluation_sheet(sheets)
    if located is None:
        return []
    sheet, header = located
    cover = read_cover(sheet, header.row) if cover is None else cover
    meta = read_meta(sheets)
    year, agency, agency_code = _check_cover(sheet, cover, meta, ctx)
    hidden_code = meta.get("agency_code") or None
    stage_cols = _stage_columns(header, ctx.stage)
    rows, scored = _read_rows(sheet, header, stage_cols, ctx)
    records = []
    # Later stages carry earlier levels forward where silent, so only what no stage so far gives is missing.
    carried: set[str] = set()
    for stage in stage_cols:
        scores = scored[stage]
        if not scores:
            continue
        records.append(SubmissionRecord(
            agency_text=agency, agency_code=agency_code, province_text=text(cover.get("province")) or None,
            agency_cell=cover.cells.get("agency", ""), sheet=sheet.name, year=year, stage=stage,
            framework_code=ctx.fw.code, kind="indicator", scores=scores, hidden_code=hidden_code,
        ))
        # Blank here but given by an earlier stage: the earlier level stands, and the report says so.
        carried_here = {code for code, filled in rows if stage not in filled} & carried
        carried |= {code for code, filled in rows if stage in filled}
        _warn_missing(sheet, header, stage, carried, ctx)
        _warn_carried(sheet, header, stage, carried_here, ctx)
    return records


def _check_cover(sheet: Sheet, cover: Cover, meta: dict[str, str], ctx: ReadContext) -> tuple[int | None, str, str | None]:
    named = text(cover.get("framework")) or meta.get("framework", "")
    # Unsettled (the file named an unknown framework): that was reported once already.
    if ctx.framework_forced and named and named.casefold() != ctx.fw.code.casefold() and ctx.catalog.find(named) != ctx.fw.code:
        ctx.problem("framework-mismatch", sheet=sheet.name, cell=cover.cells.get("framework", ""),
                    value=named, expected=ctx.fw.code, found=named)
    year = check_year(cover.get("year"), ctx, sheet=sheet.name, cell=cover.cells.get("year", ""))
    year = year or ctx.year or parse_year(meta.get("year"))
    if year is None:
        ctx.problem("missing-year", sheet=sheet.name, cell=cover.cells.get("year", ""),
                    value=cover.get("year"), expected="a year such as 2024")
    # The agency is what the visible cover says: a hidden helper sheet never fills it in.
    agency = text(cover.get("agency"))
    if not agency:
        ctx.problem("missing-agency", sheet=sheet.name, cell=cover.cells.get("agency", ""),
                    expected="the agency's name beside 'Instansi'")
    agency_code = text(cover.get("agency_code")) or None
    return year, agency, agency_code


def _stage_columns(header: Header, stage: str | None) -> dict[str, int]:
    columns = {stage_: header.roles[f"level:{stage_}"] for stage_ in STAGES if f"level:{stage_}" in header.roles}
    if not columns and "level" in header.roles:
        # A single unnamed level column belongs to the stage the uploader chose (self-assessment by default).
        columns = {stage or SELF_ASSESSMENT_STAGE: header.roles["level"]}
    if stage is not None:
        columns = {key: col for key, col in columns.items() if key == stage}
    return columns


def _read_rows(sheet: Sheet, header: Header, stage_cols: dict[str, int],
               ctx: ReadContext) -> tuple[list[tuple[str, set[str]]], dict[str, list[ScoreRecord]]]:
    """Return the table's indicator rows and, per stage, the score of every row giving a valid level (in row order).

    A row is its indicator code and the stages whose cell holds anything, valid or not: a wrong level is
    reported once, not also as missing.
    """
    fw = ctx.fw
    rows: list[tuple[str, set[str]]] = []
    scored: dict[str, list[ScoreRecord]] = {stage: [] for stage in stage_cols}
    first_cell: dict[str, str] = {}
    stages = tuple(stage_cols.items())
    explanation_col, evidence_col, justification_col = (header.roles.get(role) for role in _NOTE_ROLES)
    review_col = header.roles.get("review")
    where, formulas = header.where, sheet.formulas
    # Rows are keyed by their indicator code alone, so Domain and Aspek cells (often merged, the value
    # sitting in the top cell only) need no filling down.
    for r in range(header.first_data_row, sheet.height):
        # One row's values, looked up by column below: a table row is read once, not cell by cell.
        values = sheet.row_values(r)
        width = len(values)
        code, code_cell, shown = _row_code(sheet, header, r, values, ctx)
        if code is None:
            if shown is not None and any(col < width and values[col] is not None for _, col in stages):
                ctx.problem("unknown-indicator", sheet=sheet.name, cell=code_cell, value=shown,
                            expected=f"an indicator code such as {fw.indicators[0].code}", framework=fw.code,
                            first=fw.indicators[0].code, last=fw.indicators[-1].code)
            continue
        if code in first_cell:
            ctx.problem("duplicate-indicator", sheet=sheet.name, cell=code_cell, value=shown,
                        expected="one row per indicator", code=code, first=first_cell[code])
            continue
        first_cell[code] = code_cell
        filled: set[str] = set()
        levels = []
        for stage, col in stages:
            value = values[col] if col < width else None
            if value is None:
                continue  # a blank level: nothing to check (a missing one is reported per stage below)
            filled.add(stage)
            level, problem = check_level(fw, code, value)
            cell = where(sheet, r, col)
            if level is not None and cell in formulas:
                ctx.problem("level-formula", sheet=sheet.name, cell=cell, value=value, code=code,
                            formula=formulas[cell], expected="a level typed as a number")
            if problem:
                fields = scale_fields(fw, code)
                ctx.problem(problem, sheet=sheet.name, cell=cell, value=value, code=code,
                            expected=f"a level {fields['allowed']}", **fields)
            elif level is not None:
                levels.append((stage, level, cell, raw_value(fw, code, value)))
        explanation, evidence = _note(values, explanation_col), _note(values, evidence_col)
        justification = _note(values, justification_col)
        review = None
        if review_col is not None:
            value = values[review_col] if review_col < width else None
            review, understood = check_review(value)
            if not understood:
                ctx.problem("bad-review-value", sheet=sheet.name, cell=where(sheet, r, review_col),
                            value=value, expected="Valid or Tidak Valid")
        # The agency writes the explanation and evidence; assessors write justification and the review marks.
        # Records are made in field order, not by keyword: one per level read, and keywords cost far more.
        for stage, level, cell, raw in levels:
            if stage == SELF_ASSESSMENT_STAGE:
                score = ScoreRecord(code, float(level), sheet.name, cell, explanation, evidence, None, None, raw)
            else:
                score = ScoreRecord(code, float(level), sheet.name, cell, None, None, justification, review, raw)
            scored[stage].append(score)
        rows.append((code, filled))
    return rows, scored


def _note(values: list[Any], col: int | None) -> str | None:
    """Return the text of a note cell (None when blank, or when the table has no such column)."""
    return None if col is None or col >= len(values) else text(values[col]) or None


def _at(values: list[Any], col: int) -> Any:
    """Return the value in column `col` of a row from `Sheet.row_values` (None beyond its end)."""
    return values[col] if col < len(values) else None


def _row_code(sheet: Sheet, header: Header, r: int, values: list[Any], ctx: ReadContext) -> tuple[str | None, str, Any]:
    """Return (indicator code or None, cell it was read from, value shown; None for an empty or heading row)."""
    fw = ctx.fw
    for role in ("code", "no"):
        if role not in header.roles:
            continue
        col = header.roles[role]
        value = _at(values, col)
        if value is None:
            continue
        code = fw.normalize_code(value, kind="indicator")
        if code:
            return code, header.where(sheet, r, col), value
        if role == "no" and "code" in header.roles:
            continue
        # Heading rows ("Domain 1", "A2 Perencanaan") inside the table are not indicators.
        words = text(value).split()
        if words and fw.normalize_code(words[0]) in fw.nodes and fw.nodes[fw.normalize_code(words[0])].kind != "indicator":
            return None, header.where(sheet, r, col), None
        return None, header.where(sheet, r, col), value
    if "indicator" in header.roles:
        col = header.roles["indicator"]
        key = label_key(_at(values, col))
        for node in fw.indicators:
            if key and key in {label_key(name) for name in node.name.values()}:
                return node.code, header.where(sheet, r, col), _at(values, col)
    cell = header.where(sheet, r, header.roles.get("code", header.roles.get("indicator", 0)))
    return None, cell, "(empty)"


def _stage_cell(sheet: Sheet, header: Header, stage: str) -> str:
    return header.where(sheet, header.row, header.roles.get(f"level:{stage}", header.roles.get("level")))


def _warn_carried(sheet: Sheet, header: Header, stage: str, carried: set[str], ctx: ReadContext) -> None:
    codes = [node.code for node in ctx.fw.indicators if node.code in carried]
    if codes:
        ctx.problem("carried-levels", sheet=sheet.name, cell=_stage_cell(sheet, header, stage),
                    value=", ".join(codes), expected=f"a {stage} level for every indicator",
                    stage=stage, count=len(codes), codes=", ".join(codes))


def _warn_missing(sheet: Sheet, header: Header, stage: str, present: set[str], ctx: ReadContext) -> None:
    missing = [node.code for node in ctx.fw.indicators if node.code not in present]
    if missing:
        ctx.problem("missing-indicators", sheet=sheet.name, cell=_stage_cell(sheet, header, stage),
                    value=", ".join(missing), expected=f"all {len(ctx.fw.indicators)} indicators",
                    stage=stage, count=len(missing), codes=", ".join(missing))
