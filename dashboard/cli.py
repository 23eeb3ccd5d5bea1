"""Command line: `python -m dashboard export ranking --year YEAR [--framework CODE] [--type T] [--format csv|xlsx]
[--out FILE] [--db URL]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dashboard.logic import peringkat, results
from dashboard.render import export
from indicators import IndicatorsError
from ingest.errors import IngestError


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the dashboard command line."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Tera dashboard exports.")
    commands = parser.add_subparsers(dest="command", required=True)
    export_cmd = commands.add_parser("export", help="write a table to a file")
    what = export_cmd.add_subparsers(dest="what", required=True)
    ranking = what.add_parser("ranking", help="the ranking of one year (one row per agency with a final result)")
    ranking.add_argument("--year", type=int, required=True)
    ranking.add_argument("--framework", metavar="CODE", default=None,
                         help="framework (default: the year's default, see data/settings.yaml)")
    ranking.add_argument("--type", dest="agency_type", default=None, help="agency type slug, e.g. kabupaten")
    ranking.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    ranking.add_argument("--out", type=Path, default=None, help="output file (stdout for CSV when absent)")
    ranking.add_argument("--db", default=None, help="store URL (default: DATABASE_URL or data/tera.db)")
    return parser


def compute_ranking_table(db_url: str | None, year: int, agency_type: str | None,
                          framework_code: str | None = None) -> pd.DataFrame:
    """Return the ranking rows of agencies with a final result in `year` and framework (optionally one type).

    Columns: rank, agency_code, agency_name, agency_type, province, index, rating, then the framework's
    top-level node codes; the file has no rank_change column.
    """
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.store import get_engine

    engine = get_engine(db_url)
    framework = FrameworkCatalog.from_store(engine).resolve(framework_code, year)
    history = results.compute_history(engine, framework)
    rows = history[(history["year"] == year) & history["submitted"]]
    rows = peringkat.sort_for_ranking(peringkat.filter_results(rows, agency_type=agency_type))
    return peringkat.ranking_export(rows, framework, year, "id")[peringkat.ranking_export_columns(framework, False)]


def run_export_ranking(args: argparse.Namespace) -> int:
    """Write the ranking file; return the process exit code."""
    if args.format == "xlsx" and args.out is None:
        print("error: --format xlsx needs --out FILE", file=sys.stderr)
        return 2
    table = compute_ranking_table(args.db, args.year, args.agency_type, args.framework)
    if table.empty:
        which = f" of type {args.agency_type}" if args.agency_type else ""
        named = f" in framework {args.framework}" if args.framework else ""
        print(f"error: no final results for {args.year}{which}{named} in the store", file=sys.stderr)
        return 1
    if args.format == "xlsx":
        args.out.write_bytes(export.write_xlsx(table, sheet=f"peringkat-{args.year}"))
        return 0
    content = export.write_csv(table, float_format="%.6f")
    if args.out is None:
        sys.stdout.buffer.write(content.removeprefix(b"\xef\xbb\xbf"))
    else:
        args.out.write_bytes(content)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run_export_ranking(args)
    except (IngestError, IndicatorsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
