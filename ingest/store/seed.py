"""Copy the agency registry into the store so submissions can reference agencies by code."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update

from ingest.registry import compute_alias_key, get_registry
from ingest.store.agencies import (
    USER_SOURCE,
    compute_agency_row,
    compute_store_registry,
    compute_user_agencies,
)
from ingest.store.schema import agencies, agency_aliases


def save_registry(engine: Engine) -> int:
    """Insert or update every registry agency and its aliases in the store; returns rows changed (0 = in sync).

    Rows evaluators added or changed by command (`source = 'user'`) are kept as they are.
    """
    changed = 0
    with engine.begin() as conn:
        stored = {row["code"]: dict(row) for row in conn.execute(select(agencies)).mappings()}
        registry = compute_store_registry(compute_user_agencies(list(stored.values())))
        wanted = {code: compute_agency_row(agency) for code, agency in registry.agencies.items()
                  if stored.get(code, {}).get("source") != USER_SOURCE}
        new_rows = [row for code, row in wanted.items() if code not in stored]
        if new_rows:
            conn.execute(insert(agencies), new_rows)
            changed += len(new_rows)
        for code, row in wanted.items():
            if code in stored and stored[code] != row:
                conn.execute(update(agencies).where(agencies.c.code == code).values(**row))
                changed += 1
        # Registry aliases are informative (matching uses the in-memory registry); a key already taken,
        # by a user alias or another agency, is left alone.
        taken = set(conn.execute(select(agency_aliases.c.alias_key)).scalars())
        now = datetime.now(UTC)
        alias_rows = []
        for agency in get_registry().agencies.values():
            for alias in agency.aliases:
                key = compute_alias_key(alias)
                if key not in taken:
                    taken.add(key)
                    alias_rows.append(
                        {"alias_key": key, "alias": alias, "agency_code": agency.code,
                         "source": "registry", "created_at": now}
                    )
        if alias_rows:
            conn.execute(insert(agency_aliases), alias_rows)
            changed += len(alias_rows)
    return changed
