"""Every command the README (and the docs) show exists and accepts its flags (in the style of sqlite-utils' README test)."""

from __future__ import annotations

import importlib
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# `python -m PACKAGE ...` up to the end of the line, a closing backtick or a shell comment.
COMMAND = re.compile(r"python -m (ingest|indicators|dashboard) ([^`#\n]*)")
SHELL_SUBSTITUTION = re.compile(r"\$\([^)]*\)")


def _commands() -> list[tuple[str, str, str]]:
    found = []
    for document in DOCUMENTS:
        for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), start=1):
            for package, rest in COMMAND.findall(line):
                # What the shell does before the program sees it: substitutions, redirections, pipes.
                rest = SHELL_SUBSTITUTION.sub("X", rest).split(">")[0].split(" | ")[0].strip()
                found.append((f"{document.name}:{number}", package, rest))
    return found


COMMANDS = _commands()


def test_the_documents_show_commands_of_every_package():
    assert {package for _, package, _ in COMMANDS} == {"ingest", "indicators", "dashboard"}
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize(("where", "package", "arguments"), COMMANDS, ids=[where for where, _, _ in COMMANDS])
def test_command_exists_and_accepts_its_flags(where, package, arguments):
    parser = importlib.import_module(f"{package}.cli").build_parser()
    # A synopsis (`[--as EMAIL|public]`, `...`) is read as one concrete call: brackets dropped, the first choice.
    words = [word.strip("[]").split("|")[0] for word in shlex.split(arguments)]
    elided = any(word in {"...", "…"} for word in words)
    words = [word for word in words if word and word not in {"...", "…"}]
    try:
        parser.parse_args(words)
    except SystemExit as exc:
        if elided:
            pytest.skip(f"{where}: an elided example ({arguments!r})")
        pytest.fail(f"{where}: `python -m {package} {arguments}` is refused by the parser (exit {exc.code})")
