"""Which frameworks exist and which one a year uses by default (several may cover one year)."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from indicators.errors import FrameworkError
from indicators.framework import FRAMEWORK_DIR, Framework, load_framework

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


def read_settings(path: Path | None = None) -> dict:
    """Return the `frameworks` part of the settings file ({} when the file or the part is absent)."""
    path = path or Path(os.environ.get("TERA_SETTINGS") or SETTINGS_PATH)
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise FrameworkError(f"cannot read the settings file {path}: {exc}") from None
    part = data.get("frameworks") if isinstance(data, dict) else None
    return part if isinstance(part, dict) else {}


def default_framework_code(year: int | None = None, directory: Path = FRAMEWORK_DIR,
                           settings: Path | None = None) -> str:
    """Return the default framework code of `year` (or overall): the settings file, else the one in force longest."""
    chosen = read_settings(settings)
    by_year = {int(k): str(v) for k, v in (chosen.get("years") or {}).items()}
    if year is not None and int(year) in by_year:
        return by_year[int(year)]
    candidates = frameworks_for_year(int(year), directory) if year is not None else \
        sorted((load_framework(code, directory) for code in list_frameworks(directory)),
               key=lambda fw: (fw.year_from, fw.code))
    default = chosen.get("default")
    if default and any(fw.code == default for fw in candidates):
        return str(default)
    if not candidates:
        raise FrameworkError(f"no framework in {directory} applies to year {year}" if year is not None
                             else f"no framework in {directory}")
    # A framework added later never takes a year over from the one already in force there.
    return candidates[0].code


def framework_for_year(year: int, directory: Path = FRAMEWORK_DIR, settings: Path | None = None) -> Framework:
    """Return the default framework of `year` (settings file, else the one in force longest); never fails on overlap."""
    return load_framework(default_framework_code(year, directory, settings), directory)
