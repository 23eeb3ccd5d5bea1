"""Command line: `python -m indicators score FILE.csv` prints each agency's index, rating and top-level scores;
`python -m indicators framework check FILE` validates a framework file (YAML or framework workbook)."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from indicators.errors import FrameworkError
from indicators.framework import FRAMEWORK_SUFFIXES, Framework
from indicators.levels import scale_hint, value_problem
from indicators.messages import located_text
from indicators.model import NodeKind
from indicators.reader import check_framework_file, load_framework
from indicators.registry import default_framework_code, framework_by_code, framework_for_year
from indicators.scoring import compute_scores

SCORE_HELP = """\
Read a CSV whose first column names the agency and whose other columns are node codes of one level of
the framework: all indicators (SPBE: I1..I47, also written ID-1, 'Indikator 1'), or all nodes of one
level above them (SPBE: aspects or domains). Cells hold values on each indicator's scale (SPBE: levels,
0 = not answered) or, for levels above, scores; an empty cell means the value is absent.
The delimiter (',' or ';') is detected, UTF-8 with or without BOM is accepted, and decimal commas
('3,42') are read as decimal points.

Output (stdout): agency,index,rating,<top-level codes> with 6 decimals and the Indonesian rating label.
A row with absent values cannot have an index: its index and rating are left empty, and a last column
`missing` lists the absent codes separated by spaces. That column is written only when at least one
row is incomplete.

Exit status: 0 when scored; 1 when the file has problems (all are listed on stderr, each with its row
and column); 2 for usage errors.
"""

CHECK_HELP = """\
Validate a framework file: YAML (data/frameworks/*.yaml) or a framework workbook (.xlsx with sheets
Kerangka, Skala, Predikat, Info; see docs/frameworks.md). Every problem is listed on stderr with its
location: the sheet and cell of a workbook, the YAML path of a YAML file.

Exit status: 0 valid (a one-line summary on stdout); 1 problems; 2 usage errors.
"""


@dataclass(frozen=True)
class Table:
    """The parsed input: node kind, column codes and one (row number, agency, values) per data row."""

    kind: NodeKind
    codes: tuple[str, ...]
    rows: tuple[tuple[int, str, dict[str, float | None]], ...]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of `python -m indicators`."""
    parser = argparse.ArgumentParser(prog="python -m indicators", description="Score maturity data on a framework.")
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser("score", help="score a CSV of levels or scores per agency", description=SCORE_HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    score.add_argument("file", metavar="FILE.csv", type=Path, help="CSV file, first column the agency")
    score.add_argument("--framework", metavar="CODE|PATH",
                       help="framework code (a file in data/frameworks) or path to a framework .yaml/.xlsx; "
                            "default: the default framework of --year (data/settings.yaml), else the overall default")
    score.add_argument("--year", type=int, help="evaluation year: chooses the default framework and the rating "
                                                "basis (rounded or unrounded index)")
    framework = commands.add_parser("framework", help="work with framework files")
    actions = framework.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="validate a framework file (.yaml or .xlsx)", description=CHECK_HELP,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("file", metavar="FILE", type=Path, help="framework YAML or framework workbook")
    check.add_argument("--lang", choices=("id", "en"), default="en",
                       help="language of the problem messages (default en; a workbook's are in its words: skala, bobot)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status (0 ok, 1 problems in the file, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "framework":
        return check_file(args.file, args.lang)
    try:
        framework = choose_framework(args.framework, args.year)
    except FrameworkError as exc:
        parser.error(str(exc))
    table, problems = read_table(args.file, framework)
    if problems or table is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    write_scores(table, framework, args.year, sys.stdout)
    return 0


def choose_framework(name: str | None, year: int | None) -> Framework:
    """Return the framework named by code or path, else the default of `year`, else the overall default."""
    if name:
        if Path(name).suffix.lower() in FRAMEWORK_SUFFIXES:
            return load_framework(name)
        return framework_by_code(name)
    if year is not None:
        try:
            return framework_for_year(year)
        except FrameworkError:
            pass
    return load_framework(default_framework_code())


def check_file(path: Path, lang: str = "en") -> int:
    """Validate a framework file, print its problems in `lang` (stderr) or a summary (stdout); return 0 valid, 1 problems."""
    framework, problems = check_framework_file(path)
    for problem in problems:
        print(located_text(problem, lang), file=sys.stderr)
    if problems or framework is None:
        return 1
    levels = " › ".join(level.label("id") for level in framework.levels)
    print(f"{path}: ok: {framework.code} ({levels}; {len(framework.leaves)} indicators, "
          f"{len(framework.rating_bands)} rating bands, weights {framework.weighting})")
    return 0


def read_table(path: Path, framework: Framework) -> tuple[Table | None, list[str]]:
    """Read and check the CSV; return the table, or None with every located problem found."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return None, [f"{path}: cannot read the file: {exc.strerror}"]
    except UnicodeDecodeError as exc:
        return None, [f"{path}: not UTF-8 text (byte {exc.start}); save the file as CSV UTF-8"]
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    if not records or not any(cell.strip() for cell in records[0]):
        return None, [f"{path}: the file is empty; the first row must name the columns"]
    problems: list[str] = []
    header = [cell.strip() for cell in records[0]]
    codes: list[str] = []
    for number, title in enumerate(header[1:], start=2):
        code = framework.normalize_code(title)
        if code is None:
            problems.append(f"{path}: row 1, column {number}: header {title!r} is not a node code of "
                            f"framework {framework.code} (write e.g. {_examples(framework)})")
        elif code in codes:
            problems.append(f"{path}: row 1, column {number}: header {title!r} names {code} a second time")
        else:
            codes.append(code)
    if not header[1:]:
        problems.append(f"{path}: row 1: no node columns after the agency column")
    kinds = {framework.nodes[code].kind for code in codes}
    if len(kinds) > 1:
        listed = "; ".join(f"{k}: {', '.join(c for c in codes if framework.nodes[c].kind == k)}" for k in sorted(kinds))
        problems.append(f"{path}: row 1: the header mixes kinds of node ({listed}); use one kind only")
    if problems:
        return None, problems
    kind: NodeKind = kinds.pop()
    rows = []
    for row_number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            problems.append(f"{path}: row {row_number}: {len(record)} cells but the header has {len(header)}")
            continue
        agency = record[0].strip()
        if not agency:
            problems.append(f"{path}: row {row_number}, column 1: the agency name is empty")
        values: dict[str, float | None] = {}
        for code, cell in zip(codes, record[1:] + [""] * (len(header) - len(record)), strict=True):
            values[code], problem = _read_cell(cell, framework, kind, code)
            if problem:
                problems.append(f"{path}: row {row_number}, column {code}: {problem}")
        rows.append((row_number, agency, values))
    if not rows and not problems:
        problems.append(f"{path}: no data rows below the header")
    return (None if problems else Table(kind=kind, codes=tuple(codes), rows=tuple(rows))), problems


def _examples(framework: Framework) -> str:
    firsts = [framework.nodes_at(depth)[0].code for depth in range(framework.depth, 0, -1)]
    return ", ".join(firsts[:-1]) + f" or {firsts[-1]}" if len(firsts) > 1 else firsts[0]


def _delimiter(text: str) -> str:
    # The header holds no decimal numbers, so its separators tell ',' from ';' reliably.
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _read_cell(cell: str, framework: Framework, kind: NodeKind, code: str) -> tuple[float | None, str | None]:
    raw = cell.strip()
    if not raw:
        return None, None
    text = raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw
    try:
        number = float(text)
    except ValueError:
        return None, f"value {raw!r} is not a number; {scale_hint(framework, kind, code)}"
    problem = value_problem(framework, kind, number, code)
    return number, (problem.replace(f"value '{number:g}'", f"value {raw!r}", 1) if problem else None)


def write_scores(table: Table, framework: Framework, year: int | None, out) -> None:
    """Write agency,index,rating,<top-level codes>[,missing] rows as CSV to `out` (6 decimals, Indonesian rating label)."""
    top = [node.code for node in framework.top_nodes]
    results = [(agency, compute_scores(values, framework, level=table.kind)) for _, agency, values in table.rows]
    with_missing = any(not scores.complete for _, scores in results)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["agency", "index", "rating", *top, *(["missing"] if with_missing else [])])
    for agency, scores in results:
        band = framework.rating_for(scores.index, year)
        row = [agency, _number(scores.index), band.text("id") if band else "",
               *(_number(scores.nodes.get(code)) for code in top)]
        if with_missing:
            row.append(" ".join(scores.missing))
        writer.writerow(row)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"
