"""Turn CSV bytes into a grid: encoding (UTF-8 with or without BOM, else cp1252) and delimiter sniffed."""

from __future__ import annotations

import csv
import io
from collections import Counter

from ingest.readers.grid import Sheet, UnreadableFile
from ingest.readers.limits import MAX_COLUMNS, MAX_ROWS

DELIMITERS = (",", ";", "\t")


def decode(data: bytes) -> str:
    """Return CSV text: UTF-8 (BOM dropped), else cp1252 as Excel on Indonesian Windows saves it."""
    if b"\x00" in data[:65536]:
        raise UnreadableFile("binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise UnreadableFile("encoding") from None
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > max(3, len(sample) // 200):
        raise UnreadableFile("binary")
    return text


def sniff_delimiter(text: str) -> str:
    """Return the delimiter that splits the first lines into the most consistent, widest rows."""
    lines = text.splitlines()[:30]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if row)
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        score = (count if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv_sheet(data: bytes) -> Sheet:
    """Return the CSV file as one sheet of text values (at most MAX_ROWS rows, MAX_COLUMNS columns)."""
    text = decode(data)
    rows = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        for row in reader:
            if len(rows) >= MAX_ROWS:
                break
            rows.append([value if value.strip() else None for value in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        # The sniffer reads the first lines with the csv module too, so a huge field fails there first.
        if "field larger than field limit" in str(exc):
            raise UnreadableFile("csv-field", limit=f"{csv.field_size_limit():,}") from None
        raise UnreadableFile("csv-broken", detail=str(exc)) from None
    return Sheet(name="", rows=rows, csv=True)
