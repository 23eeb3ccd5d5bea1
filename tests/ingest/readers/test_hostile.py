"""Hostile and damaged input: every case ends in an `unreadable-file` or `no-table` report, never a traceback."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from ingest.readers import read_file
from ingest.readers.limits import MAX_FILE_BYTES


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024 * 1024))
    return buffer.getvalue()


def _far_cell() -> bytes:
    # calamine would allocate the whole A1:XFD1048576 rectangle and abort the process.
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write(0, 0, "Nama Instansi")
    sheet.write(1_048_575, 16_383, "far")
    workbook.close()
    return buffer.getvalue()


def _truncated(template_bytes: bytes) -> bytes:
    return template_bytes[: len(template_bytes) // 2]


CASES = {
    "garbage": lambda t: os.urandom(4096),
    "empty": lambda t: b"",
    "zip-bomb": lambda t: _zip_bomb(),
    "far-stray-cell": lambda t: _far_cell(),
    "truncated-xlsx": _truncated,
    "fake-ole2": lambda t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
    "plain-zip": lambda t: _plain_zip(),
    "too-large": lambda t: b"a;b\n" * (MAX_FILE_BYTES // 4 + 1),
}


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize("case", CASES)
def test_hostile_bytes_give_one_unreadable_file_error(case, template_bytes):
    result = read_file(CASES[case](template_bytes), name=f"{case}.xlsx")
    assert [p.type for p in result.report.problems] == ["unreadable-file"]
    assert result.records == [] and not result.ok


def test_missing_path_is_unreadable(tmp_path):
    result = read_file(tmp_path / "absent.xlsx", name="absent.xlsx")
    assert [p.type for p in result.report.problems] == ["unreadable-file"]


def test_text_without_a_table_is_no_table():
    result = read_file(b"Selamat pagi\nIni bukan tabel\n", name="surat.csv")
    assert [p.type for p in result.report.problems] == ["no-table"] and result.file_kind == "recap"


def test_content_decides_the_format_not_the_name(template_bytes):
    result = read_file(template_bytes, name="renamed.csv")
    assert result.format == "xlsx" and result.ok
