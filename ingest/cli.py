"""Command line of `ingest`: load files, write templates, manage agency aliases, remove sample data, back up.

Exit codes: 0 success (warnings allowed), 1 a file was rejected or a command failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from indicators import IndicatorsError
from ingest.access import commands as access_commands
from ingest.access.audit import cli_actor, save_audit
from ingest.access.record import load_framework_codes, save_load_audit
from ingest.effect import LoadEffect, compute_load_effect
from ingest.errors import FrameworkRejectedError, IngestError
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.load import LoadResult, load_paths
from ingest.readers.messages import problem_text
from ingest.registry import AGENCY_TYPES, get_registry
from ingest.store import get_engine
from ingest.vocabulary import STAGES


class UsageError(Exception):
    """The command line names something that does not exist (exit code 2)."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of every ingest sub-command."""
    parser = argparse.ArgumentParser(prog="python -m ingest", description="Load evaluation spreadsheets into Tera's store.")
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="URL", help="SQLAlchemy store URL (beats DATABASE_URL; default sqlite:///data/tera.db)")
    commands = parser.add_subparsers(dest="command", required=True)

    load = commands.add_parser("load", parents=[db], help="load files and folders (recursively) into the store")
    load.add_argument("paths", nargs="+", metavar="PATH")
    load.add_argument("--year", type=int, help="evaluation year for files that do not say it")
    load.add_argument("--stage", choices=STAGES, help="stage of recap tables (default: hasil)")
    load.add_argument("--framework", metavar="CODE", help="framework of every file (default: the one a workbook's "
                      "cover names, else the year's default in data/settings.yaml)")
    load.add_argument("--uploaded-by", metavar="NAME", help="who sends the files (kept with every file)")
    load.add_argument("--dry-run", action="store_true", help="check and report, with the effect per agency; store nothing")
    load.add_argument("--confirm", action="store_true", help="store even when the load removes or lowers a published "
                      "result or drops answers (without it such a load stores nothing and shows its effect)")
    load.add_argument("--json", action="store_true", help="print one JSON document with every file's outcome and problems")
    load.add_argument("--lang", choices=("en", "id"), default="en", help="language of the problem messages (default en)")

    revert = commands.add_parser("revert", parents=[db], help="undo a load: the revision before becomes current again")
    revert.add_argument("target", metavar="SUBMISSION|FILE",
                        help="submission:ID (or a bare ID), file:ID, or the path of a loaded file (every submission it stored)")

    template = commands.add_parser("template", parents=[db], help="write an evaluation workbook (one agency, or blank)")
    template.add_argument("--agency", metavar="CODE", help="agency to prefill in the cover (blank when absent)")
    template.add_argument("--year", required=True, type=int)
    template.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    template.add_argument("--framework", metavar="CODE", help="framework (default: the year's default)")

    framework = commands.add_parser("framework", help="add, list and author frameworks (YAML or framework workbook)")
    framework_commands = framework.add_subparsers(dest="framework_command", required=True)
    add = framework_commands.add_parser("add", parents=[db], help="validate FILE and store it as a new version")
    add.add_argument("file", type=Path, metavar="FILE")
    add.add_argument("--added-by", metavar="NAME", help="who adds the framework (kept with it)")
    add.add_argument("--lang", choices=("en", "id"), default="en", help="language of the problem messages (default en)")
    framework_commands.add_parser("list", parents=[db], help="list the built-in and stored frameworks")
    rescore = framework_commands.add_parser("rescore", parents=[db], help="show what re-scoring a year with the newest "
                                            "version of CODE would change; --apply does it (audited)")
    rescore.add_argument("code", metavar="CODE")
    rescore.add_argument("--year", required=True, type=int)
    rescore.add_argument("--apply", action="store_true", help="re-score after showing the changes")
    blank = framework_commands.add_parser("template", help="write an empty framework workbook with an example sheet")
    blank.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")

    agencies = commands.add_parser("agencies", parents=[db], help="list and find agencies, record name aliases")
    agency_commands = agencies.add_subparsers(dest="agency_command", required=True)
    listing = agency_commands.add_parser("list", parents=[db], help="list agencies with their codes and years")
    listing.add_argument("--type", choices=AGENCY_TYPES)
    listing.add_argument("--year", type=int, help="only the agencies evaluated in YEAR")
    listing.add_argument("--format", choices=("text", "csv"), default="text", help="text (default) or CSV with every column")
    find = agency_commands.add_parser("find", parents=[db], help="find agencies whose name resembles TEXT")
    find.add_argument("text")
    alias = agency_commands.add_parser("alias", parents=[db], help='record "NAME AS WRITTEN" as a name of CODE')
    alias.add_argument("name")
    alias.add_argument("code")
    added = agency_commands.add_parser("add", parents=[db], help="add a new agency (kept in the store, audited)")
    added.add_argument("code", help="K-SLUG for a central agency, the Kemendagri code for a region")
    added.add_argument("name", help="the official name")
    added.add_argument("--type", required=True, choices=AGENCY_TYPES)
    added.add_argument("--from", dest="valid_from", type=int, metavar="YEAR", help="first year evaluated")
    added.add_argument("--to", dest="valid_to", type=int, metavar="YEAR", help="last year evaluated (omit: still evaluated)")
    added.add_argument("--successor-of", metavar="CODE", help="the agency this one continues")
    years = agency_commands.add_parser("years", parents=[db], help="change the years an agency is evaluated")
    years.add_argument("code")
    years.add_argument("--from", dest="valid_from", type=int, metavar="YEAR", help="first year evaluated (omit: open)")
    years.add_argument("--to", dest="valid_to", type=int, metavar="YEAR", help="last year evaluated (omit: still evaluated)")

    clear = commands.add_parser("clear-sample", parents=[db], help="remove the synthetic sample data (and nothing else)")
    clear.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    backup = commands.add_parser("backup", parents=[db],
                                 help="copy the SQLite store, consistently, to a new file (safe while Tera runs)")
    backup.add_argument("--out", required=True, type=Path, metavar="FILE", help="the new file (never overwritten)")

    sample = commands.add_parser("sample", parents=[db], help="write the synthetic sample files to a folder")
    sample.add_argument("--out", required=True, type=Path, metavar="DIR")
    sample.add_argument("--seed", type=int, default=None)
    migrate = commands.add_parser("migrate", help="migrate the store as its owner and grant the app's role (PostgreSQL)")
    migrate.add_argument("--owner-url", required=True, metavar="URL",
                         help="store URL with the owner role's credentials (never the app's)")
    migrate.add_argument("--app-role", metavar="ROLE",
                         help="the app's PostgreSQL role (default: the user of DATABASE_URL)")
    access_commands.add_parsers(commands, db)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (0 ok, 1 rejected or failed, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        handler = {"load": _load, "revert": _revert, "template": _template, "agencies": _agencies, "clear-sample": _clear_sample,
                   "sample": _sample, "backup": _backup, "framework": _framework, "users": access_commands.run_users,
                   "publication": access_commands.run_publication, "audit": access_commands.run_audit,
                   "migrate": _migrate}[args.command]
        return handler(args)
    except UsageError as exc:
        parser.error(str(exc))  # exits 2 with the usage line
    except FrameworkRejectedError as exc:
        from ingest.frameworks.commands import print_problems

        print_problems(exc.problems, getattr(args, "lang", "en"))
        print(f"error: {exc}; nothing stored", file=sys.stderr)
        return 1
    except (IngestError, IndicatorsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _migrate(args: argparse.Namespace) -> int:
    import os

    from sqlalchemy.engine import make_url

    from ingest.store.roles import save_app_grants

    owner = make_url(args.owner_url)
    role = args.app_role or (make_url(os.environ["DATABASE_URL"]).username if os.environ.get("DATABASE_URL") else None)
    postgres = owner.get_backend_name() == "postgresql"
    if postgres and not role:
        raise UsageError("give --app-role ROLE (or DATABASE_URL with the app's user)")
    if postgres and role == owner.username:
        raise UsageError("the app's role must differ from the owner's: an owner can drop the audit log's triggers")
    engine = get_engine(args.owner_url)  # opening migrates to head and seeds the registry, as the owner
    if postgres:
        save_app_grants(engine, role)
        print(f"migrated; role {role} may read and write the data, and only read and append to the audit log")
    else:
        print("migrated (SQLite has no roles: protect the file, see docs/security.md)")
    save_audit(engine, cli_actor(), "migrate", {"app_role": role}, "cli: ingest migrate")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from ingest.store.backup import save_backup

    engine = get_engine(args.db)
    copied = save_backup(engine, args.out)
    save_audit(engine, cli_actor(), "backup", {"out": str(args.out), **copied}, "cli: ingest backup")
    print(f"wrote {args.out}: {copied['files']} files, {copied['bytes'] / 2**20:.1f} MiB")
    return 0


def _load(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    engine = get_engine(args.db)
    show_progress = not args.json

    def progress(number: int, total: int, result: LoadResult) -> None:
        if show_progress and total > 1:
            print(f"[{number}/{total}] {result.outcome:9} {result.name}", file=sys.stderr, flush=True)

    frameworks_before = load_framework_codes(engine)
    options = {"year": args.year, "stage": args.stage, "framework": args.framework, "uploaded_by": args.uploaded_by}
    effect = None
    if args.dry_run or not args.confirm:
        checked = load_paths(engine, args.paths, progress=progress if args.dry_run else None, dry_run=True, **options)
        effect = compute_load_effect(engine, checked)
    if args.dry_run:
        results = checked
    elif effect is not None and effect.needs_confirmation:
        if args.json:
            print(json.dumps({"stored": False, "needs_confirm": effect.reasons,
                              "effect": effect.as_frame().to_dict(orient="records")}, ensure_ascii=False, indent=2, default=str))
        else:
            _print_summary(checked, dry_run=True, lang=args.lang)
            _print_effect(effect)
        print("error: this load removes or lowers a published result or drops answers; nothing stored. "
              "Check the effect above, then load again with --confirm", file=sys.stderr)
        return 1
    else:
        results = load_paths(engine, args.paths, progress=progress, **options)
        save_load_audit(engine, results, actor=args.uploaded_by or cli_actor(), source="cli: ingest load",
                        frameworks_before=frameworks_before)
    if args.json:
        documents = [r.as_dict() for r in results]
        for document, result in zip(documents, results, strict=True):
            for item, problem in zip(document["problems"], result.problems, strict=True):
                item["message"] = problem_text(problem, args.lang)
        print(json.dumps(documents, ensure_ascii=False, indent=2, default=str))
    else:
        _print_summary(results, dry_run=args.dry_run, lang=args.lang, catalog=FrameworkCatalog.from_store(engine))
        if effect is not None and args.dry_run:
            _print_effect(effect)
    return 1 if any(r.outcome == "rejected" for r in results) else 0


def read_as_text(code: str, catalog: FrameworkCatalog, lang: str) -> str:
    """Return "read as <framework title> (code vN)" in `lang` for a file's framework code, or that none was chosen."""
    from i18n import t

    if not code or code not in catalog:
        return t("problem.read_as_none", lang)
    version = catalog.version(code)
    label = f"{code} v{version}" if version else code
    return t("problem.read_as", lang, title=catalog.get(code).title_text(lang), code=label)


def _print_summary(results: list[LoadResult], *, dry_run: bool, lang: str = "en",
                   catalog: FrameworkCatalog | None = None) -> None:
    catalog = catalog or FrameworkCatalog()
    for result in results:
        if result.outcome == "unchanged":
            continue
        if result.framework or any(problem.type in {"no-framework", "framework-choice"} for problem in result.problems):
            print(f"{result.outcome}: {result.path or result.name}: {read_as_text(result.framework, catalog, lang)}")
        for problem in result.problems:
            where = problem.location() or result.name
            print(f"{problem.severity}: {where}: {problem_text(problem, lang)}")
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in ("loaded", "unchanged", "rejected")}
    verb = "would load" if dry_run else "loaded"
    print(f"{len(results)} file(s): {counts['loaded']} {verb}, {counts['unchanged']} unchanged, {counts['rejected']} rejected")
    for result in results:
        if result.outcome == "rejected":
            first = result.errors[0] if result.errors else None
            reason = f"{first.location()}: {first.type}" if first else "rejected"
            print(f"  rejected {result.path or result.name} ({len(result.errors)} error(s); first: {reason})")


def _print_effect(effect: LoadEffect) -> None:
    def number(value: float | None) -> str:
        return "-" if value is None else f"{value:.4f}"

    for item in effect.agencies:
        lost = "  INDEX CAN NO LONGER BE COMPUTED" if item.lost else ""
        dropped = f"  drops {', '.join(item.dropped)}" if item.dropped else ""
        print(f"effect: {item.agency_name} ({item.agency_code}) {item.year} {item.framework_code}"
              f"{' [published]' if item.published else ''}: index {number(item.index_before)} -> "
              f"{number(item.index_after)}, rating {item.rating_before or '-'} -> {item.rating_after or '-'}, "
              f"rank {item.rank_before or '-'} -> {item.rank_after or '-'}{lost}{dropped}")
    for item in effect.published:
        print(f"published {item.year} {item.framework_code}: agencies with an index {item.indexed_before} -> "
              f"{item.indexed_after}, mean index {number(item.mean_before)} -> {number(item.mean_after)}")
    if effect.needs_confirmation:
        print(f"needs --confirm: {', '.join(effect.reasons)}")


def _revert(args: argparse.Namespace) -> int:
    from ingest.revert import find_revert_target, revert_load

    engine = get_engine(args.db)
    done = revert_load(engine, actor=cli_actor(), source="cli: ingest revert", **find_revert_target(engine, args.target))
    for item in done:
        restored = f"revision {item['restored_revision']}" if item["restored_revision"] else "no earlier revision"
        print(f"reverted submission {item['submission']} ({item['agency_code']} {item['year']} {item['stage']} "
              f"{item['framework_code']} revision {item['revision']}); now current: {restored}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from ingest.template import write_template

    name, code = "", ""
    if args.agency:
        agency = get_registry().get(args.agency)
        if agency is None:
            raise UsageError(f"unknown agency code {args.agency!r}; find codes with: python -m ingest agencies find NAME")
        name, code = agency.name, agency.code
    framework = FrameworkCatalog.from_store(get_engine(args.db)).resolve(args.framework, args.year)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_template(args.out, agency_code=code, agency_name=name, year=args.year, framework=framework)
    print(f"wrote {args.out} ({name or 'blank agency'}, {args.year}, {framework.code})")
    return 0


def _framework(args: argparse.Namespace) -> int:
    from ingest.frameworks.commands import add_framework, framework_rows
    from ingest.template.framework import write_framework_template

    if args.framework_command == "template":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_framework_template(args.out)
        print(f"wrote {args.out} (sheets Kerangka, Skala, Predikat, Info; example in Contoh)")
        return 0
    engine = get_engine(args.db)
    if args.framework_command == "add":
        if not args.file.exists():
            raise UsageError(f"no such file: {args.file}")
        code, version, new = add_framework(engine, args.file, added_by=args.added_by)
        if new:
            save_audit(engine, args.added_by or cli_actor(), "framework",
                       {"code": code, "version": version, "file": args.file.name}, "cli: ingest framework add")
        print(f"{'stored' if new else 'unchanged, already stored as'} {code} version {version}")
        return 0
    if args.framework_command == "rescore":
        return _rescore(engine, args)
    for row in framework_rows(engine):
        version = f"v{row['version']}" if row["version"] else ""
        data = ",".join(map(str, row["data_years"])) or "-"
        print(f"{row['code']:<24} {row['source']:<9} {version:<4} {row['years']:<10} data: {data:<20} {row['title']}")
        for item in row.get("versions", []):
            print(f"    v{item['version']:<3} added {item['added_at']:%Y-%m-%d} by {item['added_by'] or '-'}: "
                  f"{item['changes']}")
    return 0


def _rescore(engine, args: argparse.Namespace) -> int:
    from ingest.access.rescore import save_rescore
    from ingest.frameworks.rescore import changed_rows, compute_rescore_preview

    catalog = FrameworkCatalog.from_store(engine)
    code = catalog.find(args.code) or args.code
    preview = compute_rescore_preview(engine, code, args.year, catalog)
    if preview.empty:
        print(f"no results of {code} in {args.year}")
        return 1
    newest = int(preview["version_after"].iloc[0])
    changed = changed_rows(preview, catalog.get(code).decimals)
    counts = {"indices": int(preview["index_before"].round(6).ne(preview["index_after"].round(6)).sum()),
              "ratings": int(preview["rating_before"].ne(preview["rating_after"]).sum()),
              "ranks": int(preview["rank_before"].ne(preview["rank_after"]).fillna(False).astype(bool).sum())}
    stale = int((preview["version_before"] != newest).sum())
    print(f"{code} {args.year}: {stale} of {len(preview)} result(s) scored with an older version than v{newest}; "
          f"re-scoring changes {counts['indices']} index(es), {counts['ratings']} rating(s), {counts['ranks']} rank(s)")
    for row in changed.itertuples(index=False):
        print(f"  {row.agency_code:<12} v{row.version_before}→v{row.version_after}  index {row.index_before:.6f} → "
              f"{row.index_after:.6f}  rating {row.rating_before} → {row.rating_after}  rank {row.rank_before} → {row.rank_after}")
    if not args.apply:
        print(f"nothing changed; re-score with: python -m ingest framework rescore {code} --year {args.year} --apply")
        return 0
    moved = save_rescore(engine, code, args.year, newest, actor=cli_actor(), source="cli: ingest framework rescore",
                         changes=counts)
    print(f"re-scored {sum(moved.values())} submission(s) of {code} {args.year} with v{newest}")
    return 0


def _agencies(args: argparse.Namespace) -> int:
    from ingest.agency_commands import add_alias, find_agencies, list_agencies

    engine = get_engine(args.db)
    if args.agency_command == "alias":
        row = add_alias(engine, args.name, args.code)
        save_audit(engine, cli_actor(), "alias", {"alias": row["alias"], "agency": row["agency_code"],
                                                  "previous": row["previous_code"]}, "cli: ingest agencies alias")
        print(f"recorded: {row['alias']!r} → {row['agency_code']}")
        return 0
    if args.agency_command in ("add", "years"):
        return _agency_change(engine, args)
    if args.agency_command == "list":
        rows = list_agencies(engine, type=args.type, year=args.year)
        if args.format == "csv":
            _print_csv(rows)
            return 0 if rows else 1
    else:
        rows = find_agencies(engine, args.text)
    for row in rows:
        score = f"  ({row['score']:.0f})" if "score" in row else ""
        years = f"{'all years' if row.get('years') == '…–…' else row['years']:<12}" if "years" in row else ""
        idle = "  (not evaluated: administrative region)" if row.get("evaluated") is False else ""
        print(f"{row['code']:<14} {row['type']:<28} {years}{row['name']}{score}{idle}")
    if not rows:
        print("no agency found", file=sys.stderr)
        return 1
    return 0


def _agency_change(engine, args: argparse.Namespace) -> int:
    from ingest.agency_commands import add_agency, set_agency_years
    from ingest.registry.added import compute_years_text

    if args.agency_command == "add":
        agency = add_agency(engine, args.code, args.name, args.type, valid_from=args.valid_from,
                            valid_to=args.valid_to, successor_of=args.successor_of)
        detail = {"change": "add", "code": agency.code, "name": agency.name, "type": agency.type,
                  "years": compute_years_text(agency), "successor_of": args.successor_of}
        print(f"added {agency.code} {agency.name} ({agency.type}, evaluated {compute_years_text(agency)})")
    else:
        before, agency = set_agency_years(engine, args.code, valid_from=args.valid_from, valid_to=args.valid_to)
        detail = {"change": "years", "code": agency.code, "before": compute_years_text(before),
                  "after": compute_years_text(agency)}
        print(f"{agency.code} {agency.name}: evaluated {compute_years_text(agency)} (was {compute_years_text(before)})")
    save_audit(engine, cli_actor(), "agency", detail, f"cli: ingest agencies {args.agency_command}")
    return 0


def _print_csv(rows: list[dict]) -> None:
    import csv

    columns = ["code", "name", "type", "province_code", "evaluated", "valid_from", "valid_to", "years",
               "successor_code", "predecessor_code", "source"]
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _clear_sample(args: argparse.Namespace) -> int:
    from ingest.sample.clear import clear_sample

    engine = get_engine(args.db)
    if not args.yes and sys.stdin.isatty():
        answer = input("Remove every sample submission and sample file from the store? [y/N] ")
        if answer.strip().lower() not in {"y", "ya", "yes"}:
            print("nothing removed")
            return 0
    counts = clear_sample(engine)
    save_audit(engine, cli_actor(), "sample-clear", counts, "cli: ingest clear-sample")
    print(f"removed {counts['submissions']} sample submission(s), {counts['files']} sample file(s) and "
          f"{counts['frameworks']} sample framework version(s)")
    return 0


def _sample(args: argparse.Namespace) -> int:
    from ingest.sample.generate import write_sample_files

    written = write_sample_files(args.out, **({"seed": args.seed} if args.seed is not None else {}))
    print(f"wrote {len(written)} sample file(s) to {args.out}")
    for item in written:
        if item.expect == "framework":
            print(f"the example framework comes first: python -m ingest framework add {item.path}")
    return 0
