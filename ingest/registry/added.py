"""Validate an agency an evaluator adds by command, and say in words in which years an agency was evaluated."""

from __future__ import annotations

import re

from ingest.errors import RegistryError
from ingest.registry.central import CENTRAL_CODE, check_year
from ingest.registry.index import Registry
from ingest.registry.model import AGENCY_TYPES, REGION_TYPES, Agency
from ingest.registry.normalize import compute_name_parts

# Regencies and cities carry a dotted Kemendagri code under their province ('32.19'), provinces two digits.
_REGION_CODE = re.compile(r"\d{2}(?:\.\d{2})?")


def compute_years_text(agency: Agency) -> str:
    """Return the evaluation years of an agency in any language: '2018–2022', '2025–…', '…–2024' or '…–…' (open)."""
    return f"{agency.valid_from or '…'}–{agency.valid_to or '…'}"


def compute_new_agency(registry: Registry, code: str, name: str, type: str, *, valid_from: int | None = None,
                       valid_to: int | None = None, successor_of: str | None = None) -> Agency:
    """Return the agency to add, or raise `RegistryError` listing every problem with its fix."""
    code, name = code.strip().upper(), " ".join(name.split())
    problems = []
    if type not in AGENCY_TYPES:
        problems.append(f"type {type!r} is not one of {', '.join(AGENCY_TYPES)}")
    elif type in REGION_TYPES and not _REGION_CODE.fullmatch(code):
        problems.append(f"code {code!r}: a region's code is the Kemendagri code, like 32 or 32.19")
    elif type not in REGION_TYPES and not CENTRAL_CODE.fullmatch(code):
        problems.append(f"code {code!r}: a central agency's code looks like K-SLUG (capitals, digits, dashes)")
    if code in registry.agencies:
        problems.append(f"code {code} is already {registry.agencies[code].name}; to change its years use: "
                        f"python -m ingest agencies years {code} --from YEAR --to YEAR")
    if not compute_name_parts(name).key:
        problems.append("the name has no letters or digits")
    problems += [p for p in (check_year("--from", valid_from), check_year("--to", valid_to)) if p]
    if valid_from and valid_to and valid_from > valid_to:
        problems.append(f"--from {valid_from} is after --to {valid_to}")
    province = code.split(".")[0] if type in REGION_TYPES else None
    if type in ("kabupaten", "kota") and province not in registry.agencies:
        problems.append(f"code {code}: no province has the code {province}")
    if successor_of and successor_of.upper() not in registry.agencies:
        problems.append(f"--successor-of {successor_of}: no agency has this code (find it with: "
                        "python -m ingest agencies find NAME)")
    agency = Agency(code=code, name=name, type=type, province_code=province, valid_from=valid_from,
                    valid_to=valid_to)
    problems += _name_taken(registry, agency)
    if problems:
        raise RegistryError(f"cannot add {code}: " + "; ".join(problems))
    return agency


def _name_taken(registry: Registry, agency: Agency) -> list[str]:
    """Name another agency of the same years already answers to (it would make the name ambiguous)."""
    key = compute_name_parts(agency.name).key
    type_ = agency.type if agency.is_region else None
    for entry in registry.exact.get((type_, key), ()):
        other = registry.agencies[entry.code]
        if _overlap(agency, other):
            return [f"the name is already {other.name} ({other.code}) in {compute_years_text(other)}; "
                    f"to record another spelling use: python -m ingest agencies alias \"NAME\" {other.code}"]
    return []


def _overlap(one: Agency, other: Agency) -> bool:
    start = max(one.valid_from or 0, other.valid_from or 0)
    end = min(one.valid_to or 9999, other.valid_to or 9999)
    return start <= end
