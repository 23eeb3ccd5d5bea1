"""Which frameworks exist and which one a year uses by default (several may cover one year)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from indicators.errors import FrameworkError
from indicators.framework import FRAMEWORK_DIR, Framework
from indicators.reader import load_framework

SETTINGS_PATH = FRAMEWORK_DIR.parent / "settings.yaml"


def list_frameworks(directory: Path = FRAMEWORK_DIR) -> list[str]:
    """Return the codes of the framework files shipped in `directory`, sorted."""
    return sorted(path.stem for path in directory.glob("*.yaml"))


def framework_by_code(code: str, directory: Path = FRAMEWORK_DIR) -> Framework:
    """Return the shipped framework with this code; FrameworkError naming the known codes when there is none."""
    if code not in list_frameworks(directory):
        raise FrameworkError(f"no framework {code!r} in {directory}; known: {', '.join(list_frameworks(directory))}")
    return load_framework(code, directory)


def frameworks_for_year(year: int, directory: Path = FRAMEWORK_DIR) -> list[Framework]:
    """Return every shipped framework in force in `year`, in force longest first (then by code)."""
    found = [load_framework(code, directory) for code in list_frameworks(directory)]
    return sorted((fw for fw in found if fw.applies_to(year)), key=lambda fw: (fw.year_from, fw.code))


@dataclass(frozen=True)
class FrameworkDefaults:
    """The settings file's `frameworks` entry: the overall default code and the default code of each year it names."""

    default: str | None = None
    years: dict[int, str] = field(default_factory=dict)


def settings_path() -> Path:
    """Return the settings file in use: $TERA_SETTINGS when set, else `data/settings.yaml`."""
    return Path(os.environ.get("TERA_SETTINGS") or SETTINGS_PATH)


def read_framework_defaults(path: Path | None = None) -> FrameworkDefaults:
    """Return the `frameworks` entry of the settings file (empty when the file or entry is absent); FrameworkError names a bad entry."""
    path = path or settings_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return FrameworkDefaults()
    # Keyed by the file's change time: an edited settings file counts without a restart.
    return _parse_defaults(path, stamp)


@lru_cache(maxsize=8)
def _parse_defaults(path: Path, _stamp: int) -> FrameworkDefaults:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise FrameworkError(f"{path}: cannot read the settings file: {exc}") from None
    entry = (data.get("frameworks") if isinstance(data, dict) else None) or {}
    years = (entry.get("years") or {}) if isinstance(entry, dict) else None
    if not isinstance(entry, dict) or not isinstance(years, dict):
        raise FrameworkError(f"{path}: 'frameworks' needs 'default: CODE' and 'years: {{YEAR: CODE}}'")
    parsed: dict[int, str] = {}
    for year, code in years.items():
        if not str(year).isdigit() or not isinstance(code, str) or not code.strip():
            raise FrameworkError(f"{path}: frameworks › years › {year!r}: expected 'YEAR: framework-code'")
        parsed[int(year)] = code.strip()
    default = entry.get("default")
    if default is not None and (not isinstance(default, str) or not default.strip()):
        raise FrameworkError(f"{path}: frameworks › default: expected a framework code")
    return FrameworkDefaults(default=default.strip() if default else None, years=parsed)


def compute_default_code(defaults: FrameworkDefaults, year: int | None, candidates: list[Framework]) -> str | None:
    """Return the default framework code of `year` among `candidates` (the frameworks covering it), or None when there is no clear one.

    The settings file's entry for the year (without a year: its default) wins, even a framework not
    among `candidates` (the caller checks it exists); else the only framework covering the year. Where
    several cover it and the settings file names none, there is no default: a framework in force for
    years is never chosen silently over one added for the new year, nor the other way round.
    """
    named = defaults.years.get(int(year)) if year is not None else defaults.default
    if named is not None:
        return named
    return candidates[0].code if len(candidates) == 1 else None


def default_framework_code(year: int | None = None, directory: Path = FRAMEWORK_DIR,
                           settings: Path | None = None) -> str:
    """Return the default framework code of `year` (or overall): the settings file, else the only one covering it."""
    candidates = frameworks_for_year(int(year), directory) if year is not None else \
        [load_framework(code, directory) for code in list_frameworks(directory)]
    code = compute_default_code(read_framework_defaults(settings), year, candidates)
    if code is None:
        raise FrameworkError(no_default_message(year, candidates))
    return code


def no_default_message(year: int | None, candidates: list[Framework]) -> str:
    """Return why `year` has no default framework, listing the frameworks to choose from with --framework CODE."""
    if not candidates:
        return f"no framework covers the year {year}"
    listed = "; ".join(f"{fw.code} ({fw.title_text('en')})" for fw in candidates)
    when = f"the year {year}" if year is not None else "files without a year"
    return (f"{len(candidates)} frameworks cover {when} and the settings file (data/settings.yaml, frameworks.years) "
            f"names none for it: choose one with --framework CODE or the cover's 'Kerangka' cell: {listed}")


def framework_for_year(year: int, directory: Path = FRAMEWORK_DIR, settings: Path | None = None) -> Framework:
    """Return the default framework of `year` (settings file, else the only one covering it); FrameworkError lists the choices."""
    return load_framework(default_framework_code(year, directory, settings), directory)
