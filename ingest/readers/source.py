"""Recognise a file's format from its bytes and turn any spreadsheet into grids (one per sheet)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Literal

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from ingest.readers.csv import read_csv_sheet
from ingest.readers.grid import Sheet, UnreadableFile
from ingest.readers.limits import (
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_SHEET_CELLS,
    MAX_UNPACKED_BYTES,
)

Format = Literal["xlsx", "xlsm", "xls", "ods", "csv"]
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Cell and row references in worksheet XML: r="B7" on cells, r="7" on rows. Matched as bytes; no XML
# is parsed here, so no entity tricks apply.
_REF = re.compile(rb'\br="([A-Z]{0,3})([0-9]{1,7})"')


def read_bytes(path_or_bytes: str | Path | bytes | bytearray) -> bytes:
    """Return the file's bytes, refusing anything above MAX_FILE_BYTES before reading it whole."""
    if isinstance(path_or_bytes, (bytes, bytearray)):
        data = bytes(path_or_bytes)
    else:
        path = Path(path_or_bytes)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise UnreadableFile(f"it is larger than the {MAX_FILE_BYTES // 2**20} MB limit")
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFile(f"it cannot be opened: {exc.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(f"it is larger than the {MAX_FILE_BYTES // 2**20} MB limit")
    if not data:
        raise UnreadableFile("it is empty")
    return data


def guess_format(name: str) -> Format:
    """Return the format a file name suggests (used only when the bytes say nothing)."""
    suffix = Path(name).suffix.lower().lstrip(".")
    return suffix if suffix in ("xlsx", "xlsm", "xls", "ods") else "csv"  # type: ignore[return-value]


def detect_format(data: bytes, name: str) -> Format:
    """Return the format from magic bytes (zip contents tell xlsx, xlsm and ods apart), else CSV text."""
    if data.startswith(OLE2_MAGIC):
        return "xls"
    if data.startswith(ZIP_MAGIC):
        return _zip_format(data)
    return "csv"


def _zip_format(data: bytes) -> Format:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile("it looks like a zip archive but is damaged") from None
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise UnreadableFile("it unpacks to far more data than a spreadsheet holds (a 'zip bomb')")
    names = {info.filename for info in infos}
    # Small fixed-format members are inspected as bytes; no XML is parsed here.
    if "mimetype" in names and archive.read("mimetype")[:100].startswith(ODS_MIMETYPE):
        return "ods"
    if "[Content_Types].xml" in names:
        types = archive.read("[Content_Types].xml")
        for name in names:
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                _check_extent(archive.read(name), name)
        return "xlsm" if b"macroEnabled" in types else "xlsx"
    raise UnreadableFile("it is a zip archive, not a spreadsheet")


def _check_extent(xml: bytes, member: str) -> None:
    rows: list[int] = []
    cols: list[int] = []
    for letters, number in _REF.findall(xml):
        rows.append(int(number))
        if letters:
            cols.append(_column_number(letters))
    if rows and cols and (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1) > MAX_SHEET_CELLS:
        raise UnreadableFile(f"a sheet ({member}) has cells spread over more than {MAX_SHEET_CELLS:,} cells; "
                             "delete stray cells far below or right of the table")


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def load_sheets(data: bytes, fmt: Format) -> list[Sheet]:
    """Return every sheet of the file as a grid starting at A1 (hidden sheets flagged)."""
    if fmt == "csv":
        return [read_csv_sheet(data)]
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            sheets.append(Sheet(meta.name, _grid(sheet), hidden=meta.visible != SheetVisibleEnum.Visible))
        return sheets
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises many error types for damaged or disguised files
        raise UnreadableFile(f"the {fmt} structure is damaged ({type(exc).__name__})") from None


def _grid(sheet) -> list[list]:
    # iter_rows starts at the first used cell, so the grid is padded back to A1 to keep addresses true.
    start = sheet.start
    if start is None:
        return []
    top, left = start
    rows: list[list] = [[] for _ in range(min(top, MAX_ROWS))]
    for row in sheet.iter_rows():
        if len(rows) >= MAX_ROWS:
            break
        rows.append(([None] * left + [None if value == "" else value for value in row[: MAX_COLUMNS]])[:MAX_COLUMNS])
    return rows
