"""Functions behind the CLI's `agencies` commands: plain data in and out, named errors on failure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Engine, insert, select, update

from ingest.errors import AliasError, RegistryError, UnknownAgencyError
from ingest.queries import load_agencies, load_user_aliases
from ingest.registry.index import get_registry
from ingest.registry.match import Match, match_agency
from ingest.registry.model import AGENCY_TYPES
from ingest.registry.normalize import compute_alias_key, compute_words
from ingest.store.schema import agency_aliases


def add_alias(engine: Engine, name_as_written: str, code: str) -> dict[str, Any]:
    """Save a user alias so `name_as_written` always means agency `code`; returns the stored alias.

    Raises `UnknownAgencyError` when the code is not in the registry and `AliasError` for an empty
    name. An existing alias with the same key is repointed (user aliases beat registry ones).
    """
    agency = get_registry().get(code)
    if agency is None:
        raise UnknownAgencyError(f"no agency has the code {code!r}")
    key = compute_alias_key(name_as_written)
    if key.endswith(":"):
        raise AliasError(f"alias {name_as_written!r} has no letters or digits to match on")
    row = {"alias": name_as_written.strip(), "agency_code": agency.code, "source": "user",
           "created_at": datetime.now(UTC)}
    with engine.begin() as conn:
        previous = conn.execute(
            select(agency_aliases.c.agency_code).where(agency_aliases.c.alias_key == key)
        ).scalar()
        if previous is None:
            conn.execute(insert(agency_aliases).values(alias_key=key, **row))
        else:
            conn.execute(update(agency_aliases).where(agency_aliases.c.alias_key == key).values(**row))
    return {"alias_key": key, "alias": row["alias"], "agency_code": agency.code, "agency_name": agency.name,
            "previous_code": previous if previous != agency.code else None}


def list_agencies(engine: Engine, type: str | None = None) -> list[dict[str, Any]]:
    """Return the stored agencies (optionally of one type from `AGENCY_TYPES`) as dicts, by code."""
    if type is not None and type not in AGENCY_TYPES:
        raise RegistryError(f"agency type {type!r} is not one of {', '.join(AGENCY_TYPES)}")
    frame = load_agencies(engine)
    if type is not None:
        frame = frame[frame["type"] == type]
    return [
        {key: (None if value != value else value) for key, value in record.items()}  # NaN → None
        for record in frame.to_dict("records")
    ]


def match_in_store(engine: Engine, name: str, province: str | None = None, year: int | None = None) -> Match:
    """Match a name like `match_agency`, with the store's user aliases taking priority."""
    return match_agency(name, province=province, year=year, aliases=load_user_aliases(engine))


def find_agencies(engine: Engine, text: str, limit: int = 5) -> list[dict[str, Any]]:
    """Return up to `limit` agencies whose names or aliases resemble `text`, best first, with a 0–100 score."""
    registry = get_registry()
    found: dict[str, float] = {}
    match = match_in_store(engine, text)
    if match.ok:
        found[match.code] = 100.0
    for candidate in match.candidates:
        found.setdefault(candidate.code, candidate.score)
    spellings = [(code, compute_words(s)) for code, agency in registry.agencies.items()
                 for s in (agency.name, *agency.aliases)]
    hits = process.extract(compute_words(text), [s for _, s in spellings], scorer=fuzz.WRatio, limit=limit * 4)
    for _, score, index in hits:
        code = spellings[index][0]
        found[code] = max(found.get(code, 0.0), round(score, 1))
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"code": code, "name": registry.agencies[code].name, "type": registry.agencies[code].type,
             "score": score} for code, score in ranked]
