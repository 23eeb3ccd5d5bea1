"""Read recap tables (one row per agency, like the annual report) from grids into one record per row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ingest.cells import label_key, parse_year, text
from ingest.readers.checks import check_level, check_score, check_year, raw_value, scale_fields
from ingest.readers.context import ReadContext
from ingest.readers.grid import Sheet
from ingest.readers.headers import Header, recap_header_at
from ingest.readers.records import ScoreRecord, SubmissionRecord
from ingest.vocabulary import RECAP_STAGE

# A published index is rounded to two decimals (±0.005). Aspect and domain values are published rounded
# too, which moves their weighted sum by up to another 0.005; whole indicator levels add nothing.
INDEX_TOLERANCE = 0.0051
ROUNDED_INPUT_TOLERANCE = 0.0051 + 0.005
_PROVINCE = re.compile(r"\bprovinsi\s+(?!dan\b)(.+?)\s*$", re.IGNORECASE)
# Group titles that narrow a province's table ("Kabupaten", "Kota") keep the province in force.
_SUBGROUP = re.compile(r"^(?:pemerintah\s+)?(?:kabupaten|kab\.?|kota)(?:\s+dan\s+kota)?$", re.IGNORECASE)
# Summary rows printed under some tables are not agencies.
_SUMMARY = ("rata rata", "rerata", "jumlah", "total", "average", "nasional", "nilai rata")


@dataclass
class _State:
    header: Header | None = None
    year: int | None = None
    province: str | None = None
    seen: dict[tuple[str, str, int | None], str] = field(default_factory=dict)
    year_reported: set[int] = field(default_factory=set)


def has_recap_table(sheets: list[Sheet], ctx: ReadContext) -> bool:
    """True when any sheet holds a recap header (a name column with score or index columns)."""
    return any(recap_header_at(sheet, row, ctx.fw) for sheet in sheets for row in range(sheet.height))


def read_recap(sheets: list[Sheet], ctx: ReadContext) -> list[SubmissionRecord]:
    """Return one SubmissionRecord per agency row of every table of every sheet; problems go to ctx.report."""
    visible = [sheet for sheet in sheets if not sheet.hidden]
    state = _State()
    records: list[SubmissionRecord] = []
    for sheet in visible or sheets:
        state.header, state.province = None, None
        row = 0
        while row < sheet.height:
            row = _read_row(sheet, row, state, ctx, records)
    index_only = [record for record in records if record.index_only]
    if index_only:
        ctx.problem("index-only", sheet=index_only[0].sheet, value=len(index_only), expected="domain values",
                    count=len(index_only))
    return records


def _read_row(sheet: Sheet, row: int, state: _State, ctx: ReadContext, records: list[SubmissionRecord]) -> int:
    values = [value for value in sheet.row_values(row) if value is not None]
    if not values:
        return row + 1
    header = recap_header_at(sheet, row, ctx.fw)
    if header is not None:
        state.header = header
        return header.first_data_row
    texts = {text(value) for value in values}
    if len(texts) == 1 and all(isinstance(value, str) for value in values):
        title = texts.pop()
        _read_title(title, state)
        year = parse_year(title)
        if year is not None and ctx.year is not None and year != ctx.year:
            col = next(c for c, value in enumerate(sheet.row_values(row)) if value is not None)
            ctx.problem("year-conflict", sheet=sheet.name, cell=sheet.locate(row, col), value=year,
                        expected=str(ctx.year), chosen=ctx.year)
        return row + 1
    if state.header is not None:
        record = _read_agency(sheet, row, state, ctx)
        if record is not None:
            records.append(record)
    return row + 1


def _read_title(title: str, state: _State) -> None:
    """Titles carry the year ('Tahun 2023') and the province ('Kabupaten di Provinsi Jawa Barat')."""
    state.year = parse_year(title) or state.year
    match = _PROVINCE.search(title)
    if match:
        state.province = match.group(1)
    elif not _SUBGROUP.match(title):
        state.province = None


def _read_agency(sheet: Sheet, row: int, state: _State, ctx: ReadContext) -> SubmissionRecord | None:
    header = state.header
    assert header is not None
    name_col = header.roles["agency"]
    name = text(sheet.cell(row, name_col))
    cell = header.where(sheet, row, name_col)
    if _is_summary(sheet, row):
        return None
    if not name:
        _report_nameless(sheet, row, header, cell, ctx)
        return None
    year = _row_year(sheet, row, header, ctx) or state.year or ctx.year
    province = text(_role_value(sheet, row, header, "province")) or state.province
    if year is None and header.row not in state.year_reported:
        state.year_reported.add(header.row)
        ctx.problem("missing-year", sheet=sheet.name, cell=cell, expected="a year in the title, a Tahun column or the upload form")
    key = (label_key(name), label_key(province or ""), year)
    if key in state.seen:
        ctx.problem("duplicate-agency", sheet=sheet.name, cell=cell, value=name, expected="one row per agency",
                    first=state.seen[key])
    else:
        state.seen[key] = cell
    scores = _read_scores(sheet, row, header, ctx)
    # The record's kind is that of its most detailed values (a recap may give indicators, or only aspects or domains).
    deepest = max((ctx.fw.nodes[score.code] for score in scores if score.code in ctx.fw.nodes),
                  key=lambda node: node.depth, default=None)
    record = SubmissionRecord(
        agency_text=name, agency_code=text(_role_value(sheet, row, header, "agency_code")) or None,
        province_text=province or None, agency_cell=cell, sheet=sheet.name, year=year,
        stage=ctx.stage or RECAP_STAGE, framework_code=ctx.fw.code,
        kind=deepest.kind if deepest else ctx.fw.top_nodes[0].kind, scores=scores,
    )
    _read_published(sheet, row, header, record, ctx)
    return record


def _is_summary(sheet: Sheet, row: int) -> bool:
    """Summary rows ('Rata-rata', 'Jumlah', 'Nasional') are not agencies, wherever their label sits."""
    return any(isinstance(value, str) and label_key(value).startswith(_SUMMARY) for value in sheet.row_values(row))


def _report_nameless(sheet: Sheet, row: int, header: Header, cell: str, ctx: ReadContext) -> None:
    """A row holding values without a readable agency name is an error at its name cell, never skipped."""
    columns = list(header.nodes.values()) + [header.roles[role] for role in ("index", "rating") if role in header.roles]
    values = [f"{header.labels.get(col, col)}={text(sheet.cell(row, col))}" for col in columns
              if sheet.cell(row, col) is not None]
    if values:
        ctx.problem("unreadable-row", sheet=sheet.name, cell=cell, value=None, expected="an agency name",
                    values="; ".join(values[:4]) + ("; …" if len(values) > 4 else ""))


def _row_year(sheet: Sheet, row: int, header: Header, ctx: ReadContext) -> int | None:
    if "year" not in header.roles:
        return None
    col = header.roles["year"]
    return check_year(sheet.cell(row, col), ctx, sheet=sheet.name, cell=header.where(sheet, row, col))


def _role_value(sheet: Sheet, row: int, header: Header, role: str, parse=None) -> Any:
    if role not in header.roles:
        return None
    value = sheet.cell(row, header.roles[role])
    return parse(value) if parse and value is not None else value


def _read_scores(sheet: Sheet, row: int, header: Header, ctx: ReadContext) -> list[ScoreRecord]:
    scores = []
    for code, col in header.nodes.items():
        value = sheet.cell(row, col)
        if value is None:
            continue
        cell = header.where(sheet, row, col)
        leaf = ctx.fw.nodes[code].is_leaf
        number, problem = check_level(ctx.fw, code, value) if leaf else check_score(ctx.fw, value)
        if problem:
            fields = scale_fields(ctx.fw, code if leaf else None)
            ctx.problem(problem, sheet=sheet.name, cell=cell, value=value, code=code,
                        column=header.labels.get(col, code), expected=_expected(ctx), **fields)
        if number is not None:
            scores.append(ScoreRecord(code=code, value=float(number), sheet=sheet.name, cell=cell,
                                      raw=raw_value(ctx.fw, code, value) if leaf else None))
    return scores


def _expected(ctx: ReadContext) -> str:
    low, high = ctx.fw.index_range
    return f"a number from {low:g} to {high:g}"


def _read_published(sheet: Sheet, row: int, header: Header, record: SubmissionRecord, ctx: ReadContext) -> None:
    fw = ctx.fw
    if "index" in header.roles:
        col = header.roles["index"]
        value = sheet.cell(row, col)
        if value is not None:
            cell = header.where(sheet, row, col)
            number, problem = check_score(fw, value)
            if problem:
                ctx.problem(problem, sheet=sheet.name, cell=cell, value=value, column=header.labels.get(col, "index"),
                            expected=_expected(ctx), **scale_fields(fw))
            record.published_index = number
            record.published_cells["index"] = cell
            if not record.scores and number is not None:
                record.scores.append(ScoreRecord(code="index", value=number, sheet=sheet.name, cell=cell))
                record.index_only = True
    if "rating" in header.roles:
        col = header.roles["rating"]
        value = sheet.cell(row, col)
        if value is not None:
            cell = header.where(sheet, row, col)
            band = fw.band_by_label(text(value))
            if band is None:
                allowed = ", ".join(band.text() for band in fw.rating_bands)
                ctx.problem("unknown-rating", sheet=sheet.name, cell=cell, value=value, expected=allowed, allowed=allowed)
            else:
                record.published_rating = band.slug
                record.published_cells["rating"] = cell
    _compare_published(sheet, record, ctx)


def _compare_published(sheet: Sheet, record: SubmissionRecord, ctx: ReadContext) -> None:
    fw, index = ctx.fw, record.published_index
    if index is None:
        return
    computed = _index_of(record, ctx)
    tolerance = INDEX_TOLERANCE if record.kind == "indicator" else ROUNDED_INPUT_TOLERANCE
    if computed is not None and abs(computed - index) > tolerance:
        ctx.problem("published-index-mismatch", sheet=sheet.name, cell=record.published_cells["index"], value=index,
                    expected=f"{computed:.2f}", computed=computed, kind=record.kind)
    if record.published_rating is not None:
        band = fw.rating_for(index, record.year)
        if band is not None and band.slug != record.published_rating:
            label = fw.band(record.published_rating).text()
            ctx.problem("published-rating-mismatch", sheet=sheet.name, cell=record.published_cells["rating"],
                        value=label, expected=band.text(), index=index, year=record.year, computed=band.text())


def _index_of(record: SubmissionRecord, ctx: ReadContext) -> float | None:
    """Return the index the row's values give with the framework weights, None when the row is incomplete."""
    fw = ctx.fw
    values = record.values()
    nodes = fw.of_kind(record.kind)
    if any(node.code not in values for node in nodes):
        return None
    return sum(values[node.code] * node.weight for node in nodes) / fw.total_weight
