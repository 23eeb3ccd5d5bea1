"""Limits that keep hostile or accidental huge files from exhausting memory (one place to change them)."""

from __future__ import annotations

# A full evaluation workbook is ~30 KB and the largest recap ~200 KB; 20 MB leaves ample room.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Zip-based files (xlsx, xlsm, ods) may not unpack to more than this, nor compress better than the ratio:
# a "zip bomb" unpacks a few KB into gigabytes.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# calamine allocates every cell of the rectangle spanned by a sheet's used cells before we see any of
# them, so one stray cell at XFD1048576 would ask for hundreds of gigabytes and abort the process.
# Spreadsheet sheets whose cells span more than this many cells are refused before calamine opens them.
MAX_SHEET_CELLS = 2_000_000
# Rows and columns read from any one sheet; the rest is ignored (stray cells far away are common).
MAX_ROWS = 20_000
MAX_COLUMNS = 300
# How far down the header row of a table is searched for.
HEADER_SCAN_ROWS = 30
