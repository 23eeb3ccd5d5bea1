"""Read API of the store for the dashboard: every function takes an Engine and returns plain data.

Frames use the store's vocabulary (agency, submission, stage, revision, score, review). Nothing
here writes; the dashboard never opens a SQLAlchemy session itself.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, Select, exists, func, select

from ingest.errors import StoreError
from ingest.store.schema import (
    agencies,
    agency_aliases,
    files,
    framework_versions,
    scores,
    submissions,
)
from ingest.vocabulary import STAGES

_STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}
_SCORE_COLUMNS = [
    "agency_code", "year", "framework_code", "stage", "revision", "code", "kind", "value", "review",
    "sheet", "cell", "explanation", "evidence", "justification", "file_id", "raw_value",
]
_FINAL_COLUMNS = ["agency_code", "year", "framework_code", "code", "kind", "value", "stage", "invalid", "raw_value"]


def _frame(engine: Engine, query: Select) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(query)
        columns = list(result.keys())
        # Plain tuples: pandas probes SQLAlchemy Row objects attribute by attribute, ten times slower.
        rows = [tuple(row) for row in result]
        return pd.DataFrame.from_records(rows, columns=columns)


def load_agencies(engine: Engine) -> pd.DataFrame:
    """Return every registry agency: code, name, type, province_code, evaluated, valid_from/to, successor_code."""
    return _frame(engine, select(agencies).order_by(agencies.c.code))


def _where_framework(query: Select, framework: str | None) -> Select:
    return query if framework is None else query.where(submissions.c.framework_code == framework)


def load_all_submissions(engine: Engine, year: int | None = None, current_only: bool = True,
                         framework: str | None = None, submission_ids: set[int] | None = None) -> pd.DataFrame:
    """Return submissions (one row per agency × year × framework × stage × revision), current ones by default,
    or exactly those with `submission_ids` (a publication snapshot)."""
    query = _where_framework(select(submissions), framework)
    if year is not None:
        query = query.where(submissions.c.year == int(year))
    if submission_ids is not None:
        query = query.where(submissions.c.id.in_(sorted(submission_ids)))
    elif current_only:
        query = query.where(submissions.c.is_current)
    return _frame(engine, query.order_by(submissions.c.id))


def load_all_files(engine: Engine) -> pd.DataFrame:
    """Return every stored file's metadata and problem report, without its bytes, oldest first."""
    columns = [c for c in files.c if c.name != "content"]
    return _frame(engine, select(*columns).order_by(files.c.id))


def load_all_file_content(engine: Engine, file_id: int) -> bytes:
    """Return the exact bytes of a stored file; raises `StoreError` when the id is unknown."""
    with engine.connect() as conn:
        content = conn.execute(select(files.c.content).where(files.c.id == int(file_id))).scalar()
    if content is None:
        raise StoreError(f"no stored file with id {file_id}")
    return bytes(content)


def load_all_scores(
    engine: Engine, year: int | None = None, stage: str | None = None, current_only: bool = True,
    framework: str | None = None, submission_ids: set[int] | None = None, agency_code: str | None = None,
) -> pd.DataFrame:
    """Return the long score table (one row per submission × node code) with provenance columns; of exactly the
    submissions `submission_ids` when given (a publication snapshot); of one agency when given."""
    query = select(
        submissions.c.agency_code, submissions.c.year, submissions.c.framework_code, submissions.c.stage, submissions.c.revision,
        scores.c.code, scores.c.kind, scores.c.value, scores.c.review, scores.c.sheet, scores.c.cell,
        scores.c.explanation, scores.c.evidence, scores.c.justification, submissions.c.file_id, scores.c.raw_value,
    ).join(submissions, scores.c.submission_id == submissions.c.id)
    query = _where_framework(query, framework)
    if year is not None:
        query = query.where(submissions.c.year == int(year))
    if stage is not None:
        query = query.where(submissions.c.stage == stage)
    if agency_code is not None:  # a profile reads its agency's rows, not the whole year's
        query = query.where(submissions.c.agency_code == agency_code)
    if submission_ids is not None:
        query = query.where(submissions.c.id.in_(sorted(submission_ids)))
    elif current_only:
        query = query.where(submissions.c.is_current)
    frame = _frame(engine, query.order_by(submissions.c.id, scores.c.id))
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    return frame[_SCORE_COLUMNS]


def compute_final_levels(long_scores: pd.DataFrame) -> pd.DataFrame:
    """Return per agency × year × framework × code the value of the latest stage giving one (later stages win).

    A value reviewed 'tidak-valid' does not count: its `value` is NaN and `invalid` is True until a
    newer revision replaces it.
    """
    given = long_scores[long_scores["value"].notna()].copy()
    if given.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in _FINAL_COLUMNS})
    if "framework_code" not in given.columns:  # a frame of one framework, built by hand
        given["framework_code"] = None
    given["stage_rank"] = given["stage"].map(_STAGE_RANK)
    key = ["agency_code", "year", "framework_code", "code"]
    given = given.sort_values([*key, "stage_rank"], kind="stable")
    final = given.drop_duplicates(key, keep="last").copy()
    final["invalid"] = (final["review"] == "tidak-valid").fillna(False).astype(bool)
    final.loc[final["invalid"], "value"] = float("nan")
    # `raw_value`: a converted indicator's value on its own scale (absent from frames built by hand).
    return final.reindex(columns=_FINAL_COLUMNS).reset_index(drop=True)


def load_all_final_levels(engine: Engine, year: int | None = None, framework: str | None = None) -> pd.DataFrame:
    """Return the final value per agency × year × framework × code from current revisions (see `compute_final_levels`)."""
    return compute_final_levels(load_all_scores(engine, year=year, current_only=True, framework=framework))


def load_all_years(engine: Engine, framework: str | None = None) -> list[int]:
    """Return the years that have at least one current submission (of `framework` when given), ascending."""
    query = _where_framework(select(submissions.c.year).where(submissions.c.is_current), framework)
    with engine.connect() as conn:
        return [int(y) for y in conn.execute(query.distinct().order_by(submissions.c.year)).scalars()]


def load_all_framework_years(engine: Engine) -> pd.DataFrame:
    """Return which frameworks have current submissions in which years: year, framework_code, agencies (count)."""
    query = (select(submissions.c.year, submissions.c.framework_code,
                    func.count(submissions.c.agency_code.distinct()).label("agencies"))
             .where(submissions.c.is_current)
             .group_by(submissions.c.year, submissions.c.framework_code)
             .order_by(submissions.c.year, submissions.c.framework_code))
    frame = _frame(engine, query)
    return frame.astype({"year": "int64", "agencies": "int64"}) if not frame.empty else frame


def load_participants(engine: Engine, year: int, framework: str) -> list[str]:
    """Return the codes of the agencies with a current submission in `framework` for `year`, sorted."""
    query = (select(submissions.c.agency_code).where(submissions.c.is_current, submissions.c.year == int(year),
                                                     submissions.c.framework_code == framework)
             .distinct().order_by(submissions.c.agency_code))
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def load_data_as_of(engine: Engine) -> datetime | None:
    """Return when the latest file was uploaded (timezone-aware UTC), or None for an empty store."""
    with engine.connect() as conn:
        latest = conn.execute(select(func.max(files.c.uploaded_at))).scalar()
    if latest is None:
        return None
    if isinstance(latest, str):  # SQLite may hand back text for aggregates
        latest = datetime.fromisoformat(latest)
    return latest if latest.tzinfo else latest.replace(tzinfo=UTC)


def store_has_sample(engine: Engine) -> bool:
    """True when any stored file or submission is sample data (the dashboard then shows a banner)."""
    query = select(exists().where(files.c.is_sample) | exists().where(submissions.c.is_sample))
    with engine.connect() as conn:
        return bool(conn.execute(query).scalar())


def store_has_real_data(engine: Engine) -> bool:
    """True when any stored file or submission is not sample data (ends the demo evaluator for good)."""
    query = select(exists().where(~files.c.is_sample) | exists().where(~submissions.c.is_sample))
    with engine.connect() as conn:
        return bool(conn.execute(query).scalar())


def load_user_aliases(engine: Engine) -> dict[str, str]:
    """Return the user-added aliases as {alias key: agency code}, to pass to `match_agency(aliases=...)`."""
    query = select(agency_aliases.c.alias_key, agency_aliases.c.agency_code).where(
        agency_aliases.c.source == "user"
    )
    with engine.connect() as conn:
        return {key: code for key, code in conn.execute(query)}


def load_framework_versions(engine: Engine, *, latest_only: bool = False, with_content: bool = False) -> list[dict]:
    """Return the stored framework versions (code, version, title, sha256, original_name, format, added_by, added_at,
    is_sample; `content` too when asked), by code then newest first; only each code's newest with `latest_only`."""
    columns = [c for c in framework_versions.c if with_content or c.name != "content"]
    query = select(*columns).order_by(framework_versions.c.code, framework_versions.c.version.desc())
    with engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(query).mappings()]
    if latest_only:
        seen: set[str] = set()
        rows = [row for row in rows if not (row["code"] in seen or seen.add(row["code"]))]
    for row in rows:
        if "content" in row:
            row["content"] = bytes(row["content"])
    return rows


def load_all_result_versions(engine: Engine, framework: str | None = None) -> pd.DataFrame:
    """Return the framework version each agency-year's results are scored with: agency_code, year, framework_code,
    framework_version (the newest among its current submissions; None for a built-in framework)."""
    query = _where_framework(
        select(submissions.c.agency_code, submissions.c.year, submissions.c.framework_code,
               func.max(submissions.c.framework_version).label("framework_version"))
        .where(submissions.c.is_current)
        .group_by(submissions.c.agency_code, submissions.c.year, submissions.c.framework_code), framework)
    frame = _frame(engine, query.order_by(submissions.c.framework_code, submissions.c.year, submissions.c.agency_code))
    return frame.astype({"year": "int64", "framework_version": "Int64"}) if not frame.empty else frame
