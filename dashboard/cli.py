"""Command line: `python -m dashboard export ranking|levels ...` and `python -m dashboard site ...` (see `--help`).

Every export reads through the viewer layer (`ingest.access.reads`): the CLI runs as an evaluator,
or as `--as EMAIL` (a user of the store) or `--as public`, and then writes only what that viewer
may see.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dashboard.logic import peringkat
from dashboard.render import export
from dashboard.state import history as history_state
from indicators import IndicatorsError, round_half_up
from ingest.access import EVALUATOR_VIEWER, PUBLIC_VIEWER, Viewer, viewer_for_user
from ingest.access.reads import load_levels_table
from ingest.errors import AccessDenied, IngestError, UserError


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the dashboard command line."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Tera dashboard exports.")
    commands = parser.add_subparsers(dest="command", required=True)
    export_cmd = commands.add_parser("export", help="write a table to a file")
    what = export_cmd.add_subparsers(dest="what", required=True)
    ranking = what.add_parser("ranking", help="the ranking of one year (one row per agency with a final result)")
    ranking.add_argument("--year", type=int, required=True)
    ranking.add_argument("--type", dest="agency_type", default=None, help="agency type slug, e.g. kabupaten")
    ranking.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    ranking.add_argument("--out", type=Path, default=None, help="output file (stdout for CSV when absent)")
    levels = what.add_parser("levels", help="one agency's indicator levels of a year (one row per indicator)")
    levels.add_argument("--year", type=int, required=True)
    levels.add_argument("--kode", required=True, metavar="CODE", help="agency code, e.g. 35.10")
    levels.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    levels.add_argument("--out", type=Path, default=None, help="output file (stdout for CSV when absent)")
    for sub in (ranking, levels):
        sub.add_argument("--framework", metavar="CODE", default=None,
                         help="framework (default: the only one with results that year, "
                         "else the year's default in data/settings.yaml)")
        sub.add_argument("--as", dest="as_", metavar="EMAIL|public", default=None,
                         help="write only what this user (or the public) may see; default: as an evaluator")
    levels.add_argument("--db", default=None, help="store URL (default: DATABASE_URL or data/tera.db)")
    ranking.add_argument("--db", default=None, help="store URL (default: DATABASE_URL or data/tera.db)")
    site = commands.add_parser("site", help="write the static public site of a published year (public results only)")
    site.add_argument("--year", type=int, required=True)
    site.add_argument("--framework", metavar="CODE", default=None, help="framework (default: the year's default)")
    site.add_argument("--out", type=Path, required=True, help="folder to write (replaced whole)")
    site.add_argument("--app-url", default=None, help="base URL of the live app (default: TERA_APP_URL or /)")
    site.add_argument("--db", default=None, help="store URL (default: DATABASE_URL or data/tera.db)")
    return parser


def resolve_viewer(engine, as_: str | None) -> Viewer:
    """Return the viewer an export runs as: evaluator (default), the public, or a user of the store by e-mail."""
    if as_ is None:
        return EVALUATOR_VIEWER
    if as_.strip().lower() == "public":
        return PUBLIC_VIEWER
    viewer = viewer_for_user(engine, as_)
    if viewer.role == "public":
        raise UserError(f"no active user {as_!r} in the store (see: python -m ingest users list)")
    return viewer


def compute_ranking_table(db_url: str | None, year: int, agency_type: str | None, as_: str | None = None,
                          framework_code: str | None = None) -> pd.DataFrame:
    """Return the ranking rows of agencies with a final result in `year` and framework (optionally one type) the viewer may see.

    Columns: rank, agency_code, agency_name, agency_type, province, index, rating, then the framework's
    top-level node codes, and `framework_version` for a stored framework; the file has no rank_change column. Where
    the year's rating basis rounds the index (2023: two digits), `index` is that rounded value, the one ranks use.
    """
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.frameworks.commands import framework_with_results
    from ingest.store import get_engine

    engine = get_engine(db_url)
    catalog = FrameworkCatalog.from_store(engine)
    framework = catalog.resolve(framework_code or framework_with_results(engine, year), year)
    history = history_state.compute_visible_history(engine, framework, resolve_viewer(engine, as_),
                                              catalog.version_frameworks(framework.code))
    rows = history[(history["year"] == year) & history["submitted"]]
    rows = peringkat.sort_for_ranking(peringkat.filter_results(rows, agency_type=agency_type))
    table = peringkat.ranking_export(rows, framework, year, "id")[peringkat.ranking_export_columns(framework, False, False)]
    digits = framework.rating_decimals(year)
    if digits is not None:  # the year rates and ranks the index rounded: write that value, so equal ranks look equal
        table = table.assign(index=[round_half_up(value, digits) for value in table["index"]])
    if catalog.versions(framework.code):  # a stored framework: each row says the version it was scored with
        # ... and names its rating as that version does (a newer version may rename a band).
        labels = {version: {band.slug: band.text("id") for band in fw.rating_bands}
                  for version, fw in catalog.version_frameworks(framework.code).items()}
        table = table.assign(framework_version=rows["framework_version"].to_numpy(), rating=[
            labels.get(int(version), {}).get(slug, shown) if pd.notna(version) else shown
            for version, slug, shown in zip(rows["framework_version"], rows["rating"], table["rating"], strict=True)])
    return table


def run_export_ranking(args: argparse.Namespace) -> int:
    """Write the ranking file; return the process exit code."""
    if args.format == "xlsx" and args.out is None:
        print("error: --format xlsx needs --out FILE", file=sys.stderr)
        return 2
    table = compute_ranking_table(args.db, args.year, args.agency_type, args.as_, args.framework)
    if table.empty:
        which = f" of type {args.agency_type}" if args.agency_type else ""
        named = f" in framework {args.framework}" if args.framework else ""
        print(f"error: no final results for {args.year}{which}{named} in the store", file=sys.stderr)
        return 1
    return _write(table, args, f"peringkat-{args.year}", "%.6f")


def run_export_levels(args: argparse.Namespace) -> int:
    """Write one agency's indicator levels (columns the viewer may not see left out); return the exit code."""
    from ingest.frameworks.commands import framework_with_results
    from ingest.store import get_engine

    if args.format == "xlsx" and args.out is None:
        print("error: --format xlsx needs --out FILE", file=sys.stderr)
        return 2
    engine = get_engine(args.db)
    table = load_levels_table(engine, resolve_viewer(engine, args.as_), args.year, args.kode,
                              framework_code=args.framework or framework_with_results(engine, args.year))
    return _write(table, args, f"indikator-{args.year}", "%g")  # levels as written: 3, not 3.000000


def run_site(args: argparse.Namespace) -> int:
    """Write the static public site; return the process exit code."""
    from dashboard.situs import write_site
    from ingest.store import get_engine

    written = write_site(get_engine(args.db), args.year, args.out, args.framework, args.app_url)
    print(f"{len(written)} files written to {args.out}")
    return 0


def _write(table: pd.DataFrame, args: argparse.Namespace, sheet: str, float_format: str) -> int:
    if args.format == "xlsx":
        args.out.write_bytes(export.write_xlsx(table, sheet=sheet))
        return 0
    content = export.write_csv(table, float_format=float_format)
    if args.out is None:
        sys.stdout.buffer.write(content.removeprefix(b"\xef\xbb\xbf"))
    else:
        args.out.write_bytes(content)
    return 0


def _as(args: argparse.Namespace) -> str:
    # The static site is always the public's view; an export is the evaluator's unless --as says otherwise.
    return "public" if args.command == "site" else (args.as_ or "evaluator")


def _audit(args: argparse.Namespace, action: str, reason: str | None = None) -> None:
    # Every export, and every refusal, is recorded with who ran it and as whom (a failure to log is not silent).
    from ingest.access import cli_actor, save_audit
    from ingest.store import get_engine

    what = "site" if args.command == "site" else args.what
    detail = {"what": what, "year": args.year, "framework": args.framework, "as": _as(args),
              "kode": getattr(args, "kode", None), "format": getattr(args, "format", "html")}
    if reason:
        detail["reason"] = reason
    save_audit(get_engine(args.db), cli_actor(), action, detail, f"cli: dashboard {'site' if what == 'site' else f'export {what}'}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code (every export and refusal is audited)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "site":
            code = run_site(args)
        else:
            code = run_export_levels(args) if args.what == "levels" else run_export_ranking(args)
    except AccessDenied as error:
        _audit(args, "access-refused", str(error))
        print(f"error: {error} (as {_as(args)})", file=sys.stderr)
        return 1
    except (IngestError, IndicatorsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if code == 0:
        _audit(args, "export")
    return code
