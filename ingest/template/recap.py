"""Write a report-style recap workbook: titled tables of No · Nama Instansi · node scores · Indeks · Predikat."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal

import xlsxwriter

from indicators import Framework, load_framework
from indicators.errors import FrameworkError

Row = Mapping[str, Any]
_GROUP = {"domain": "Indeks Domain", "aspect": "Indeks Aspek", "indicator": "Level Indikator"}


def write_recap(path: str | Path | IO[bytes], rows: Sequence[Row], framework: Framework | str, *, title: str,
                year: int, level: Literal["domain", "aspect", "indicator"] = "domain",
                tables: Sequence[tuple[str, Sequence[Row]]] | None = None) -> None:
    """Write rows ({name, province?, code?, <node code>: value, index?, rating?}) as titled tables on one sheet.

    `rows` (if any) form a first untitled table; each of `tables` is (title, rows) with its own header.
    """
    fw = load_framework(framework) if isinstance(framework, str) else framework
    nodes = fw.of_kind(level)
    target = str(path) if isinstance(path, Path) else path
    workbook = xlsxwriter.Workbook(target, {"in_memory": True})
    try:
        styles = {
            "title": workbook.add_format({"bold": True, "font_size": 13}),
            "header": workbook.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1,
                                           "text_wrap": True, "bg_color": "#D9E1F2"}),
            "number": workbook.add_format({"num_format": "0.00", "border": 1}),
            "text": workbook.add_format({"border": 1}),
        }
        sheet = workbook.add_worksheet("Rekap")
        sheet.set_column(1, 1, 46)
        sheet.write(0, 0, title, styles["title"])
        row = 1
        if str(year) not in title:
            sheet.write(row, 0, f"Tahun {year}", styles["title"])
            row += 1
        groups = ([("", rows)] if rows else []) + list(tables or [])
        for table_title, table_rows in groups:
            row += 1
            if table_title:
                sheet.write(row, 0, table_title, styles["title"])
                row += 1
            row = _write_table(sheet, styles, fw, nodes, level, table_rows, row)
    finally:
        workbook.close()


def _write_table(sheet: Any, styles: dict[str, Any], fw: Framework, nodes: Sequence[Any], level: str,
                 rows: Sequence[Row], row: int) -> int:
    with_province = any(r.get("province") for r in rows)
    fixed = ["No", "Nama Instansi"] + (["Provinsi"] if with_province else [])
    # Two header rows: fixed headers merged down, the group label merged across the node numbers.
    for col, label in enumerate(fixed):
        sheet.merge_range(row, col, row + 1, col, label, styles["header"])
    first_node = len(fixed)
    last_node = first_node + len(nodes) - 1
    if len(nodes) > 1:
        sheet.merge_range(row, first_node, row, last_node, _GROUP[level], styles["header"])
    else:
        sheet.write(row, first_node, _GROUP[level], styles["header"])
    for offset, node in enumerate(nodes):
        sheet.write(row + 1, first_node + offset, node.number, styles["header"])
    for offset, label in enumerate(("Indeks", "Predikat"), start=last_node + 1):
        sheet.merge_range(row, offset, row + 1, offset, label, styles["header"])
    row += 2
    for number, data in enumerate(rows, start=1):
        values = [number, data.get("name", "")] + ([data.get("province", "")] if with_province else [])
        values += [data.get(node.code) for node in nodes] + [data.get("index"), _rating_text(fw, data.get("rating"))]
        for col, value in enumerate(values):
            style = styles["number"] if isinstance(value, float) else styles["text"]
            sheet.write(row, col, value, style)
        row += 1
    return row


def _rating_text(fw: Framework, rating: Any) -> Any:
    """Write a band slug as its Indonesian label; anything else as given (tests write wrong labels on purpose)."""
    if not isinstance(rating, str):
        return rating
    try:
        return fw.band(rating).text("id")
    except FrameworkError:
        return rating
