"""Write the framework workbook evaluators fill in to author a framework without code (xlsxwriter).

Sheets `Kerangka`, `Skala`, `Predikat` and `Info` are read by `indicators.check_framework_file`;
`Contoh` shows the same tables filled with the made-up "Indeks Contoh", and `Petunjuk` explains them.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import xlsxwriter

from ingest.template.framework_example import BANDS, INFO, SCALES, TREE

COLUMNS = {
    "Kerangka": ("kode", "induk", "tingkat", "nama", "name", "bobot", "skala"),
    "Skala": ("skala", "nilai", "nama", "name", "tidak_dijawab"),
    "Predikat": ("slug", "nama", "name", "min", "max", "warna"),
    "Info": ("kode", "judul", "title", "tahun_dari", "tahun_sampai", "pembulatan", "desimal", "judul_singkat",
             "short_title"),
}
EXAMPLE_ROWS = {"Kerangka": TREE, "Skala": SCALES, "Predikat": BANDS,
                "Info": [tuple(row.values()) for row in INFO]}
# Rows offered for input (dropdowns and formats reach this far).
INPUT_ROWS = 300
LEVEL_NAMES = ["Domain", "Aspek", "Indikator", "Pilar", "Komponen", "Sub-komponen"]
GUIDE = (
    "Petunjuk pengisian workbook kerangka",
    "",
    "Kerangka: satu baris per simpul pohon. 'induk' = kode simpul di atasnya (kosong untuk tingkat teratas);",
    "  'tingkat' = nama tingkat (Domain, Aspek, Indikator, Pilar, Komponen, ...), sama untuk satu kedalaman.",
    "  'bobot': relatif terhadap saudara bila setiap tingkat berbobot; bila hanya tingkat terbawah berbobot,",
    "  bobot itu persen dari indeks dan jumlahnya 100. 'skala' hanya untuk tingkat terbawah (indikator).",
    "Skala: satu baris per level bernama (nilai, nama, name); 'tidak_dijawab' = ya untuk nilai yang berarti",
    "  tidak dijawab. Skala kontinu: dua baris saja, dengan nama 'min' dan 'max'.",
    "Predikat: pita nilai indeks (min sampai max), warna '#RRGGBB'; pita tidak boleh bertumpuk atau berlubang.",
    "Info: kode kerangka, judul (Indonesia), title (Inggris, boleh kosong), tahun berlaku, pembulatan",
    "  (digit pembulatan indeks sebelum predikat; kosong = tanpa pembulatan), desimal tampilan, dan judul",
    "  singkat untuk judul halaman dan slide (judul_singkat, short_title; paling banyak 40 huruf, boleh kosong).",
    "Kolom 'name' (bahasa Inggris) boleh kosong: Tera memakai nama Indonesia.",
    "Lembar 'Contoh' berisi kerangka rekaan 'Indeks Contoh' (bukan instrumen resmi) sebagai contoh isian.",
    "Periksa: python -m indicators framework check FILE   Simpan: python -m ingest framework add FILE",
)


def write_framework_template(target: str | Path | IO[bytes], *, filled: bool = False) -> None:
    """Write an empty framework workbook (dropdowns, guide, example sheet); `filled` writes the example into it."""
    workbook = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target, {"in_memory": True})
    try:
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        cell = workbook.add_format({"bg_color": "#FFF2CC", "border": 1, "locked": False})
        for name, columns in COLUMNS.items():
            sheet = workbook.add_worksheet(name)
            sheet.write_row(0, 0, columns, header)
            sheet.set_column(0, len(columns) - 1, 16, cell)
            sheet.set_column(columns.index("nama") if "nama" in columns else 1, 2, 34, cell)
            sheet.freeze_panes(1, 0)
            _validate(sheet, name, columns)
            if filled:
                _write_rows(sheet, 1, EXAMPLE_ROWS[name])
        _write_example(workbook.add_worksheet("Contoh"), header)
        guide = workbook.add_worksheet("Petunjuk")
        guide.set_column(0, 0, 110)
        for row, line in enumerate(GUIDE):
            guide.write_string(row, 0, line)
    finally:
        workbook.close()


def _write_rows(sheet: Any, first: int, rows: list[tuple]) -> None:
    for r, values in enumerate(rows, start=first):
        for c, value in enumerate(values):
            if value is not None:
                sheet.write(r, c, value)


def _validate(sheet: Any, name: str, columns: tuple[str, ...]) -> None:
    """Dropdowns where a column takes known values; numbers where it takes numbers."""
    def column(key: str) -> int:
        return columns.index(key)

    last = INPUT_ROWS
    if name == "Kerangka":
        sheet.data_validation(1, column("induk"), last, column("induk"),
                              {"validate": "list", "source": f"=$A$2:$A${last + 1}", "ignore_blank": True})
        sheet.data_validation(1, column("tingkat"), last, column("tingkat"),
                              {"validate": "list", "source": LEVEL_NAMES, "error_type": "information",
                               "error_message": "Nama tingkat lain juga boleh."})
        sheet.data_validation(1, column("bobot"), last, column("bobot"),
                              {"validate": "decimal", "criteria": ">", "value": 0,
                               "error_message": "Bobot adalah angka positif."})
        sheet.data_validation(1, column("skala"), last, column("skala"),
                              {"validate": "list", "source": f"=Skala!$A$2:$A${last + 1}", "ignore_blank": True})
    elif name == "Skala":
        sheet.data_validation(1, column("tidak_dijawab"), last, column("tidak_dijawab"),
                              {"validate": "list", "source": ["ya"], "ignore_blank": True})
        sheet.data_validation(1, column("nilai"), last, column("nilai"), {"validate": "decimal", "criteria": "between",
                                                                          "minimum": -1e9, "maximum": 1e9})
    elif name == "Predikat":
        for key in ("min", "max"):
            sheet.data_validation(1, column(key), last, column(key), {"validate": "decimal", "criteria": "between",
                                                                      "minimum": -1e9, "maximum": 1e9})
    else:
        for key in ("tahun_dari", "tahun_sampai"):
            sheet.data_validation(1, column(key), 1, column(key), {"validate": "integer", "criteria": "between",
                                                                   "minimum": 2000, "maximum": 2100})
        for key in ("pembulatan", "desimal"):
            sheet.data_validation(1, column(key), 1, column(key), {"validate": "integer", "criteria": "between",
                                                                   "minimum": 0, "maximum": 6})


def _write_example(sheet: Any, header: Any) -> None:
    """The four tables filled with the made-up Indeks Contoh, one below the other, each under its sheet's name."""
    sheet.set_column(0, 6, 18)
    sheet.set_column(3, 3, 34)
    row = 0
    sheet.write_string(row, 0, "Contoh isian: Indeks Contoh (rekaan, bukan instrumen resmi)")
    row += 2
    for name, columns in COLUMNS.items():
        sheet.write_string(row, 0, f"Lembar {name}")
        sheet.write_row(row + 1, 0, columns, header)
        _write_rows(sheet, row + 2, EXAMPLE_ROWS[name])
        row += len(EXAMPLE_ROWS[name]) + 4
