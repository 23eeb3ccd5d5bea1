"""Functions behind the CLI's `agencies` commands: plain data in and out, named errors on failure."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Engine, insert, select, update

from ingest.errors import AliasError, RegistryError, UnknownAgencyError
from ingest.queries import load_agencies, load_user_aliases
from ingest.registry.added import compute_new_agency, compute_years_text
from ingest.registry.central import check_year
from ingest.registry.match import Match, match_agency
from ingest.registry.model import AGENCY_TYPES, Agency
from ingest.registry.normalize import compute_alias_key, compute_words
from ingest.store.agencies import load_registry, save_user_agency
from ingest.store.schema import agencies, agency_aliases


def add_alias(engine: Engine, name_as_written: str, code: str) -> dict[str, Any]:
    """Save a user alias so `name_as_written` always means agency `code`; returns the stored alias.

    Raises `UnknownAgencyError` when the code is not in the registry and `AliasError` for an empty
    name. An existing alias with the same key is repointed (user aliases beat registry ones).
    """
    agency = load_registry(engine).get(code)
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


def add_agency(engine: Engine, code: str, name: str, type: str, *, valid_from: int | None = None,
               valid_to: int | None = None, successor_of: str | None = None) -> Agency:
    """Validate and store a new agency (kept as a user row, so it survives upgrades); returns it.

    Raises `RegistryError` naming every problem (bad code or type, code or name taken, years).
    """
    registry = load_registry(engine)
    agency = compute_new_agency(registry, code, name, type, valid_from=valid_from, valid_to=valid_to,
                                successor_of=successor_of)
    predecessor = registry.normalize_code(successor_of) if successor_of else None
    with engine.begin() as conn:
        save_user_agency(conn, agency, predecessor)
    return agency


def set_agency_years(engine: Engine, code: str, *, valid_from: int | None, valid_to: int | None) -> tuple[Agency, Agency]:
    """Change the years an agency is evaluated (None = open); returns (before, after)."""
    before = load_registry(engine).get(code)
    if before is None:
        raise UnknownAgencyError(f"no agency has the code {code!r}; add it with: python -m ingest agencies add")
    problems = [p for p in (check_year("--from", valid_from), check_year("--to", valid_to)) if p]
    if valid_from and valid_to and valid_from > valid_to:
        problems.append(f"--from {valid_from} is after --to {valid_to}")
    if problems:
        raise RegistryError(f"cannot change {before.code}: " + "; ".join(problems))
    after = replace(before, valid_from=valid_from, valid_to=valid_to)
    with engine.begin() as conn:
        predecessor = conn.execute(select(agencies.c.predecessor_code).where(agencies.c.code == after.code)).scalar()
        save_user_agency(conn, after, predecessor)
    return before, after


def list_agencies(engine: Engine, type: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Return the stored agencies as dicts by code, with their years in words; optionally one type, or evaluated in `year`."""
    if type is not None and type not in AGENCY_TYPES:
        raise RegistryError(f"agency type {type!r} is not one of {', '.join(AGENCY_TYPES)}")
    frame = load_agencies(engine)
    if type is not None:
        frame = frame[frame["type"] == type]
    rows = [
        {key: (None if value != value else value) for key, value in record.items()}  # NaN → None
        for record in frame.to_dict("records")
    ]
    for row in rows:
        for key in ("valid_from", "valid_to"):
            row[key] = None if row[key] is None else int(row[key])
        row["years"] = compute_years_text(Agency(row["code"], row["name"], row["type"], valid_from=row["valid_from"],
                                                 valid_to=row["valid_to"]))
    if year is None:
        return rows
    return [row for row in rows if row["evaluated"] and (row["valid_from"] or year) <= year <= (row["valid_to"] or year)]


def match_in_store(engine: Engine, name: str, province: str | None = None, year: int | None = None) -> Match:
    """Match a name like `match_agency`, with the store's user aliases taking priority."""
    return match_agency(name, province=province, year=year, aliases=load_user_aliases(engine),
                        registry=load_registry(engine))


def find_agencies(engine: Engine, text: str, limit: int = 5) -> list[dict[str, Any]]:
    """Return up to `limit` agencies whose names or aliases resemble `text`, best first, with a 0–100 score."""
    registry = load_registry(engine)
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
