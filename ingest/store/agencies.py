"""Agencies evaluators add or change by command, kept in the store, and the registry they extend.

A row with `source = 'user'` beats the registry files (the seed never overwrites it), so an added
agency or changed years survive an upgrade; the effective registry is the files plus these rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from ingest.registry import Agency, get_registry
from ingest.registry.index import Registry, compute_registry
from ingest.store.schema import agencies

USER_SOURCE = "user"


def compute_agency_row(agency: Agency, source: str = "registry", predecessor_code: str | None = None) -> dict[str, Any]:
    """Return the store row of an agency (the `agencies` table's columns)."""
    return {"code": agency.code, "name": agency.name, "type": agency.type, "province_code": agency.province_code,
            "evaluated": agency.evaluated, "valid_from": agency.valid_from, "valid_to": agency.valid_to,
            "successor_code": agency.successor_code, "source": source, "predecessor_code": predecessor_code}


def compute_user_agencies(rows: Iterable[Mapping[str, Any]]) -> tuple[Agency, ...]:
    """Return the agencies of the user rows among stored `agencies` rows, with the file aliases of a changed one."""
    files = get_registry().agencies
    found = []
    for row in rows:
        if row["source"] != USER_SOURCE:
            continue
        known = files.get(row["code"])
        found.append(Agency(code=row["code"], name=row["name"], type=row["type"], province_code=row["province_code"],
                            evaluated=row["evaluated"], valid_from=row["valid_from"], valid_to=row["valid_to"],
                            successors=known.successors if known else (),
                            aliases=known.aliases if known else ()))
    merged = {agency.code: agency for agency in found}
    for row in rows:
        old = row["predecessor_code"] if row["source"] == USER_SOURCE else None
        before = merged.get(old) or files.get(old) if old else None
        if before is not None:
            # The agency it continues lists it first among its successors.
            merged[old] = replace(before, successors=(row["code"], *(s for s in before.successors if s != row["code"])))
    return tuple(merged.values())


@lru_cache(maxsize=8)
def compute_store_registry(user_agencies: tuple[Agency, ...]) -> Registry:
    """Return the registry of the files with the given agencies added or replacing those of the same code."""
    if not user_agencies:
        return get_registry()
    merged = {**get_registry().agencies, **{agency.code: agency for agency in user_agencies}}
    return compute_registry(list(merged.values()))


def load_user_agencies(target: Engine | Connection) -> tuple[Agency, ...]:
    """Return the agencies evaluators added or changed (and the ones those continue), from the store."""
    query = select(agencies).where(agencies.c.source == USER_SOURCE)
    if isinstance(target, Connection):
        return compute_user_agencies(target.execute(query).mappings().all())
    with target.connect() as conn:
        return compute_user_agencies(conn.execute(query).mappings().all())


def load_registry(engine: Engine) -> Registry:
    """Return the registry the store knows: the registry files plus the agencies evaluators added or changed."""
    return compute_store_registry(load_user_agencies(engine))


def save_user_agency(conn: Connection, agency: Agency, predecessor_code: str | None = None) -> None:
    """Insert an added agency, or overwrite a stored one with the evaluator's version, as a user row."""
    row = compute_agency_row(agency, USER_SOURCE, predecessor_code)
    exists = conn.execute(select(agencies.c.code).where(agencies.c.code == agency.code)).scalar()
    if exists is None:
        conn.execute(insert(agencies).values(**row))
    else:
        conn.execute(update(agencies).where(agencies.c.code == agency.code).values(**row))
