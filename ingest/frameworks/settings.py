"""Read the small settings file `data/settings.yaml` (or $TERA_SETTINGS): the default framework per year."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from ingest.errors import FrameworkSettingsError

SETTINGS_PATH = Path(__file__).resolve().parents[2] / "data" / "settings.yaml"


@dataclass(frozen=True)
class FrameworkDefaults:
    """The framework used without a known year, and the default framework of each year the file names."""

    default: str | None = None
    years: dict[int, str] = field(default_factory=dict)


def settings_path() -> Path:
    """Return the settings file in use: $TERA_SETTINGS when set, else `data/settings.yaml`."""
    return Path(os.environ.get("TERA_SETTINGS") or SETTINGS_PATH)


def load_framework_defaults() -> FrameworkDefaults:
    """Return the `frameworks` entry of the settings file (empty defaults when the file or entry is absent)."""
    return _read(settings_path())


@cache
def _read(path: Path) -> FrameworkDefaults:
    if not path.exists():
        return FrameworkDefaults()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise FrameworkSettingsError(f"{path}: not valid YAML: {exc}") from None
    entry = data.get("frameworks") or {}
    years = entry.get("years") or {}
    if not isinstance(entry, dict) or not isinstance(years, dict):
        raise FrameworkSettingsError(f"{path}: 'frameworks' needs 'default: CODE' and 'years: {{YEAR: CODE}}'")
    parsed: dict[int, str] = {}
    for year, code in years.items():
        if not str(year).isdigit() or not isinstance(code, str) or not code.strip():
            raise FrameworkSettingsError(f"{path}: frameworks › years › {year!r}: expected 'YEAR: framework-code'")
        parsed[int(year)] = code.strip()
    default = entry.get("default")
    if default is not None and (not isinstance(default, str) or not default.strip()):
        raise FrameworkSettingsError(f"{path}: frameworks › default: expected a framework code")
    return FrameworkDefaults(default=default.strip() if default else None, years=parsed)
