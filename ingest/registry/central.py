"""Read and validate the central agencies listed in `data/agencies/central.yaml`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ingest.errors import RegistryError
from ingest.registry.model import CENTRAL_TYPES, Agency

CENTRAL_YAML = Path(__file__).resolve().parents[2] / "data" / "agencies" / "central.yaml"
CENTRAL_CODE = re.compile(r"K-[A-Z0-9]+(?:-[A-Z0-9]+)*")
_KEYS = {"code", "name", "type", "aliases", "valid_from", "valid_to", "successor"}


def _entry_label(index: int, entry: Any) -> str:
    code = entry.get("code") if isinstance(entry, dict) else None
    return f"entry {index + 1} ({code})" if code else f"entry {index + 1}"


def check_year(key: str, value: object) -> str | None:
    """Return what is wrong with an evaluation year (None or a whole year 2000–2100 is right), or None."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100):
        return None
    return f"{key} must be a year between 2000 and 2100, got {value!r}"


def _year(entry: dict, key: str, label: str) -> int | None:
    problem = check_year(key, entry.get(key))
    if problem:
        raise RegistryError(f"{label}: {problem}")
    return entry.get(key)


def _agency_from_entry(index: int, entry: Any) -> Agency:
    label = _entry_label(index, entry)
    if not isinstance(entry, dict):
        raise RegistryError(f"{label}: expected a mapping, got {type(entry).__name__}")
    unknown = set(entry) - _KEYS
    if unknown:
        raise RegistryError(f"{label}: unknown keys {', '.join(sorted(unknown))}")
    code, name, type_ = entry.get("code"), entry.get("name"), entry.get("type")
    if not isinstance(code, str) or not CENTRAL_CODE.fullmatch(code):
        raise RegistryError(f"{label}: code must look like K-SLUG (capitals, digits), got {code!r}")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(f"{label}: name is missing")
    if type_ not in CENTRAL_TYPES:
        raise RegistryError(f"{label}: type {type_!r} is not one of {', '.join(CENTRAL_TYPES)}")
    successor = entry.get("successor")
    successors = tuple(successor) if isinstance(successor, list) else (successor,) if successor else ()
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise RegistryError(f"{label}: aliases must be a list of non-empty texts")
    valid_from, valid_to = _year(entry, "valid_from", label), _year(entry, "valid_to", label)
    if valid_from and valid_to and valid_from > valid_to:
        raise RegistryError(f"{label}: valid_from {valid_from} is after valid_to {valid_to}")
    return Agency(
        code=code,
        name=name.strip(),
        type=type_,
        valid_from=valid_from,
        valid_to=valid_to,
        successors=successors,
        aliases=tuple(a.strip() for a in aliases),
    )


def compute_central_agencies(data: Any) -> list[Agency]:
    """Validate parsed YAML data (`{agencies: [...]}`) and return its agencies; errors name the entry."""
    entries = data.get("agencies") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise RegistryError("central agencies: expected a top-level 'agencies' list")
    agencies = [_agency_from_entry(i, entry) for i, entry in enumerate(entries)]
    seen: set[str] = set()
    for agency in agencies:
        if agency.code in seen:
            raise RegistryError(f"central agency {agency.code}: code is listed twice")
        seen.add(agency.code)
    for agency in agencies:
        for successor in agency.successors:
            if successor not in seen:
                raise RegistryError(f"central agency {agency.code}: successor {successor!r} is not a known code")
            if successor == agency.code:
                raise RegistryError(f"central agency {agency.code}: an agency cannot succeed itself")
    return agencies


def read_central_agencies(path: Path | str | None = None) -> list[Agency]:
    """Read and validate the central agency YAML (default `data/agencies/central.yaml`)."""
    path = Path(path) if path else CENTRAL_YAML
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"central agencies: cannot read {path}: {exc}") from exc
    return compute_central_agencies(data)
