"""Limits that keep hostile or accidental huge files from exhausting memory (one place to change them)."""

from __future__ import annotations

# A full evaluation workbook is ~30 KB and the largest recap ~200 KB; 20 MB leaves ample room.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Zip-based files (xlsx, xlsm, ods) may not unpack to more than this, nor compress better than the ratio:
# a "zip bomb" unpacks a few KB into gigabytes.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# Rows and columns read from any one sheet; the rest is ignored (stray cells far away are common).
MAX_ROWS = 20_000
MAX_COLUMNS = 300
# How far down the header row of a table is searched for.
HEADER_SCAN_ROWS = 30
