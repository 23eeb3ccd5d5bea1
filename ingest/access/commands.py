"""The `users`, `publication` and `audit` sub-commands of `python -m ingest` (the CLI acts as an evaluator)."""

from __future__ import annotations

import argparse
import getpass
import sys

from ingest.access.audit import ACTIONS, cli_actor, load_audit
from ingest.access.publication import load_publications, save_publication
from ingest.access.users import add_user, disable_user, list_users, set_password
from ingest.access.viewer import EVALUATOR_VIEWER
from ingest.errors import UserError
from ingest.store import get_engine
from ingest.store.schema import ROLES


def add_parsers(commands: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    """Add the access sub-commands to the ingest parser."""
    users = commands.add_parser("users", parents=[db], help="user accounts: add, list, disable, set a password")
    user_commands = users.add_subparsers(dest="user_command", required=True)
    add = user_commands.add_parser("add", parents=[db], help="add a user (role evaluator or agency)")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--agency", action="append", default=[], metavar="CODE", help="agency code (repeat for several)")
    add.add_argument("--subject", help="the identity provider's subject of this person (optional; e-mail is enough)")
    user_commands.add_parser("list", parents=[db], help="list users (no passwords)")
    disable = user_commands.add_parser("disable", parents=[db], help="disable a user")
    disable.add_argument("email")
    password = user_commands.add_parser("password", parents=[db],
                                        help="set a local password, read from standard input (never an argument)")
    password.add_argument("email")

    publication = commands.add_parser("publication", parents=[db], help="which years' results are public")
    pub_commands = publication.add_subparsers(dest="publication_command", required=True)
    pub_commands.add_parser("list", parents=[db], help="list publication settings")
    for name, text in (("publish", "make a year's results public"), ("withdraw", "make a year's results non-public")):
        sub = pub_commands.add_parser(name, parents=[db], help=text)
        sub.add_argument("--year", type=int, required=True)
        sub.add_argument("--framework", metavar="CODE", help="framework code (default: the one in force that year)")

    audit = commands.add_parser("audit", parents=[db], help="print the audit log, newest first")
    audit.add_argument("--action", choices=ACTIONS)
    audit.add_argument("--actor", help="only entries whose actor contains TEXT")
    audit.add_argument("--limit", type=int, default=50)


def _read_password() -> str:
    # A terminal gets a hidden prompt (asked twice); a pipe gives the first line.
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise UserError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def run_users(args: argparse.Namespace) -> int:
    """Run a `users` sub-command; return the exit code."""
    engine = get_engine(args.db)
    who = {"actor": cli_actor(), "source": f"cli: ingest users {args.user_command}"}
    if args.user_command == "add":
        user = add_user(engine, args.email, args.role, args.agency, subject=args.subject, **who)
        print(f"added {user['email']} ({user['role']}{': ' + ', '.join(user['agency_codes']) if user['agency_codes'] else ''})")
    elif args.user_command == "list":
        rows = list_users(engine)
        for row in rows:
            state = "disabled" if row["disabled"] else ("locked" if row["locked_until"] else "active")
            print(f"{row['email']:<36} {row['role']:<10} {state:<8} {'password' if row['has_password'] else '-':<8} "
                  f"{','.join(row['agency_codes'])}")
        if not rows:
            print("no users", file=sys.stderr)
    elif args.user_command == "disable":
        disable_user(engine, args.email, **who)
        print(f"disabled {args.email}")
    else:
        set_password(engine, args.email, _read_password(), **who)
        print(f"password set for {args.email}")
    return 0


def run_publication(args: argparse.Namespace) -> int:
    """Run a `publication` sub-command; return the exit code."""
    engine = get_engine(args.db)
    if args.publication_command == "list":
        frame = load_publications(engine)
        for row in frame.itertuples():
            print(f"{row.year} {row.framework_code:<16} {'published' if row.published else 'not published':<14} "
                  f"{row.changed_by} {row.changed_at}")
        if frame.empty:
            print("nothing is published", file=sys.stderr)
        return 0
    from indicators import framework_for_year
    from ingest.frameworks.commands import framework_with_results

    # The only framework with results that year (or the one data/settings.yaml names); never a silent default.
    code = args.framework or framework_with_results(engine, args.year) or framework_for_year(args.year).code
    published = args.publication_command == "publish"
    save_publication(engine, None, args.year, code, published, actor=cli_actor(),
                     source=f"cli: ingest publication {args.publication_command}")
    print(f"{args.year} {code}: {'published' if published else 'not published'}")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    """Print the audit log (newest first); return the exit code."""
    frame = load_audit(get_engine(args.db), EVALUATOR_VIEWER, action=args.action, actor=args.actor, limit=args.limit)
    for row in frame.itertuples():
        print(f"{row.at:%Y-%m-%d %H:%M:%S} {row.actor:<28} {row.action:<15} {row.source:<32} {row.detail}")
    return 0
