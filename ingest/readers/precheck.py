"""Pre-checks of untrusted spreadsheet bytes before a native reader opens them.

Native readers allocate every cell of the rectangle a sheet's cells span, and every stored cell, before
Tera sees any of them: one stray cell at XFD1048576 asks for hundreds of gigabytes. These checks look
at the raw parts (zip members as bytes, .xls records, .ods content as a stream) and refuse a file whose
sheets span or store more cells than any evaluation file can need, whatever quote style, member path
or format it uses. They also say why a zip cannot be opened (password, Deflate64, damaged member).
The worker process's memory and time limits (`ingest.readers.isolation`) stay as the last line.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from operator import itemgetter

from ingest.cells import column_letter
from ingest.readers.grid import UnreadableFile
from ingest.readers.limits import MAX_COMPRESSION_RATIO, MAX_SHEET_CELLS, MAX_UNPACKED_BYTES

# Cell and row references in worksheet XML, either quote style: r="B7" / r='B7' on cells, r="7" on rows.
# The lookbehind (no word character before the r) stands where a leading \b would: a pattern that starts
# with its literal r is searched for much faster than one tried at every byte.
_REF = re.compile(rb"""r(?<!\wr)\s*=\s*["']([A-Z]{0,3})([0-9]{1,7})["']""")
# A _REF match beyond ZZ999 (three letters or four digits). No _REF match holds an "r" after its first
# byte, so _REF.findall meets every place _REF matches: this finds one exactly when a far reference is there.
# Possessive (+) where giving back could not help (spaces, "=", letters, digits and quotes are disjoint): faster.
_FAR_REF = re.compile(rb"""r(?<!\wr)\s*+=\s*+["'](?:[A-Z]{3}[0-9]{1,7}+|[A-Z]{0,2}+[0-9]{4,7}+)["']""")
# Every reference _FAR_REF does not find lies within these rows and columns (ZZ is column 702).
_NEAR_ROWS, _NEAR_COLUMNS = (0, 999), (1, 702)
_DIMENSION = re.compile(rb"""<(?:\w+:)?dimension\b[^>]*\bref\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?["']""")
_CELL_PREFIXED = re.compile(rb"<\w+:c[\s/>]")
# <c r="F11" ...><f ...>FORMULA</f>: the formulas of cells, to warn where a level is computed.
_FORMULA = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\br\s*=\s*["']([A-Z]{1,3}[0-9]{1,7})["'][^>]*>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)""")
# What every _FORMULA match holds: an f element (<formula1> of a dropdown is not one, and costs no walk).
# Two patterns, each starting with its literal, are searched several times faster than one "[<:]f\b".
_FORMULA_ELEMENTS = (re.compile(rb"<f\b"), re.compile(rb":f\b"))
_SHEET_TYPES = (b"/worksheet", b"/chartsheet", b"/dialogsheet", b"/macrosheet", b"/xlMacrosheet")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTR = re.compile(rb"""\b(Id|Type|Target|TargetMode)\s*=\s*["']([^"']*)["']""")
_SHEET_ENTRY = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_SHEET_ATTR = re.compile(rb"""\b(name|r:id|\w+:id)\s*=\s*["']([^"']*)["']""")
DEFLATE64 = 9
CHUNK = 1 << 20


# An archive `check_zip` opened and let through, with its members.
CheckedZip = tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]


def check_zip(data: bytes) -> CheckedZip:
    """Return the opened archive and its members after refusing encrypted, Deflate64, damaged or bomb-like zips."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise UnreadableFile("damaged-zip", detail=type(exc).__name__) from None
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableFile("encrypted")
        if info.compress_type == DEFLATE64:
            raise UnreadableFile("deflate64")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnreadableFile("damaged-zip", detail=f"compression method {info.compress_type}")
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise UnreadableFile("zip-bomb", limit=MAX_UNPACKED_BYTES // 2**20, ratio=MAX_COMPRESSION_RATIO)
    return archive, infos


def read_member(archive: zipfile.ZipFile, name: str, limit: int = 1 << 20) -> bytes:
    """Return at most `limit` bytes of one zip member, a damaged member reported as unreadable."""
    try:
        with archive.open(name) as handle:
            return handle.read(limit)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise UnreadableFile("damaged-zip", detail=f"{name}: {type(exc).__name__}") from None


def xlsx_sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Return {member path: sheet name} of every sheet the workbook links, wherever stored, plus stray xl/worksheets parts."""
    workbook = _office_document(archive, names)
    base = posixpath.dirname(workbook)
    rels_path = posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels")
    targets: dict[str, str] = {}
    if rels_path in names:
        for rel in _RELATIONSHIP.findall(read_member(archive, rels_path, 4 << 20)):
            attrs = {key: value for key, value in _ATTR.findall(rel)}
            if attrs.get(b"Type", b"").endswith(_SHEET_TYPES) and attrs.get(b"TargetMode") != b"External":
                target = attrs.get(b"Target", b"").decode("utf-8", "replace")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
                targets[attrs.get(b"Id", b"").decode("utf-8", "replace")] = path
    parts: dict[str, str] = {}
    if workbook in names:
        for entry in _SHEET_ENTRY.findall(read_member(archive, workbook, 4 << 20)):
            attrs = dict(_SHEET_ATTR.findall(entry))
            rid = next((value for key, value in attrs.items() if key.endswith(b":id")), b"").decode("utf-8", "replace")
            if rid in targets:
                parts[targets[rid]] = attrs.get(b"name", b"").decode("utf-8", "replace")
    for path in targets.values():
        parts.setdefault(path, posixpath.basename(path))
    for name in names:
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            parts.setdefault(name, posixpath.basename(name))
    return {path: sheet for path, sheet in parts.items() if path in names}


def _office_document(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "_rels/.rels" in names:
        for rel in _RELATIONSHIP.findall(read_member(archive, "_rels/.rels")):
            attrs = {key: value for key, value in _ATTR.findall(rel)}
            if attrs.get(b"Type", b"").endswith(b"/officeDocument"):
                return attrs.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
    return "xl/workbook.xml"


def scan_xlsx_sheet(archive: zipfile.ZipFile, member: str, sheet: str) -> dict[str, str]:
    """Refuse a sheet part whose cells span or number more than MAX_SHEET_CELLS; return its formulas by cell."""
    formulas = _scan_near_sheet(archive, member)
    return _scan_sheet(archive, member, sheet) if formulas is None else formulas


def _scan_sheet(archive: zipfile.ZipFile, member: str, sheet: str) -> dict[str, str]:
    extent = _Extent(sheet)
    formulas: dict[str, str] = {}
    for chunk in _chunks(archive, member):
        # Counted first: padding with millions of cells is refused before its references are walked.
        extent.count(_count_cells(chunk))
        for match in _dimensions(chunk):
            extent.add_dimension(match.groups())
        refs = _REF.findall(chunk)
        if refs:
            # Each row number and column once: cells repeat both.
            rows = list(map(int, set(map(itemgetter(1), refs))))
            cols = [_column_number(letters) for letters in set(map(itemgetter(0), refs)) if letters]
            extent.add(min(rows), min(cols, default=0))
            extent.add(max(rows), max(cols, default=0))
        _add_formulas(chunk, formulas)
    extent.check()
    return formulas


def _scan_near_sheet(archive: zipfile.ZipFile, member: str) -> dict[str, str] | None:
    """Return the formulas of a sheet part `_scan_sheet` is sure to let through, without walking its references; None when unsure.

    It is sure when the part holds at most 3 × MAX_SHEET_CELLS bytes (every counted cell takes three bytes
    or more, each starting at its own "<") and no reference lies beyond ZZ999, so even with its dimension the
    sheet spans too few cells; anything else is left to `_scan_sheet`. A damaged part raises here what
    `_scan_sheet` would: its cell count cannot have refused the part before.
    """
    extent = _Extent(member)
    formulas: dict[str, str] = {}
    size = 0
    for chunk in _chunks(archive, member):
        size += len(chunk)
        if size > 3 * MAX_SHEET_CELLS or _FAR_REF.search(chunk):
            return None
        for match in _dimensions(chunk):
            extent.add_dimension(match.groups())
        _add_formulas(chunk, formulas)
    return None if extent.may_exceed(_NEAR_ROWS, _NEAR_COLUMNS) else formulas


def _add_formulas(chunk: bytes, formulas: dict[str, str]) -> None:
    if any(element.search(chunk) for element in _FORMULA_ELEMENTS):
        for cell, formula in _FORMULA.findall(chunk):
            formulas[cell.decode()] = "=" + _unescape(formula.decode("utf-8", "replace")) if formula else "="


def _dimensions(chunk: bytes) -> Iterator[re.Match]:
    # Every _DIMENSION match starts at the last "<" before a "dimension": matched there, not tried at every "<".
    at = chunk.find(b"dimension")
    while at >= 0:
        start = chunk.rfind(b"<", 0, at)
        match = _DIMENSION.match(chunk, start) if start >= 0 else None
        if match:
            yield match
        at = chunk.find(b"dimension", at + 1)


def _count_cells(chunk: bytes) -> int:
    cells = chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/")
    return cells + (len(_CELL_PREFIXED.findall(chunk)) if b":c" in chunk else 0)


def _chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    # Streamed with an overlap so a reference cut by a chunk boundary is still seen whole (and at most
    # twice, which cannot widen an extent); the whole member is never held in memory.
    tail = b""
    try:
        with archive.open(member) as handle:
            while True:
                block = handle.read(CHUNK)
                if not block:
                    if tail:
                        yield tail
                    return
                data = tail + block
                cut = data.rfind(b"<", 0, len(data) - 1)
                cut = cut if cut > 0 else len(data)
                yield data[:cut]
                tail = data[cut:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise UnreadableFile("damaged-zip", detail=f"{member}: {type(exc).__name__}") from None


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


class _Extent:
    """The rectangle a sheet's cells span and how many cells it stores, refused past MAX_SHEET_CELLS."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.rows = (1 << 62, 0)
        self.cols = (1 << 62, 0)
        self.cells = 0

    def add(self, row: int, col: int) -> None:
        self.rows = (min(self.rows[0], row), max(self.rows[1], row))
        if col:
            self.cols = (min(self.cols[0], col), max(self.cols[1], col))

    def add_dimension(self, groups: tuple) -> None:
        first_col, first_row, last_col, last_row = groups
        self.add(int(first_row), _column_number(first_col))
        if last_col:
            self.add(int(last_row), _column_number(last_col))

    def count(self, cells: int) -> None:
        self.cells += cells
        if self.cells > MAX_SHEET_CELLS:
            raise UnreadableFile("too-many-cells", part=self.sheet, cells=f"{self.cells:,}+", limit=f"{MAX_SHEET_CELLS:,}")

    def may_exceed(self, rows: tuple[int, int], cols: tuple[int, int]) -> bool:
        """True when the extent widened to `rows` × `cols` (first, last) spans more than MAX_SHEET_CELLS (`check` could refuse)."""
        height = max(self.rows[1], rows[1]) - min(self.rows[0], rows[0]) + 1
        width = max(self.cols[1], cols[1]) - min(self.cols[0], cols[0]) + 1
        return height * width > MAX_SHEET_CELLS

    def check(self) -> None:
        if not self.rows[1]:
            return
        height = self.rows[1] - self.rows[0] + 1
        width = self.cols[1] - self.cols[0] + 1 if self.cols[1] else 1
        if height * width > MAX_SHEET_CELLS:
            extent = f"{column_letter((self.cols[1] or 1) - 1)}{self.rows[1]}"
            raise UnreadableFile("far-cells", part=self.sheet, cells=f"{height * width:,}", extent=extent,
                                 limit=f"{MAX_SHEET_CELLS:,}")


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


# --- .xls (BIFF in an OLE2 compound file) ---------------------------------------------------------

# Records that place one cell (row, column first): NUMBER, RK, LABELSST, LABEL, BLANK, BOOLERR, FORMULA,
# RSTRING; MULRK and MULBLANK span columns (first, then last column at the end); ROW names a row.
_BIFF_CELLS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0201, 0x0205, 0x0006, 0x00D6}
_BIFF_MULTI = {0x00BD, 0x00BE}
_BIFF_ROW, _BIFF_DIMENSIONS, _BIFF_BOF, _BIFF_FILEPASS, _BIFF_BOUNDSHEET = 0x0208, 0x0200, 0x0809, 0x002F, 0x0085


def check_ole2(data: bytes) -> None:
    """Refuse an OLE2 file that is an encrypted OOXML package, a password-protected .xls, or whose sheets span too many cells."""
    from xlrd.compdoc import CompDoc, CompDocError

    try:
        document = CompDoc(data, logfile=io.StringIO())
        if document.get_named_stream("EncryptedPackage") is not None or document.get_named_stream("EncryptionInfo") is not None:
            raise UnreadableFile("encrypted")
        stream = document.get_named_stream("Workbook") or document.get_named_stream("Book")
    except UnreadableFile:
        raise
    except (CompDocError, IndexError, struct.error, ValueError, KeyError, MemoryError, RecursionError) as exc:
        raise UnreadableFile("damaged", format="xls", detail=type(exc).__name__) from None
    if stream is None:
        raise UnreadableFile("damaged", format="xls", detail="no Workbook stream")
    _scan_biff(stream)


def _scan_biff(stream: bytes) -> None:
    extent: _Extent | None = None
    sheet_number = 0
    names: list[str] = []
    position, size = 0, len(stream)
    while position + 4 <= size:
        kind, length = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4: position + 4 + length]
        position += 4 + length
        if kind == _BIFF_FILEPASS and extent is None:
            raise UnreadableFile("encrypted")
        if kind == _BIFF_BOUNDSHEET and extent is None and len(body) >= 8:
            names.append(_biff_sheet_name(body))
        if kind == _BIFF_BOF:
            if extent is not None:
                extent.check()
            sheet_number += 1
            number = sheet_number - 1
            extent = _Extent(names[number - 1] if number <= len(names) else f"#{number}") if sheet_number > 1 else None
        elif extent is None or len(body) < 4:
            continue
        elif kind in _BIFF_CELLS or kind == _BIFF_ROW:
            row, col = struct.unpack_from("<HH", body)
            extent.add(row + 1, col + 1 if kind != _BIFF_ROW else 0)
            extent.count(kind != _BIFF_ROW)
        elif kind in _BIFF_MULTI and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            (last,) = struct.unpack_from("<H", body, len(body) - 2)
            extent.add(row + 1, first + 1)
            extent.add(row + 1, last + 1)
            extent.count(max(0, last - first + 1))
        elif kind == _BIFF_DIMENSIONS and len(body) >= 14:
            first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
            if last_row > first_row and last_col > first_col:
                extent.add(first_row + 1, first_col + 1)
                extent.add(last_row, last_col)
    if extent is not None:
        extent.check()


def _biff_sheet_name(body: bytes) -> str:
    """Return the sheet name of a BOUNDSHEET8 record (8-bit or UTF-16 characters)."""
    length, wide = body[6], body[7] & 0x1
    raw = body[8: 8 + length * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


# --- .ods (content.xml streamed) ------------------------------------------------------------------

_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def check_ods(archive: zipfile.ZipFile) -> None:
    """Refuse an .ods whose tables place a value beyond MAX_SHEET_CELLS cells (repeated rows and columns counted)."""
    import xml.parsers.expat

    state = _OdsState()
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def refuse_entities(*_args) -> None:
        raise UnreadableFile("damaged", format="ods", detail="entity declarations")

    parser.EntityDeclHandler = refuse_entities
    parser.StartElementHandler = state.start
    parser.EndElementHandler = state.end
    parser.CharacterDataHandler = state.chars
    try:
        for chunk in _raw_chunks(archive, "content.xml"):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as exc:
        raise UnreadableFile("damaged", format="ods", detail=f"content.xml: {exc}") from None
    state.finish()


def _raw_chunks(archive: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    try:
        with archive.open(member) as handle:
            while block := handle.read(CHUNK):
                yield block
    except KeyError:
        raise UnreadableFile("damaged", format="ods", detail="no content.xml") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise UnreadableFile("damaged-zip", detail=f"{member}: {type(exc).__name__}") from None


class _OdsState:
    """Walks table rows and cells, counting repeats, and keeps the extent of cells that hold something."""

    def __init__(self) -> None:
        self.extent: _Extent | None = None
        self.row = 0
        self.row_repeat = 1
        self.col = 0
        self.cell: tuple[int, bool] | None = None  # (column repeat, holds a value)
        self.tables = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == f"{_TABLE_NS} table":
            self.finish()
            self.tables += 1
            self.extent = _Extent(attrs.get(f"{_TABLE_NS} name", f"#{self.tables}"))
            self.row = 0
        elif name == f"{_TABLE_NS} table-row" and self.extent is not None:
            self.row_repeat = _repeat(attrs.get(f"{_TABLE_NS} number-rows-repeated"))
            self.col = 0
        elif name in (f"{_TABLE_NS} table-cell", f"{_TABLE_NS} covered-table-cell") and self.extent is not None:
            repeat = _repeat(attrs.get(f"{_TABLE_NS} number-columns-repeated"))
            self.cell = (repeat, f"{_OFFICE_NS} value-type" in attrs or f"{_TABLE_NS} formula" in attrs)
        elif self.cell is not None and name.endswith(" p"):
            self.cell = (self.cell[0], True)

    def chars(self, data: str) -> None:
        if self.cell is not None and data.strip():
            self.cell = (self.cell[0], True)

    def end(self, name: str) -> None:
        if name in (f"{_TABLE_NS} table-cell", f"{_TABLE_NS} covered-table-cell") and self.cell is not None:
            repeat, filled = self.cell
            if filled and self.extent is not None:
                self.extent.add(self.row + 1, self.col + 1)
                self.extent.add(self.row + self.row_repeat, self.col + repeat)
                self.extent.count(repeat * self.row_repeat)
            self.col += repeat
            self.cell = None
        elif name == f"{_TABLE_NS} table-row":
            self.row += self.row_repeat
            self.row_repeat = 1

    def finish(self) -> None:
        if self.extent is not None:
            self.extent.check()
        self.extent = None


def _repeat(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1
