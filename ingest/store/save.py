"""Write API of the store: files, frameworks, submissions with their scores (one transaction per file).

Every function takes a `Connection` already inside a transaction (`with engine.begin() as conn:`)
so that all writes for one uploaded file commit or roll back together.

Duplicate bytes policy: `files.sha256` is unique. Saving bytes that are already stored returns the
existing file id. If the stored copy was *rejected* (or *reverted*), its outcome, report, name, uploader and upload
time are refreshed, because a retry can now succeed (for example after a user alias was added); a
stored *loaded* copy is left untouched so a duplicate upload never rewrites history.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ingest.errors import StoreError
from ingest.store.bulk import insert_tuples
from ingest.store.schema import (
    FILE_KINDS,
    FILE_OUTCOMES,
    REVIEWS,
    files,
    frameworks,
    submissions,
)
from ingest.store.schema import scores as scores_table
from ingest.vocabulary import FILE_FORMATS, STAGES

_KIND = re.compile(r"[a-z][a-z0-9-]{0,15}")
_SCORE_COLUMNS = ("submission_id", "code", "kind", "value", "sheet", "cell", "explanation", "evidence",
                  "justification", "review", "raw_value")
_FILE_COLUMNS_WITHOUT_CONTENT = [c for c in files.c if c.name != "content"]
# Statements built once, values bound per call: SQLAlchemy then compiles each once per process, not
# once per file (building `insert(...).values(...)` anew cost more than the round trip it makes).
_INSERT_FILE = insert(files)
# Agencies per IN list (as in ingest.frameworks.results): well under every backend's bound-parameter limit.
_IN_CHUNK = 400
_INSERT_FILES = insert(files).returning(files.c.id, sort_by_parameter_order=True)
_FILES_BY_SHA256 = select(*_FILE_COLUMNS_WITHOUT_CONTENT).where(files.c.sha256.in_(bindparam("hashes", expanding=True)))
_INSERT_SUBMISSION = insert(submissions)
_INSERT_SUBMISSIONS = insert(submissions).returning(submissions.c.id, sort_by_parameter_order=True)
_SUBMISSION_KEY = ((submissions.c.agency_code == bindparam("k_agency")) & (submissions.c.year == bindparam("k_year"))
                   & (submissions.c.stage == bindparam("k_stage"))
                   & (submissions.c.framework_code == bindparam("k_framework")))
# The last revision of each chain of the agencies × years × stages asked (a group of files'), found by the first
# three columns of ix_submissions_agency_year_stage_framework; the pairs and frameworks wanted are picked in Python:
# compared in SQL, PostgreSQL without statistics (a store being filled) walks the framework-year through
# ix_submissions_year_framework.
_LAST_REVISIONS = (select(submissions.c.agency_code, submissions.c.year, submissions.c.stage, submissions.c.framework_code,
                          func.max(submissions.c.revision))
                   .where(submissions.c.agency_code.in_(bindparam("k_agencies", expanding=True)),
                          submissions.c.year.in_(bindparam("k_years", expanding=True)),
                          submissions.c.stage.in_(bindparam("k_stages", expanding=True)))
                   .group_by(submissions.c.agency_code, submissions.c.year, submissions.c.stage,
                             submissions.c.framework_code))
_RETIRE = update(submissions).where(_SUBMISSION_KEY & submissions.c.is_current).values(is_current=False)
_CURRENT_CODES = (
    select(submissions.c.agency_code, submissions.c.year, submissions.c.stage, submissions.c.framework_code,
           scores_table.c.code)
    .join(scores_table, scores_table.c.submission_id == submissions.c.id)
    .where(submissions.c.is_current & scores_table.c.value.is_not(None)
           & submissions.c.agency_code.in_(bindparam("agencies", expanding=True))
           & submissions.c.year.in_(bindparam("years", expanding=True)))
)


def compute_sha256(content: bytes) -> str:
    """Return the lowercase hex SHA-256 of the bytes (64 characters)."""
    return hashlib.sha256(content).hexdigest()


def _check_kind(kind: str, code: str) -> None:
    # A node kind is the framework's level key (indicator, aspect, pilar, ...), or 'index'.
    if not _KIND.fullmatch(str(kind)):
        raise StoreError(f"score kind {kind!r} of {code} is not a level key such as 'indicator' or 'aspect'")


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise StoreError(f"{what} {value!r} is not one of {', '.join(allowed)}")


def find_file_by_sha256(conn: Connection, sha256: str) -> dict[str, Any] | None:
    """Return the stored file row (without its bytes) whose SHA-256 is given, or None."""
    return find_files_by_sha256(conn, [sha256]).get(sha256)


def find_files_by_sha256(conn: Connection, hashes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return the stored file rows (without their bytes) of the SHA-256s given that are stored, by SHA-256."""
    rows = conn.execute(_FILES_BY_SHA256, {"hashes": list(hashes)}).mappings()
    return {row["sha256"]: dict(row) for row in rows}


def refresh_file_outcome(
    conn: Connection, file_id: int, outcome: str, report: list[dict[str, Any]] | None = None
) -> None:
    """Set a stored file's outcome ('loaded' or 'rejected') and, when given, its problem report."""
    _check(outcome, FILE_OUTCOMES, "file outcome")
    values: dict[str, Any] = {"outcome": outcome}
    if report is not None:
        values["report"] = list(report)
    conn.execute(update(files).where(files.c.id == file_id).values(**values))


def save_file(
    conn: Connection,
    content: bytes,
    original_name: str,
    format: str,
    kind: str = "unknown",
    outcome: str = "loaded",
    report: list[dict[str, Any]] | None = None,
    uploaded_by: str | None = None,
    is_sample: bool = False,
    uploaded_at: datetime | None = None,
) -> int:
    """Store an uploaded file's bytes and outcome and return its id (existing id for known bytes)."""
    return save_files(conn, [FileToSave(content, original_name, format, kind=kind, outcome=outcome, report=report,
                                        uploaded_by=uploaded_by, is_sample=is_sample, uploaded_at=uploaded_at)])[0]


@dataclass
class FileToSave:
    """One file to store with `save_files` (the arguments of `save_file`)."""

    content: bytes
    original_name: str
    format: str
    kind: str = "unknown"
    outcome: str = "loaded"
    report: list[dict[str, Any]] | None = None
    uploaded_by: str | None = None
    is_sample: bool = False
    uploaded_at: datetime | None = None


def save_files(conn: Connection, items: list[FileToSave]) -> list[int]:
    """Store several files as `save_file` does each, looked up and inserted in one statement each; return their ids in order."""
    for item in items:
        _check(item.format, FILE_FORMATS, "file format")
        _check(item.kind, FILE_KINDS, "file kind")
        _check(item.outcome, FILE_OUTCOMES, "file outcome")
    hashes = [compute_sha256(item.content) for item in items]
    if len(set(hashes)) < len(hashes):
        raise StoreError("save_files takes each file's bytes once")
    existing = find_files_by_sha256(conn, hashes) if items else {}
    ids: list[int | None] = []
    rows = []
    for item, sha256 in zip(items, hashes, strict=True):
        now = item.uploaded_at or datetime.now(UTC)
        known = existing.get(sha256)
        if known is None:
            ids.append(None)
            rows.append({"sha256": sha256, "original_name": item.original_name, "size": len(item.content),
                         "content": item.content, "format": item.format, "kind": item.kind,
                         "uploaded_by": item.uploaded_by, "uploaded_at": now, "outcome": item.outcome,
                         "report": list(item.report or []), "is_sample": item.is_sample})
            continue
        if known["outcome"] != "loaded":
            conn.execute(update(files).where(files.c.id == known["id"]).values(
                outcome=item.outcome, report=list(item.report or []), original_name=item.original_name,
                kind=item.kind, uploaded_by=item.uploaded_by, uploaded_at=now))
        ids.append(int(known["id"]))
    if len(rows) == 1:
        inserted = iter([int(conn.execute(_INSERT_FILE, rows[0]).inserted_primary_key[0])])
    else:
        # One statement for every new file, ids returned in the rows' order (SQLAlchemy's insertmanyvalues).
        inserted = iter([int(i) for i in conn.execute(_INSERT_FILES, rows).scalars()] if rows else [])
    return [next(inserted) if file_id is None else file_id for file_id in ids]


def find_current_codes(conn: Connection, keys: Iterable[tuple[str, int, str, str]]) -> dict[tuple[str, int, str, str], set[str]]:
    """Return the score codes with a value of the current revision of each (agency code, year, stage, framework) given."""
    keys = set(keys)
    if not keys:
        return {}
    found: dict[tuple[str, int, str, str], set[str]] = {}
    years = sorted({key[1] for key in keys})
    for agencies in _chunks(sorted({key[0] for key in keys})):
        for agency_code, year, stage, framework_code, code in conn.execute(
                _CURRENT_CODES, {"agencies": agencies, "years": years}):
            if (agency_code, year, stage, framework_code) in keys:
                found.setdefault((agency_code, year, stage, framework_code), set()).add(code)
    return found


def _chunks(values: list[str]) -> Iterator[list[str]]:
    """Yield `values` in slices of _IN_CHUNK: a recap of thousands of units stays under every backend's parameter limit."""
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start:start + _IN_CHUNK]


def save_framework(conn: Connection, code: str, title: str, sha256: str | None = None) -> None:
    """Record a framework the first time a submission uses it (later calls leave the row alone)."""
    values = {"code": code, "title": title, "sha256": sha256, "first_used_at": datetime.now(UTC)}
    # Two loads on a new store may both find no row: on PostgreSQL and SQLite the insert itself
    # ignores the row the other one wrote first, instead of failing the load on the unique key.
    if conn.dialect.name in ("postgresql", "sqlite"):
        module = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(module.insert(frameworks).values(**values).on_conflict_do_nothing(index_elements=["code"]))
        return
    if conn.execute(select(frameworks.c.code).where(frameworks.c.code == code)).first() is None:
        conn.execute(insert(frameworks).values(**values))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _score_rows(submission_id: int, items: Iterable[Mapping[str, Any]], default_sheet: str | None,
                default_kind: str) -> list[tuple]:
    """Return the `scores` rows (`_SCORE_COLUMNS`) of one submission, each item's kind and review checked."""
    rows = []
    kinds: set[str] = set()  # kinds already checked: a submission's rows share one or two
    for item in items:
        code = str(item["code"])
        get = item.get
        kind = get("kind") or ("index" if code == "index" else default_kind)
        if kind not in kinds:
            _check_kind(kind, code)
            kinds.add(kind)
        review = get("review")
        if review is not None and review not in REVIEWS:
            _check(review, REVIEWS, f"review of {code}")
        sheet, cell = get("sheet"), get("cell")
        # Tuples, not dicts: a round of workbooks stores ~100 score rows a file.
        rows.append((submission_id, code, kind, _float(get("value")),
                     default_sheet if sheet is None else sheet, None if cell is None else str(cell),
                     get("explanation"), get("evidence"), get("justification"), review, _float(get("raw_value"))))
    return rows


def save_submission(
    conn: Connection,
    agency_code: str,
    year: int,
    stage: str,
    framework_code: str,
    file_id: int,
    scores: Iterable[Mapping[str, Any]] = (),
    *,
    sheet: str | None = None,
    complete: bool = True,
    missing: Iterable[str] = (),
    published_index: float | None = None,
    published_rating: str | None = None,
    is_sample: bool = False,
    created_at: datetime | None = None,
    dropped: Iterable[str] | None = None,
    index_only: bool = False,
    framework_version: int | None = None,
    kind: str = "indicator",
) -> int:
    """Store one agency-year-stage-framework submission as the next revision (older ones stop being current).

    Revisions are counted per framework, so a file for one framework never retires another
    framework's submission of the same agency, year and stage.

    `scores` is a list of dicts with `code` (a node code of the framework or 'index'), `value` (on the
    framework's scale) and optionally `kind` (the node's level key; default the `kind` argument), `sheet`, `cell`,
    `explanation`, `evidence`, `justification`, `review` ('valid' / 'tidak-valid'). Returns the new submission id.
    """
    return save_submissions(conn, [Submission(
        agency_code, year, stage, framework_code, file_id, scores, sheet=sheet, complete=complete, missing=missing,
        published_index=published_index, published_rating=published_rating, is_sample=is_sample,
        created_at=created_at, dropped=dropped, index_only=index_only, framework_version=framework_version,
        kind=kind)])[0]


@dataclass
class Submission:
    """One submission to store with `save_submissions` (the arguments of `save_submission`)."""

    agency_code: str
    year: int
    stage: str
    framework_code: str
    file_id: int
    scores: Iterable[Mapping[str, Any]] = ()
    sheet: str | None = None
    complete: bool = True
    missing: Iterable[str] = ()
    published_index: float | None = None
    published_rating: str | None = None
    is_sample: bool = False
    created_at: datetime | None = None
    dropped: Iterable[str] | None = None
    index_only: bool = False
    framework_version: int | None = None
    kind: str = "indicator"
    # The score rows as written (`_SCORE_COLUMNS`), set by `save_submissions`: the results are scored from them.
    written: list[tuple] = field(default_factory=list, repr=False)


def save_submissions(conn: Connection, items: list[Submission]) -> list[int]:
    """Store several submissions as next revisions (each as `save_submission` does); return their ids in order.

    Three statements for all of them (plus one retire per chain that has a current revision): a load stores a
    group of files' submissions at once. Each agency, year, stage and framework may come once.
    """
    if not items:
        return []
    keys = [(item.agency_code, int(item.year), item.stage, item.framework_code) for item in items]
    if len(set(keys)) < len(keys):
        raise StoreError("save_submissions takes each agency, year, stage and framework once")
    for item in items:
        _check(item.stage, STAGES, "stage")
    wanted = set(keys)
    given = {"k_years": sorted({key[1] for key in keys}), "k_stages": sorted({key[2] for key in keys})}
    lasts = {(agency, int(year), stage, code): int(last) for agencies in _chunks(sorted({key[0] for key in keys}))
             for agency, year, stage, code, last in conn.execute(_LAST_REVISIONS, {**given, "k_agencies": agencies})
             if (agency, int(year), stage, code) in wanted}
    now = datetime.now(UTC)
    rows = []
    for item, key in zip(items, keys, strict=True):
        last = lasts.get(key)
        if last is not None:  # a first revision has no earlier one to retire
            conn.execute(_RETIRE, {"k_agency": item.agency_code, "k_year": int(item.year), "k_stage": item.stage,
                                   "k_framework": item.framework_code})
        rows.append({"agency_code": item.agency_code, "year": int(item.year), "stage": item.stage,
                     "framework_code": item.framework_code, "framework_version": item.framework_version,
                     "revision": 1 if last is None else last + 1, "file_id": item.file_id, "sheet": item.sheet,
                     "is_current": True, "complete": bool(item.complete), "missing": list(item.missing),
                     "published_index": item.published_index, "published_rating": item.published_rating,
                     "created_at": item.created_at or now, "is_sample": item.is_sample,
                     "dropped": list(item.dropped) if item.dropped else None, "index_only": bool(item.index_only)})
    if len(rows) == 1:
        ids = [int(conn.execute(_INSERT_SUBMISSION, rows[0]).inserted_primary_key[0])]
    else:
        # One statement for every row, ids returned in the rows' order (SQLAlchemy's insertmanyvalues).
        ids = [int(i) for i in conn.execute(_INSERT_SUBMISSIONS, rows).scalars()]
    for item, submission_id in zip(items, ids, strict=True):
        item.written = _score_rows(submission_id, item.scores, item.sheet, item.kind)
    score_rows = [row for item in items for row in item.written]
    if score_rows:
        # One executemany for all rows of the file: thousands of workbooks must load fast.
        insert_tuples(conn, scores_table, _SCORE_COLUMNS, score_rows)
    return ids
