"""Column header synonyms (Indonesian and English) and finding a table's header row in a grid.

This is the one synonym table of the readers; the template writer takes its headers from here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from indicators import Framework
from ingest.cells import label_key, text
from ingest.readers.grid import Sheet
from ingest.readers.limits import HEADER_SCAN_ROWS

# role: synonyms; the first synonym is the header the template writes.
WORKBOOK_COLUMNS: dict[str, tuple[str, ...]] = {
    "no": ("No", "No.", "Nomor", "#"),
    "code": ("Kode", "Kode Indikator", "Indikator No", "No Indikator", "Nomor Indikator", "ID", "Code", "Indicator code", "Indicator ID"),
    "domain": ("Domain", "Nama Domain"),
    "aspect": ("Aspek", "Aspect", "Nama Aspek"),
    "indicator": ("Indikator", "Nama Indikator", "Indicator", "Indicator name"),
    "level:mandiri": ("Level Mandiri", "Nilai Mandiri", "Penilaian Mandiri", "Tingkat Mandiri", "Level Penilaian Mandiri", "Self-assessment", "Self assessment", "Self assessment level"),
    "explanation": ("Penjelasan", "Explanation", "Fakta dan Analisis", "Penjelasan Instansi"),
    "evidence": ("Bukti Dukung", "Bukti", "Evidence", "Dokumen Bukti Dukung"),
    "level:dokumen": ("Level Penilaian Dokumen", "Level Dokumen", "Penilaian Dokumen", "Nilai Dokumen", "Desk", "Desk assessment", "Document assessment", "Document review"),
    "level:interviu": ("Level Interviu", "Interviu", "Nilai Interviu", "Level Wawancara", "Wawancara", "Interview", "Interview level"),
    "level:visitasi": ("Level Visitasi", "Visitasi", "Nilai Visitasi", "Site visit", "Site visit level"),
    "level:hasil": ("Level Akhir", "Nilai Akhir", "Hasil", "Level Final", "Final", "Final level"),
    "level": ("Level", "Nilai", "Tingkat", "Tingkat Kematangan", "Maturity level"),
    "justification": ("Justifikasi Asesor", "Justifikasi", "Catatan Asesor", "Justification", "Assessor notes", "Assessor justification"),
    "review": ("Reviu", "Validasi", "Review", "Reviu Valid Tidak Valid", "Hasil Reviu"),
}

RECAP_COLUMNS: dict[str, tuple[str, ...]] = {
    "no": ("No", "No.", "Nomor", "#"),
    "agency": ("Nama Instansi", "Instansi", "Nama", "Nama Pemerintah Daerah", "Pemerintah Daerah", "Instansi Pusat", "Agency", "Agency name", "Name"),
    "agency_code": ("Kode Instansi", "Kode", "Agency code", "Code"),
    "province": ("Provinsi", "Province", "Nama Provinsi"),
    "year": ("Tahun", "Year", "Tahun Evaluasi"),
    "index": ("Indeks", "Indeks SPBE", "Nilai Indeks", "Index", "SPBE index", "Indeks Akhir"),
    "rating": ("Predikat", "Rating", "Kategori"),
    "type": ("Jenis", "Jenis Instansi", "Type", "Kategori Instansi"),
    "notes": ("Catatan", "Keterangan", "Notes"),
}

# Cover block labels of the evaluation workbook (label in one cell, value in a cell to its right).
COVER_LABELS: dict[str, tuple[str, ...]] = {
    "agency": ("Instansi", "Nama Instansi", "Agency", "Agency name"),
    "agency_code": ("Kode Instansi", "Kode", "Agency code"),
    "province": ("Provinsi", "Province"),
    "year": ("Tahun", "Year", "Tahun Evaluasi", "Evaluation year"),
    "framework": ("Kerangka", "Kerangka Kerja", "Framework"),
    "stage": ("Tahap", "Stage"),
}

# Words before a node header in recap tables ("Indeks Domain 1", "Nilai Aspek 2") carry no meaning.
_NODE_PREFIX = re.compile(r"^(?:indeks|index|nilai|skor|score|tingkat kematangan|tingkat|level)\s+", re.IGNORECASE)


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {label_key(synonym): role for role, synonyms in table.items() for synonym in synonyms}


WORKBOOK_LOOKUP = _lookup(WORKBOOK_COLUMNS)
RECAP_LOOKUP = _lookup(RECAP_COLUMNS)
COVER_LOOKUP = _lookup(COVER_LABELS)


def header_text(role: str) -> str:
    """Return the header the template writes for a workbook column role."""
    return WORKBOOK_COLUMNS[role][0]


def node_for_header(fw: Framework, value: Any) -> str | None:
    """Return the node a recap column header names ('Domain 1', 'D1_kebijakan', 'Indeks Aspek 2', a node name)."""
    raw = text(value)
    if not raw:
        return None
    raw = _NODE_PREFIX.sub("", raw)
    tokens = [token for token in re.split(r"[\s_:]+", raw) if token]
    for size in range(min(len(tokens), 3), 0, -1):
        code = fw.normalize_code(" ".join(tokens[:size]))
        if code:
            return code
    key = label_key(raw)
    for node in fw.nodes.values():
        if key in {label_key(name) for name in node.name.values()}:
            return node.code
    return None


@dataclass
class Header:
    """A table's header: the row(s) it spans and which column holds which role or node."""

    row: int
    height: int
    roles: dict[str, int] = field(default_factory=dict)
    nodes: dict[str, int] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)

    @property
    def first_data_row(self) -> int:
        """Row index just below the header."""
        return self.row + self.height

    def where(self, sheet: Sheet, row: int, col: int) -> str:
        """Return a cell's location, naming CSV columns by this header's label."""
        return sheet.locate(row, col, self.labels.get(col))


@lru_cache(maxsize=4096)
def _text_key(value: str) -> str:
    # Header and cover searches meet the same few labels in every file of a batch: reduce each label once.
    return label_key(value)


def cell_key(value: Any) -> str:
    """Return `label_key` of a cell value, cached for text (the labels that repeat from file to file)."""
    return _text_key(value) if isinstance(value, str) else label_key(value)


def read_roles(sheet: Sheet, row: int, lookup: dict[str, str]) -> Header:
    """Return the roles the cells of one row name, first column winning when a role repeats."""
    roles, labels = _row_roles(sheet, row, lookup)
    return Header(row=row, height=1, roles=roles, labels=labels)


def _row_roles(sheet: Sheet, row: int, lookup: dict[str, str]) -> tuple[dict[str, int], dict[int, str]]:
    roles: dict[str, int] = {}
    labels: dict[int, str] = {}
    for col, value in enumerate(sheet.row_values(row)):
        role = lookup.get(cell_key(value)) if value is not None else None
        if role and role not in roles:
            roles[role] = col
            labels[col] = text(value)
    return roles, labels


def find_workbook_header(sheet: Sheet) -> Header | None:
    """Return the evaluation table's header: a row naming an indicator column and a level column."""
    for row in range(min(sheet.height, HEADER_SCAN_ROWS)):
        cells = sheet.rows[row]
        if len(cells) - cells.count(None) < 2:
            continue  # a level and a code (or indicator, or number) take two cells: titles and notes are passed over
        # A Header is made for the row found only: the search passes ~50 rows of every file.
        roles, labels = _row_roles(sheet, row, WORKBOOK_LOOKUP)
        has_levels = any(role.startswith("level") for role in roles)
        if has_levels and ({"code", "indicator", "no"} & roles.keys()):
            return Header(row=row, height=1, roles=roles, labels=labels)
    return None


def recap_header_at(sheet: Sheet, row: int, fw: Framework) -> Header | None:
    """Return a recap header starting at `row` (one row, or two with group labels over node numbers), or None."""
    header = read_roles(sheet, row, RECAP_LOOKUP)
    if "agency" not in header.roles:
        return None
    top = sheet.row_values(row)
    for col, value in enumerate(top):
        code = node_for_header(fw, value) if col not in header.labels and value is not None else None
        if code and code not in header.nodes:
            header.nodes[code] = col
            header.labels[col] = text(value)
    below = _sub_header(sheet, row, top, header, fw)
    if below:
        header.height = 2
        for code, (col, label) in below.items():
            header.nodes.setdefault(code, col)
            header.labels[col] = label
    if not header.nodes and "index" not in header.roles:
        return None
    return header


def _sub_header(sheet: Sheet, row: int, top: list[Any], header: Header, fw: Framework) -> dict[str, tuple[int, str]]:
    # Two-row headers merge a group label ("Indeks Domain") over node numbers ("1 2 3 4"); the merged
    # label sits in its first column only, so it is carried right across the blank cells of the top row.
    below = sheet.row_values(row + 1)
    if not below or sheet.cell(row + 1, header.roles["agency"]) is not None:
        return {}
    found: dict[str, tuple[int, str]] = {}
    group = ""
    for col in range(len(below)):
        above = top[col] if col < len(top) else None
        if above is not None:
            group = "" if col in header.labels else text(above)
        value = below[col]
        if value is None:
            continue
        label = f"{group} {text(value)}".strip()
        # A header of its own ("Domain 1⏎Kebijakan Internal") names the node; the group only completes
        # a bare number ("Indeks Domain" over "1 2 3 4").
        code = node_for_header(fw, value) or node_for_header(fw, label)
        if code is None:
            return {}
        found[code] = (col, label)
    return found
