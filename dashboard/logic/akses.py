"""Akses: publication choices, the user list and the audit log as tables (pure; reads go through `ingest.access`)."""

from __future__ import annotations

import json

import pandas as pd

USER_COLUMNS = ["email", "role", "agencies", "has_password", "state"]
AUDIT_COLUMNS = ["at", "actor", "action", "source", "detail"]


def publication_rows(years: list[int], framework_code: str, settings: pd.DataFrame) -> pd.DataFrame:
    """Return one row per year with data: year, framework, published (False when never set), changed_by, changed_at."""
    own = settings[settings["framework_code"] == framework_code].set_index("year")
    rows = [{"year": int(y), "framework_code": framework_code,
             "published": bool(own.loc[y, "published"]) if y in own.index else False,
             "changed_by": own.loc[y, "changed_by"] if y in own.index else "",
             "changed_at": own.loc[y, "changed_at"] if y in own.index else None} for y in sorted(years)]
    return pd.DataFrame(rows, columns=["year", "framework_code", "published", "changed_by", "changed_at"])


def publication_changes(before: pd.DataFrame, wanted: set[int]) -> list[tuple[int, bool]]:
    """Return the (year, published) settings that differ from `before` when `wanted` years should be published."""
    return [(int(y), int(y) in wanted) for y, was in zip(before["year"], before["published"], strict=True)
            if bool(was) != (int(y) in wanted)]


def users_frame(users: list[dict]) -> pd.DataFrame:
    """Return the user list (no password hashes) as a table: email, role, agencies, has_password, state."""
    rows = [{"email": u["email"], "role": u["role"], "agencies": ", ".join(u["agency_codes"]),
             "has_password": u["has_password"],
             "state": "disabled" if u["disabled"] else ("locked" if u["locked_until"] is not None else "active")}
            for u in users]
    return pd.DataFrame(rows, columns=USER_COLUMNS)


def audit_table(log: pd.DataFrame) -> pd.DataFrame:
    """Return the audit entries for display and CSV: detail as compact JSON text (never rendered as Markdown)."""
    return log.assign(detail=[json.dumps(d, ensure_ascii=False, sort_keys=True, default=str) for d in log["detail"]])[
        AUDIT_COLUMNS]


CHANGE_COLUMNS = ["agency_code", "agency_name", "index_before", "index_after", "rating_before", "rating_after"]


def snapshot_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Return the agencies whose published index or rating a republication would change (one year's results rows,
    before = as published, after = as the store is now), with both values; NaN means "no published result"."""
    keys = ["agency_code", "agency_name"]
    merged = before[[*keys, "index", "rating"]].merge(after[[*keys, "index", "rating"]], on=keys, how="outer",
                                                      suffixes=("_before", "_after"))
    same_index = (merged["index_before"] == merged["index_after"]) | (merged["index_before"].isna()
                                                                      & merged["index_after"].isna())
    same_rating = merged["rating_before"].fillna("") == merged["rating_after"].fillna("")
    changed = merged[~(same_index & same_rating)]
    return changed.sort_values("agency_name", kind="stable")[CHANGE_COLUMNS].reset_index(drop=True)
