"""Builders of the hostile and real-shaped files of the reader tests: every file is made here, none is stored.

Each builder returns the file's bytes. The native-reader crashers are the ones that took a process down
before the pre-checks and the worker: a far cell written with single quotes, a sheet stored outside
xl/worksheets/, an .xls far cell, duplicate-cell padding, and an .ods row repeated a million times.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from xml.sax.saxutils import escape

import xlsxwriter

FAR_ROW = "<row r='1048576'><c r='XFD1048576' t='n'><v>1</v></c></row>"


def xlsx(rows: list[list], name: str = "Sheet1") -> bytes:
    """Return a one-sheet .xlsx holding `rows`."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, rename: dict[str, str] | None = None,
          method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Return the zip `data` with members replaced and renamed."""
    replace, rename = replace or {}, rename or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            target.writestr(rename.get(info.filename, info.filename), content)
    return buffer.getvalue()


def _sheet_xml(data: bytes, member: str = "xl/worksheets/sheet1.xml") -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(member)


def far_cell_single_quotes() -> bytes:
    """A small .xlsx whose sheet declares a cell at XFD1048576 with single-quoted attributes."""
    base = xlsx([["Nama Instansi", "Indeks"], ["Kabupaten Bogor", 3.1]])
    sheet = _sheet_xml(base).replace(b"</sheetData>", FAR_ROW.encode() + b"</sheetData>")
    return rezip(base, {"xl/worksheets/sheet1.xml": sheet})


def sheet_outside_worksheets() -> bytes:
    """An .xlsx whose sheet part lives at xl/data/s1.xml (linked from the workbook) and holds a far cell."""
    base = xlsx([["Nama Instansi", "Indeks"], ["Kabupaten Bogor", 3.1]])
    source = zipfile.ZipFile(io.BytesIO(base))
    sheet = _sheet_xml(base).replace(b"</sheetData>", FAR_ROW.encode() + b"</sheetData>")
    rels = source.read("xl/_rels/workbook.xml.rels").replace(b"worksheets/sheet1.xml", b"data/s1.xml")
    types = source.read("[Content_Types].xml").replace(b"/xl/worksheets/sheet1.xml", b"/xl/data/s1.xml")
    return rezip(base, {"xl/worksheets/sheet1.xml": sheet, "xl/_rels/workbook.xml.rels": rels,
                        "[Content_Types].xml": types}, rename={"xl/worksheets/sheet1.xml": "xl/data/s1.xml"})


def duplicate_cell_padding(cells: int = 2_600_000) -> bytes:
    """An .xlsx whose first row repeats the same few cells millions of times (packed to about a megabyte)."""
    base = xlsx([["Nama Instansi", "Indeks"], ["Kabupaten Bogor", 3.1]])
    rng = random.Random(7)
    pool = [b'<c r="C1"><v>%d</v></c>' % rng.randrange(10**6) for _ in range(5000)]
    padding = b"".join(rng.choices(pool, k=cells))
    sheet = _sheet_xml(base).replace(b'<row r="1"', b'<row r="1"', 1)
    sheet = sheet.replace(b"</row>", padding + b"</row>", 1)
    return rezip(base, {"xl/worksheets/sheet1.xml": sheet})



def _patch_member(data: bytes, member: str, flag: int | None = None, method: int | None = None) -> bytes:
    """Set the general-purpose flag or the compression method of one member in both its headers."""
    raw = bytearray(data)
    name = member.encode()
    for signature, flag_at, method_at, name_at in ((b"PK\x03\x04", 6, 8, 30), (b"PK\x01\x02", 8, 10, 46)):
        position = raw.find(signature)
        while position != -1:
            length = struct.unpack_from("<H", raw, position + (26 if signature == b"PK\x03\x04" else 28))[0]
            if bytes(raw[position + name_at: position + name_at + length]) == name:
                if flag is not None:
                    struct.pack_into("<H", raw, position + flag_at, struct.unpack_from("<H", raw, position + flag_at)[0] | flag)
                if method is not None:
                    struct.pack_into("<H", raw, position + method_at, method)
            position = raw.find(signature, position + 4)
    return bytes(raw)


def encrypted_flag(template: bytes) -> bytes:
    """The template with the zip 'encrypted' flag set on its sheet member."""
    return _patch_member(template, "xl/worksheets/sheet1.xml", flag=0x1)


def deflate64(template: bytes) -> bytes:
    """The template with its sheet member marked as compressed with Deflate64 (method 9)."""
    return _patch_member(template, "xl/worksheets/sheet1.xml", method=9)


def corrupt_member(template: bytes) -> bytes:
    """The template with bytes in the middle of its sheet member's compressed data overwritten (CRC fails)."""
    raw = bytearray(template)
    info = next(i for i in zipfile.ZipFile(io.BytesIO(template)).infolist() if i.filename == "xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    raw[middle: middle + 16] = b"\xff" * 16
    return bytes(raw)


def big_csv_field() -> bytes:
    """A CSV file with one field of 200 000 characters (an unclosed quote does the same)."""
    return b'Nama Instansi;Indeks\n"Kabupaten Bogor' + b"x" * 200_000 + b'";3,1\n'


# --- .xls: a minimal BIFF8 workbook in a minimal OLE2 compound file ----------------------------------

def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def xls_far_cell(row: int = 65535, col: int = 255) -> bytes:
    """A tiny .xls whose only sheet has a number in A1 and one at (row, col), the far corner of BIFF8."""
    bof_globals = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 1997, 0, 0x0006))
    sheet_name = b"Sheet1"
    boundsheet_size = 4 + 8 + len(sheet_name)
    eof = _record(0x000A, b"")
    sheet_offset = len(bof_globals) + boundsheet_size + len(eof)
    boundsheet = _record(0x0085, struct.pack("<IBBBB", sheet_offset, 0, 0, len(sheet_name), 0) + sheet_name)
    sheet = (_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 1997, 0, 0x0006))
             + _record(0x0200, struct.pack("<IIHHH", 0, row + 1, 0, col + 1, 0))
             + _record(0x0203, struct.pack("<HHHd", 0, 0, 0x0F, 1.0))
             + _record(0x0203, struct.pack("<HHHd", row, col, 0x0F, 2.0))
             + eof)
    return compound_file({"Workbook": bof_globals + boundsheet + eof + sheet})


def encrypted_ooxml() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE2 file with EncryptionInfo and EncryptedPackage."""
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 200, "EncryptedPackage": b"\0" * 5000})


def compound_file(streams: dict[str, bytes]) -> bytes:
    """Return a version-3 OLE2 compound file holding `streams` (each padded to 4096 bytes: no mini stream)."""
    sector = 512
    bodies = [body.ljust(max(4096, -(-len(body) // sector) * sector), b"\0") for body in streams.values()]
    sizes = [max(4096, len(body)) for body in streams.values()]
    free, end, fat_mark = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    fat = [fat_mark, end]  # sector 0: the FAT itself, sector 1: the directory
    starts = []
    for body in bodies:
        count = len(body) // sector
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    assert len(fat) <= sector // 4, "one FAT sector is enough for these test files"
    fat += [free] * (sector // 4 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<II", start, size) + b"\0" * 4)

    names = list(streams)
    entries = [entry("Root Entry", 5, 1, free, end, 0)]
    for i, name in enumerate(names):
        entries.append(entry(name, 2, free, i + 2 if i + 1 < len(names) else free, starts[i], sizes[i]))
    while len(entries) % 4:
        entries.append(entry("", 0, free, free, 0, 0))
    directory = b"".join(entries)
    assert len(directory) == sector, "one directory sector is enough for these test files"
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(bodies)


# --- .ods ---------------------------------------------------------------------------------------------

def ods(rows_xml: str) -> bytes:
    """Return a minimal .ods whose one table holds the given <table:table-row> elements."""
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Rekap">{rows_xml}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _ods_cell(value: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'


def ods_far_cell() -> bytes:
    """An .ods whose value row comes after a million repeated empty rows and a thousand repeated columns."""
    header = f"<table:table-row>{_ods_cell('Nama Instansi')}{_ods_cell('Indeks')}</table:table-row>"
    gap = '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
    far = ('<table:table-row><table:table-cell table:number-columns-repeated="1000"/>'
           f'{_ods_cell("x")}</table:table-row>')
    return ods(header + gap + far)


def ods_trailing_repeats() -> bytes:
    """A normal LibreOffice-shaped .ods: a recap with the usual trailing repeated empty rows and columns."""
    header = (f"<table:table-row>{_ods_cell('Nama Instansi')}{_ods_cell('Indeks')}"
              '<table:table-cell table:number-columns-repeated="1022"/></table:table-row>')
    row = (f"<table:table-row>{_ods_cell('Kabupaten Bogor')}"
           '<table:table-cell office:value-type="float" office:value="3.1"><text:p>3,1</text:p></table:table-cell>'
           '<table:table-cell table:number-columns-repeated="1022"/></table:table-row>')
    tail = '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    return ods(header + row + tail)


# --- real-shaped evaluation workbooks: the template as offices change it ------------------------------

def _cell_pattern(cell: str) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="' + cell.encode() + rb'"(?:\s[^>]*?)?(?:/>|>.*?</c>)', re.DOTALL)


def patch_cells(data: bytes, cells: dict[str, object], member: str = "xl/worksheets/sheet1.xml") -> bytes:
    """Return the workbook with cells of one sheet part set: text, a number, None (empty) or ('=F', cached) (a formula)."""
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(member)
    for cell, value in cells.items():
        if value is None:
            new = f'<c r="{cell}"/>'
        elif isinstance(value, tuple):
            new = f'<c r="{cell}"><f>{escape(value[0].lstrip("="))}</f><v>{value[1]}</v></c>'
        elif isinstance(value, str):
            new = f'<c r="{cell}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
        else:
            new = f'<c r="{cell}"><v>{value}</v></c>'
        sheet, count = _cell_pattern(cell).subn(new.encode(), sheet, count=1)
        assert count == 1, f"cell {cell} is not in {member}"
    return rezip(data, {member: sheet})


def evaluation(levels: dict[str, dict[str, int]] | None = None, *, code: str = "32.03",
               name: str = "Pemerintah Kabupaten Cianjur", year: int = 2024) -> bytes:
    """Return the evaluation template of one regency, filled with `levels` per stage (none: unfilled)."""
    from indicators import load_framework
    from ingest.template import write_template

    buffer = io.BytesIO()
    write_template(buffer, agency_code=code, agency_name=name, year=year, framework=load_framework("spbe-2020"),
                   levels=levels or {})
    return buffer.getvalue()


def full_levels(count: int = 47, level: int = 3) -> dict[str, dict[str, int]]:
    """Self-assessment levels for the first `count` indicators."""
    return {"mandiri": {f"I{number}": level for number in range(1, count + 1)}}


def hidden_stale_sheet(data: bytes) -> bytes:
    """The workbook with its sheet renamed 'Evaluasi 2024' and a hidden, stale copy named 'Evaluasi' (levels 1)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    visible = book["Evaluasi"]
    visible.title = "Evaluasi 2024"
    stale = book.copy_worksheet(visible)
    stale.title = "Evaluasi"
    for row in range(11, 58):
        stale[f"F{row}"] = 1
    stale.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_text(text: str) -> bytes:
    """Return CSV text as UTF-8 bytes."""
    return text.encode("utf-8")


# --- report-shaped recaps (the annual report's tables) ------------------------------------------------

DOMAIN_HEADERS = ("Domain 1\nKebijakan Internal SPBE", "Domain 2\nTata Kelola SPBE", "Domain 3\nManajemen SPBE",
                  "Domain 4\nLayanan SPBE")


def report_recap(tables: list[tuple[str, list[tuple[str, list[float], float, str]]]], *, year: int = 2024,
                 domains: bool = True) -> bytes:
    """An annual-report-shaped .xlsx: a title, then per table a title, a merged 'Indeks Domain' group header over
    multi-line domain headers, the rows, and a 'Rata-rata' summary row; tables follow one another."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wrap = book.add_format({"text_wrap": True, "bold": True, "align": "center", "valign": "vcenter", "border": 1})
    sheet = book.add_worksheet("Lampiran")
    sheet.merge_range(0, 0, 0, 7, f"Hasil Evaluasi SPBE Tahun {year}", wrap)
    row = 2
    for title, rows in tables:
        sheet.merge_range(row, 0, row, 7, title, wrap)
        row += 1
        sheet.merge_range(row, 0, row + 1, 0, "No", wrap)
        sheet.merge_range(row, 1, row + 1, 1, "Nama Instansi", wrap)
        width = 4 if domains else 0
        if domains:
            sheet.merge_range(row, 2, row, 5, "Indeks Domain", wrap)
            for col, header in enumerate(DOMAIN_HEADERS, start=2):
                sheet.write(row + 1, col, header, wrap)
        sheet.merge_range(row, 2 + width, row + 1, 2 + width, "Indeks SPBE", wrap)
        sheet.merge_range(row, 3 + width, row + 1, 3 + width, "Predikat", wrap)
        row += 2
        for number, (name, values, index, rating) in enumerate(rows, start=1):
            sheet.write_row(row, 0, [number, name, *(values if domains else []), index, rating])
            row += 1
        sheet.write_row(row, 0, ["", "Rata-rata", *([2.5] * width), 2.5, ""])
        row += 2
    book.close()
    return buffer.getvalue()
