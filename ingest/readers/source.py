"""Recognise a file's format from its bytes and turn any spreadsheet into grids (one per sheet)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from ingest.readers.csv import read_csv_sheet
from ingest.readers.grid import Sheet, UnreadableFile
from ingest.readers.limits import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS
from ingest.readers.precheck import (
    CheckedZip,
    check_ods,
    check_ole2,
    check_zip,
    read_member,
    scan_xlsx_sheet,
    xlsx_sheet_parts,
)
from ingest.vocabulary import FILE_FORMATS, FileFormat

Format = FileFormat
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def read_bytes(path_or_bytes: str | Path | bytes | bytearray) -> bytes:
    """Return the file's bytes, refusing anything above MAX_FILE_BYTES before reading it whole."""
    if isinstance(path_or_bytes, (bytes, bytearray)):
        data = bytes(path_or_bytes)
    else:
        path = Path(path_or_bytes)
        try:
            check_size(path.stat().st_size)
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFile("cannot-open", detail=exc.strerror or type(exc).__name__) from None
    check_size(len(data))
    if not data:
        raise UnreadableFile("empty")
    return data


def check_size(size: int) -> None:
    """Refuse a file above MAX_FILE_BYTES (size in bytes)."""
    if size > MAX_FILE_BYTES:
        raise UnreadableFile("too-large", size=f"{size / 2**20:.1f}", limit=MAX_FILE_BYTES // 2**20)


def guess_format(name: str) -> Format:
    """Return the format a file name suggests (used only when the bytes say nothing)."""
    suffix = Path(name).suffix.lower().lstrip(".")
    return suffix if suffix in FILE_FORMATS else "csv"  # type: ignore[return-value]


def open_format(data: bytes) -> tuple[Format, CheckedZip | None]:
    """Return the format from magic bytes (zip contents tell xlsx, xlsm and ods apart, else CSV text) and, for a zip,
    the archive `check_zip` opened and let through, so the rest of the read does not open it again."""
    if data.startswith(OLE2_MAGIC):
        return "xls", None
    if data.startswith(ZIP_MAGIC):
        checked = check_zip(data)
        return _zip_format(*checked), checked
    return "csv", None


def _zip_format(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Format:
    names = {info.filename for info in infos}
    # Small fixed-format members are inspected as bytes; no XML is parsed here.
    if "mimetype" in names and read_member(archive, "mimetype", 100).startswith(ODS_MIMETYPE):
        return "ods"
    if "[Content_Types].xml" in names:
        types = read_member(archive, "[Content_Types].xml", 4 << 20)
        return "xlsm" if b"macroEnabled" in types else "xlsx"
    raise UnreadableFile("not-spreadsheet")


def check_sheets(data: bytes, fmt: Format, checked: CheckedZip | None = None) -> dict[str, dict[str, str]]:
    """Refuse a spreadsheet whose sheets span or store too many cells; return the formulas of .xlsx/.xlsm sheets by sheet name.

    `checked` is what `open_format` returned for these bytes: the zip is then not opened and checked again.
    """
    if os.environ.get("TERA_READER_SKIP_PRECHECKS") == "1":
        return {}  # only for tests of the worker's limits, the last line of defence
    if fmt == "xls":
        check_ole2(data)
        return {}
    if fmt == "ods":
        archive, _ = checked or check_zip(data)
        check_ods(archive)
        return {}
    if fmt in ("xlsx", "xlsm"):
        archive, infos = checked or check_zip(data)
        parts = xlsx_sheet_parts(archive, {info.filename for info in infos})
        return {sheet: scan_xlsx_sheet(archive, member, sheet) for member, sheet in parts.items()}
    return {}


def load_sheets(data: bytes, fmt: Format, checked: CheckedZip | None = None) -> list[Sheet]:
    """Return every sheet of the file as a grid starting at A1 (hidden sheets flagged, formulas kept); `checked` as in `check_sheets`."""
    if fmt == "csv":
        return [read_csv_sheet(data)]
    formulas = check_sheets(data, fmt, checked)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            sheets.append(Sheet(meta.name, _grid(sheet), hidden=meta.visible != SheetVisibleEnum.Visible,
                                formulas=formulas.get(meta.name, {})))
        return sheets
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises many error types for damaged or disguised files
        raise UnreadableFile("damaged", format=fmt, detail=type(exc).__name__) from None


def _grid(sheet) -> list[list]:
    # iter_rows starts at the first used cell, so the grid is padded back to A1 to keep addresses true.
    start = sheet.start
    if start is None:
        return []
    top, left = start
    rows: list[list] = [[] for _ in range(min(top, MAX_ROWS))]
    # The first MAX_COLUMNS columns from A: `left` padding cells, then what fits of the row.
    pad, keep = [None] * min(left, MAX_COLUMNS), max(MAX_COLUMNS - left, 0)
    for row in sheet.iter_rows():
        if len(rows) >= MAX_ROWS:
            break
        cells = [None if value == "" else value for value in (row if len(row) <= keep else row[:keep])]
        rows.append(pad + cells if pad else cells)
    return rows
