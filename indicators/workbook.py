"""Read a framework workbook (sheets Kerangka, Skala, Predikat, Info) into the plain data a YAML file gives.

Every value keeps the sheet and cell it came from (`_locations`: YAML path → (sheet, cell)), so the
validator's problems can be reported where the evaluator typed the value.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from indicators.collect import read_number
from indicators.errors import Problem
from indicators.tree import MAX_DEPTH

SHEETS = {
    "Kerangka": ("kode", "induk", "tingkat", "nama", "name", "bobot", "skala"),
    "Skala": ("skala", "nilai", "nama", "name"),
    "Predikat": ("slug", "nama", "name", "min", "max", "warna"),
    "Info": ("kode", "judul", "title", "tahun_dari", "tahun_sampai", "pembulatan"),
    # Optional: indicators whose raw value has its own scale (a 0–100 survey) and how it converts.
    "Konversi": ("kode", "dari", "sampai", "ke_dari", "ke_sampai"),
}
# Columns a sheet may have besides the required ones.
OPTIONAL = {"Skala": ("tidak_dijawab",), "Info": ("desimal", "judul_singkat", "short_title")}
REQUIRED = {"Kerangka": ("kode", "tingkat", "nama"), "Skala": ("skala", "nilai", "nama"),
            "Predikat": ("slug", "nama", "min", "max", "warna"), "Info": ("kode", "judul", "tahun_dari"),
            "Konversi": ("kode", "dari", "sampai", "ke_dari")}
# YAML paths each sheet fills: when the sheet cannot be read, the validator's problems there are only echoes.
SECTIONS = {"Kerangka": ("tree", "levels", "weighting"), "Skala": ("scales",), "Predikat": ("rating.bands",),
            "Info": ("code", "title", "years"), "Konversi": ()}
# Header rows may sit below a title block; look this far down for them.
HEADER_SEARCH_ROWS = 10
YES = {"ya", "yes", "y", "x", "1", "true", "benar"}


@lru_cache(maxsize=1024)  # every cell address of a file names one of a few columns
def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 → 'A', 27 → 'AB')."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Row:
    """One data row of a sheet: its 1-based row number and its cells by column name."""

    number: int
    cells: dict[str, Any]
    columns: dict[str, int]
    sheet: str

    def get(self, column: str) -> Any:
        """Return the cell value of a column (stripped text, None for empty)."""
        value = self.cells.get(column)
        if isinstance(value, str):
            value = value.strip()
        return None if value == "" else value

    def text(self, column: str) -> str | None:
        """Return the cell of a column as text (12.0 → "12"), None for empty."""
        value = self.get(column)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip() or None

    def cell(self, column: str) -> tuple[str, str]:
        """Return (sheet, "F7") of a column in this row."""
        return self.sheet, f"{column_letter(self.columns[column])}{self.number}"


class _Reader:
    def __init__(self, raw: bytes, label: str) -> None:
        self.label = label
        self.problems: list[Problem] = []
        self.locations: dict[str, tuple[str, str]] = {}
        self.unread: list[str] = []
        # (code, bobot) of rows under an unknown induk: out of the tree, yet part of the weight total written.
        self.orphans: list[tuple[str, float]] = []
        self.header_row: dict[str, int] = {}
        self.book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        self.names = {name.strip().casefold(): name for name in self.book.sheet_names}

    def add(self, type_: str, message: str, sheet: str, cell: str | None = None, value: Any = None, **fields: Any) -> None:
        """Record one problem at a sheet and cell (`fields`: what the message was made from, for other languages)."""
        self.problems.append(Problem(type=type_, message=message, sheet=sheet, cell=cell, value=value,
                                              file=self.label, fields=fields))

    def at(self, path: str, row: Row, column: str) -> None:
        """Remember which cell a YAML path came from."""
        if column in row.columns:
            self.locations[path] = row.cell(column)

    def rows(self, sheet: str) -> tuple[list[Row], dict[str, int]]:
        """Return the data rows of a sheet and its columns (found below a title block), recording layout problems."""
        actual = self.names.get(sheet.casefold())
        if actual is None:
            self.add("missing-sheet", f"the workbook has no sheet {sheet!r}; add it with the columns "
                                      f"{', '.join(SHEETS[sheet])}", sheet, missing=sheet, columns=", ".join(SHEETS[sheet]))
            self.unread += SECTIONS[sheet]
            return [], {}
        grid = self.book.get_sheet_by_name(actual).to_python(skip_empty_area=False)
        wanted = set(SHEETS[sheet]) | set(OPTIONAL.get(sheet, ()))
        for r, line in enumerate(grid[:HEADER_SEARCH_ROWS]):
            found = {_header_key(v): c for c, v in enumerate(line) if str(v).strip()}
            if set(REQUIRED[sheet]) <= set(found):
                self.header_row[sheet] = r + 1
                columns = {name: c for name, c in found.items() if name in wanted}
                rows = [Row(number=r + 2 + i, cells={n: (line2[c] if c < len(line2) else None) for n, c in columns.items()},
                            columns=columns, sheet=actual)
                        for i, line2 in enumerate(grid[r + 1:])]
                return [row for row in rows if any(row.get(n) is not None for n in columns)], columns
        missing = ", ".join(REQUIRED[sheet])
        self.add("missing-header", f"no header row with the columns {missing} in the first {HEADER_SEARCH_ROWS} rows",
                 actual, "A1", columns=missing, rows=HEADER_SEARCH_ROWS)
        self.unread += SECTIONS[sheet]
        return [], {}


def _header_key(value: Any) -> str:
    """Return the column name a header cell means: 'Bobot (%)', 'BOBOT*' and 'bobot\n(persen)' all mean 'bobot'."""
    text = re.split(r"[(\n]", str(value), maxsplit=1)[0]
    return re.sub(r"[\s_]+", "_", text.strip().casefold().rstrip("*").strip())


def read_framework_workbook(raw: bytes, label: str = "<workbook>") -> tuple[dict[str, Any] | None, list[Problem]]:
    """Return the plain framework data of a framework workbook (with `_locations`) and the problems of its layout."""
    try:
        reader = _Reader(raw, label)
    except (CalamineError, OSError, ValueError) as exc:
        return None, [Problem("unreadable-workbook", f"not a readable .xlsx workbook: {exc}", file=label,
                                       fields={"detail": str(exc)})]
    data: dict[str, Any] = {}
    _read_info(reader, data)
    _read_tree(reader, data)
    _read_conversions(reader, data)
    _read_scales(reader, data)
    _read_bands(reader, data)
    data["_locations"] = reader.locations
    data["_unread"] = reader.unread
    data["_orphans"] = reader.orphans
    return data, reader.problems


def _read_info(reader: _Reader, data: dict[str, Any]) -> None:
    rows, _ = reader.rows("Info")
    if not rows:
        if "info" in reader.names:
            reader.add("empty-sheet", "sheet Info needs one row below its header (kode, judul, tahun_dari...)", "Info",
                       table="Info")
        return
    row = rows[0]
    for extra in rows[1:]:
        reader.add("extra-row", "sheet Info holds one framework; remove this row", extra.sheet, extra.cell("kode")[1],
                   table="Info")
    data["code"] = row.text("kode")
    data["title"] = {"id": row.text("judul"), **({"en": row.text("title")} if row.text("title") else {})}
    data["years"] = {"from": row.get("tahun_dari"), "to": row.get("tahun_sampai")}
    data["rating"] = {"basis": {"default": {"round": row.get("pembulatan")}}}
    if row.get("desimal") is not None:
        data["decimals"] = row.get("desimal")
    if row.text("judul_singkat") or row.text("short_title"):
        data["short_title"] = {"id": row.text("judul_singkat"),
                               **({"en": row.text("short_title")} if row.text("short_title") else {})}
    for path, column in (("code", "kode"), ("title", "judul"), ("title.id", "judul"), ("years.from", "tahun_dari"),
                         ("years.to", "tahun_sampai"), ("rating.basis.default", "pembulatan"), ("decimals", "desimal"),
                         ("short_title", "judul_singkat"), ("short_title.id", "judul_singkat"),
                         ("short_title.en", "short_title")):
        reader.at(path, row, column)


def _read_tree(reader: _Reader, data: dict[str, Any]) -> None:
    rows, columns = reader.rows("Kerangka")
    if not rows:
        return
    first: dict[str, Row] = {}
    for row in rows:
        code = row.text("kode")
        if code is None:
            reader.add("missing-code", "every row needs a code (kode)", *row.cell("kode"), table=row.sheet)
        elif code not in first:
            first[code] = row
    children: dict[str | None, list[Row]] = {}
    for row in rows:
        code, parent = row.text("kode"), row.text("induk")
        if code is None:
            continue
        if parent is not None and parent not in first:
            reader.add("unknown-parent", f"induk {parent!r} of {code} is not a code in column kode; write an existing "
                                         "code or leave it empty for the top level", *row.cell("induk"), parent,
                       parent=parent, code=code)
            # The row is left out of the tree; its bobot still counts in the total (see `_orphans`).
            weight = read_number(row.get("bobot"))
            if weight is not None:
                reader.orphans.append((code, weight))
            continue
        children.setdefault(parent, []).append(row)
    placed: set[int] = set()
    depth_names: dict[int, tuple[str, Row]] = {}

    def build(row: Row, depth: int, path: str) -> dict[str, Any]:
        placed.add(row.number)
        code = row.text("kode")
        level = row.text("tingkat")
        if level is not None:
            known = depth_names.setdefault(depth, (level, row))
            if known[0].casefold() != level.casefold():
                reader.add("level-mismatch", f"{code} sits at depth {depth}, whose level is {known[0]!r} "
                                             f"(row {known[1].number}), but says {level!r}", *row.cell("tingkat"), level,
                           code=code, depth=depth, known=known[0], row=known[1].number, level=level)
        node: dict[str, Any] = {"code": code, "name": {"id": row.text("nama")}}
        if row.text("name"):
            node["name"]["en"] = row.text("name")
        for key, column in (("code", "kode"), ("name", "nama"), ("name.id", "nama"), ("weight", "bobot"),
                            ("scale", "skala")):
            reader.at(f"{path}.{key}", row, column)
        reader.at(path, row, "kode")
        if row.get("bobot") is not None:
            node["weight"] = row.get("bobot")
        if row.text("skala") is not None:
            node["scale"] = row.text("skala")
        # Only the first row of a code takes children; a row already placed is never placed twice.
        kids = [kid for kid in children.get(code, []) if kid.number not in placed] if first.get(code) is row else []
        if kids and depth == MAX_DEPTH:
            placed.update(_subtree(kids, children, first))
            reader.add("too-deep", f"{kids[0].text('kode')} would sit {depth + 1} levels deep; a framework has at "
                                   f"most {MAX_DEPTH}", *kids[0].cell("induk"), code, code=kids[0].text("kode"),
                       depth=depth + 1, most=MAX_DEPTH)
            kids = []
        if kids:
            node["children"] = [build(kid, depth + 1, f"{path}.children[{i}]") for i, kid in enumerate(kids)]
        return node

    data["tree"] = [build(row, 1, f"tree[{i}]") for i, row in enumerate(children.get(None, []))]
    for row in rows:
        if row.number not in placed and row.text("kode") is not None and row.text("induk") in first \
                and _in_cycle(row, first):
            reader.add("parent-cycle", f"{row.text('kode')} is its own ancestor through column induk; "
                                       "break the loop", *row.cell("induk"), row.text("induk"), code=row.text("kode"))
    if not data["tree"] and rows:
        reader.add("no-top-level", "no row has an empty induk: the top level of the tree is missing",
                   *rows[0].cell("induk" if "induk" in columns else "kode"), table=rows[0].sheet)
    depth = max(max(depth_names, default=0), _tree_depth(data["tree"]))
    # A depth nobody named is reported below; the placeholder only keeps the validator from repeating it.
    data["levels"] = [{"id": depth_names[d][0] if d in depth_names else f"?{d}"} for d in range(1, depth + 1)]
    for d in range(1, depth + 1):
        if d in depth_names:
            reader.at(f"levels[{d - 1}]", depth_names[d][1], "tingkat")
    for d in range(1, _tree_depth(data["tree"]) + 1):
        if d not in depth_names:
            reader.add("missing-level", f"no row at depth {d} names its level in column tingkat", "Kerangka",
                       f"{column_letter(columns['tingkat'])}{reader.header_row['Kerangka']}", depth=d)
    data["weighting"] = "relative" if any(row.get("bobot") is not None and row.text("kode") in children
                                          for row in rows) else "bottom-percent"
    if "bobot" in columns:
        reader.locations["tree"] = (rows[0].sheet, f"{column_letter(columns['bobot'])}{reader.header_row['Kerangka']}")


def _read_conversions(reader: _Reader, data: dict[str, Any]) -> None:
    """Sheet Konversi (optional): one row `dari`–`sampai` → `ke_dari`–`ke_sampai` converts linearly; several rows
    without `ke_sampai` are bands (`dari`–`sampai` → `ke_dari`)."""
    if "konversi" not in reader.names:
        return
    rows, _ = reader.rows("Konversi")
    nodes = dict(_walk(data.get("tree") or [], "tree"))
    groups: dict[str, list[Row]] = {}
    for row in rows:
        code = row.text("kode")
        if code not in nodes:
            reader.add("unknown-code", f"kode {code!r} of sheet Konversi is not a code of sheet Kerangka",
                       *row.cell("kode"), code, code=code)
            continue
        groups.setdefault(code, []).append(row)
    for code, group in groups.items():
        node, path = nodes[code]
        first = group[0]
        reader.at(f"{path}.conversion", first, "kode")
        if len(group) == 1 and first.get("ke_sampai") is not None:
            node["conversion"] = {"from": [first.get("dari"), first.get("sampai")],
                                  "to": [first.get("ke_dari"), first.get("ke_sampai")]}
            reader.at(f"{path}.conversion.from", first, "dari")
            reader.at(f"{path}.conversion.to", first, "ke_dari")
            continue
        node["conversion"] = {"bands": [[row.get("dari"), row.get("sampai"), row.get("ke_dari")] for row in group]}
        for i, row in enumerate(group):
            reader.at(f"{path}.conversion.bands[{i}]", row, "dari")


def _walk(nodes: list[dict[str, Any]], path: str):
    """Yield (code, (node, YAML path)) of every node of the tree read from sheet Kerangka."""
    for i, node in enumerate(nodes):
        here = f"{path}[{i}]"
        yield node.get("code"), (node, here)
        yield from _walk(node.get("children") or [], f"{here}.children")


def _subtree(rows: list[Row], children: dict[str | None, list[Row]], first: dict[str, Row]) -> set[int]:
    """Return the row numbers of `rows` and everything below them (iteratively: the chain may be long)."""
    seen: set[int] = set()
    stack = list(rows)
    while stack:
        row = stack.pop()
        if row.number in seen:
            continue
        seen.add(row.number)
        if first.get(row.text("kode")) is row:
            stack += children.get(row.text("kode"), [])
    return seen


def _tree_depth(nodes: list[dict[str, Any]]) -> int:
    return max((1 + _tree_depth(n.get("children", [])) for n in nodes), default=0)


def _in_cycle(row: Row, first: dict[str, Row]) -> bool:
    """True when following induk from `row` comes back to it (rows under an unknown parent are not cycles)."""
    seen = {row.text("kode")}
    parent = row.text("induk")
    while parent is not None and parent in first:
        if parent in seen:
            return parent == row.text("kode")
        seen.add(parent)
        parent = first[parent].text("induk")
    return False


def _read_scales(reader: _Reader, data: dict[str, Any]) -> None:
    rows, columns = reader.rows("Skala")
    if rows:
        reader.locations["scales"] = (rows[0].sheet, f"{column_letter(columns['skala'])}{reader.header_row['Skala']}")
    if _swapped(rows):
        # One message for the swap, then the sheet is read as meant: no message per row.
        header = reader.header_row["Skala"]
        reader.add("swapped-columns", "columns nilai and nama of sheet Skala look swapped: nilai holds names "
                   f"({rows[0].text('nilai')!r}) and nama holds numbers ({rows[0].text('nama')}); swap the two headers",
                   rows[0].sheet, f"{column_letter(columns['nilai'])}{header}", first="nilai", second="nama",
                   table=rows[0].sheet, name=rows[0].text("nilai"), number=rows[0].text("nama"))
        columns["nilai"], columns["nama"] = columns["nama"], columns["nilai"]
        for row in rows:
            row.cells["nilai"], row.cells["nama"] = row.cells["nama"], row.cells["nilai"]
    groups: dict[str, list[Row]] = {}
    for row in rows:
        name = row.text("skala")
        if name is None:
            reader.add("missing-scale-name", "every row needs the scale's name (skala)", *row.cell("skala"),
                       table=row.sheet)
            continue
        groups.setdefault(name, []).append(row)
    scales: dict[str, Any] = {}
    for name, group in groups.items():
        path = f"scales.{name}"
        reader.at(path, group[0], "skala")
        words = [str(row.text("nama") or "").casefold() for row in group]
        if sorted(words) == ["max", "min"]:
            bounds = {word: row for word, row in zip(words, group, strict=True)}
            scales[name] = {"kind": "continuous", "name": {"id": name},
                            "min": bounds["min"].get("nilai"), "max": bounds["max"].get("nilai")}
            reader.at(f"{path}.min", bounds["min"], "nilai")
            reader.at(f"{path}.max", bounds["max"], "nilai")
            continue
        levels: dict[Any, Any] = {}
        scale: dict[str, Any] = {"kind": "named", "name": {"id": name}, "levels": levels}
        for row in group:
            value = row.get("nilai")
            if str(row.text("tidak_dijawab") or "").casefold() in YES:
                scale["not_answered"] = value
                reader.at(f"{path}.not_answered", row, "nilai")
                continue
            key = int(value) if isinstance(value, float) and value.is_integer() else value
            if key in levels:
                reader.add("duplicate-level", f"skala {name} names level {key} twice", *row.cell("nilai"), value,
                           scale=name, level=key)
                continue
            levels[key] = {"id": row.text("nama"), **({"en": row.text("name")} if row.text("name") else {})}
            reader.at(f"{path}.levels.{key}", row, "nilai")
            reader.at(f"{path}.levels.{key}.id", row, "nama")
        scales[name] = scale
    data["scales"] = scales


def _swapped(rows: list[Row]) -> bool:
    """True when every Skala row that fills both columns has a name in nilai and a number in nama."""
    pairs = [(row.get("nilai"), row.get("nama")) for row in rows
             if row.get("nilai") is not None and row.get("nama") is not None]
    return bool(pairs) and all(read_number(value) is None and read_number(name) is not None for value, name in pairs)


def _read_bands(reader: _Reader, data: dict[str, Any]) -> None:
    rows, _ = reader.rows("Predikat")
    bands = []
    for i, row in enumerate(rows):
        color = row.text("warna") or ""
        if color and not color.startswith("#"):
            color = f"#{color}"
        bands.append({"slug": row.text("slug"), "label": {"id": row.text("nama"), **({"en": row.text("name")}
                                                                                      if row.text("name") else {})},
                      "min": row.get("min"), "max": row.get("max"), "color": color})
        path = f"rating.bands[{i}]"
        reader.at(path, row, "slug")
        for key, column in (("slug", "slug"), ("label", "nama"), ("label.id", "nama"), ("min", "min"), ("max", "max"),
                            ("color", "warna")):
            reader.at(f"{path}.{key}", row, column)
    data.setdefault("rating", {})["bands"] = bands
