"""Store tables as SQLAlchemy Core `Table`s; the Alembic migrations create exactly these."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

FILE_KINDS = ("workbook", "recap", "unknown")
# A file none of whose submissions is current after `ingest revert` is "reverted" (sending it again reloads it).
FILE_OUTCOMES = ("loaded", "rejected", "reverted")
REVIEWS = ("valid", "tidak-valid")

agencies = Table(
    "agencies",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(40), nullable=False),
    Column("province_code", String(8), nullable=True),
    Column("evaluated", Boolean, nullable=False, default=True),
    Column("valid_from", Integer, nullable=True),
    Column("valid_to", Integer, nullable=True),
    Column("successor_code", String(40), nullable=True),
    # 'registry' rows mirror the registry files; 'user' rows an evaluator added or changed by command
    # beat the files and survive upgrades (migration 0009).
    Column("source", String(16), nullable=False, default="registry", server_default="registry"),
    # The agency a user-added one continues (`agencies add --successor-of`).
    Column("predecessor_code", String(40), nullable=True),
)

agency_aliases = Table(
    "agency_aliases",
    metadata,
    Column("alias_key", Text, primary_key=True),
    Column("alias", Text, nullable=False),
    Column("agency_code", String(40), ForeignKey("agencies.code"), nullable=False),
    Column("source", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

frameworks = Table(
    "frameworks",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("title", Text, nullable=False),
    Column("sha256", String(64), nullable=True),
    Column("first_used_at", DateTime(timezone=True), nullable=False),
)

# Frameworks added by evaluators (`python -m ingest framework add`), one row per version, original bytes kept.
framework_versions = Table(
    "framework_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("original_name", Text, nullable=False),
    Column("format", String(8), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("added_by", Text, nullable=True),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("is_sample", Boolean, nullable=False, default=False),
    UniqueConstraint("code", "version", name="uq_framework_versions_code_version"),
    UniqueConstraint("code", "sha256", name="uq_framework_versions_code_sha256"),
)

files = Table(
    "files",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("original_name", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("format", String(8), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("uploaded_by", Text, nullable=True),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("report", JSON, nullable=False),
    Column("is_sample", Boolean, nullable=False, default=False),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_code", String(40), ForeignKey("agencies.code"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("stage", String(16), nullable=False),
    Column("framework_code", String(40), nullable=False),
    # The stored version of an evaluator-added framework (None for a built-in one).
    Column("framework_version", Integer, nullable=True),
    Column("revision", Integer, nullable=False),
    Column("file_id", Integer, ForeignKey("files.id"), nullable=False),
    Column("sheet", Text, nullable=True),
    Column("is_current", Boolean, nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("missing", JSON, nullable=False),
    Column("published_index", Float, nullable=True),
    Column("published_rating", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("is_sample", Boolean, nullable=False, default=False),
    # Indicators the previous current revision answered and this one does not (None: nothing dropped).
    Column("dropped", JSON, nullable=True),
    # A recap row with only the published index and rating ("indeks saja").
    Column("index_only", Boolean, nullable=False, default=False, server_default=false()),
    # A revision chain is agency × year × stage × framework: two frameworks of one year never retire each other.
    Index("ix_submissions_agency_year_stage_framework", "agency_code", "year", "stage", "framework_code"),
    Index("ix_submissions_year_framework", "year", "framework_code"),
)

scores = Table(
    "scores",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False),
    Column("code", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("value", Float, nullable=True),
    Column("sheet", Text, nullable=True),
    Column("cell", String(80), nullable=True),
    Column("explanation", Text, nullable=True),
    Column("evidence", Text, nullable=True),
    Column("justification", Text, nullable=True),
    Column("review", String(16), nullable=True),
    # The value as written on the indicator's own scale where the framework converts it (a 0–100 survey).
    Column("raw_value", Float, nullable=True),
    Index("ix_scores_submission_id", "submission_id"),
)

# --- access (issue 12): users, publication settings, append-only audit log ---

ROLES = ("evaluator", "agency")

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("subject", String(255), nullable=True, unique=True),
    Column("role", String(16), nullable=False),
    Column("agency_codes", JSON, nullable=False),
    Column("password_hash", Text, nullable=True),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

publications = Table(
    "publications",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("framework_code", String(40), primary_key=True),
    Column("published", Boolean, nullable=False),
    Column("changed_by", Text, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

# One row each time a year × framework is published or republished: the submissions current then
# (what readers outside an agency's detail see until the next republication). Rows are only added.
publication_snapshots = Table(
    "publication_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    Column("framework_code", String(40), nullable=False),
    Column("taken_at", DateTime(timezone=True), nullable=False),
    Column("taken_by", Text, nullable=False),
    Column("submission_ids", JSON, nullable=False),
    Index("ix_publication_snapshots_year_framework", "year", "framework_code"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(40), nullable=False),
    Column("detail", JSON, nullable=False),
    Column("source", Text, nullable=False),
    Index("ix_audit_log_at", "at"),
)


# Small key → value rows written last by multi-step jobs, so a start can tell a finished job from a
# killed one (key 'sample': the sample fill; value 'complete').
store_state = Table(
    "store_state",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


# --- commitments (issue 21): promises made in meetings, never deleted (withdrawn with a reason) ---

commitments = Table(
    "commitments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_code", String(40), nullable=False),
    Column("framework_code", String(40), nullable=False),
    Column("indicator", String(40), nullable=False),
    Column("target_level", Float, nullable=False),
    Column("target_year", Integer, nullable=False),
    # The round whose results the promise was made on, and the indicator's final level then (None: none).
    Column("base_year", Integer, nullable=True),
    Column("base_level", Float, nullable=True),
    Column("responsible", Text, nullable=False),
    Column("note", Text, nullable=False),
    # Which meeting it was made in (free text: "Rapat koordinasi 4 Maret 2025"); public per meeting.
    Column("meeting", Text, nullable=False),
    Column("public", Boolean, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("withdrawn_at", DateTime(timezone=True), nullable=True),
    Column("withdrawn_by", Text, nullable=True),
    Column("withdrawn_reason", Text, nullable=True),
    # A commitment carried to a successor framework points at the one it replaces.
    Column("carried_from", Integer, nullable=True),
    Index("ix_commitments_agency", "agency_code"),
)


# --- results kept in the store (issue 20): computed once at load, one row per agency × year × framework ---

results = Table(
    "results",
    metadata,
    Column("agency_code", String(40), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("framework_code", String(40), primary_key=True),
    # The stored framework version the result was scored with (None: a built-in framework).
    Column("framework_version", Integer, nullable=True),
    # The latest stage that gave any final value; None when the agency-year has no final value.
    Column("stage", String(16), nullable=True),
    Column("index", Float, nullable=True),
    Column("rating", String(40), nullable=True),
    # The index ranks read (rounded where the year's rating basis rounds), so SQL can rank without the framework.
    Column("rank_basis", Float, nullable=True),
    # {node code: score} of every node above the indicators (None where it cannot be computed).
    Column("nodes", JSON, nullable=False),
    Column("complete", Boolean, nullable=True),
    Column("missing", JSON, nullable=True),
    Column("index_kind", String(16), nullable=True),
    # False: current submissions with no final value (the pages list the agency as not submitted).
    Column("took_part", Boolean, nullable=False),
    Column("index_status", String(16), nullable=False),
    Column("empty_codes", JSON, nullable=False),
    Column("invalid_codes", JSON, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
    # A year's rows and ranks read key, stage and rank basis from the index; the agencies that took part likewise.
    Index("ix_results_framework_year_ranks", "framework_code", "year", "agency_code", "stage", "rank_basis"),
    Index("ix_results_framework_took_part", "framework_code", "took_part", "agency_code"),
)

# The final value of every node an agency-year answered (the latest stage giving one; Tidak Valid: NULL value,
# `invalid` true), kept beside `results` so a page reads a year's final levels without every stage's rows.
result_levels = Table(
    "result_levels",
    metadata,
    Column("agency_code", String(40), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("framework_code", String(40), primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("stage", String(16), nullable=False),
    Column("value", Float, nullable=True),
    Column("invalid", Boolean, nullable=False),
    Column("raw_value", Float, nullable=True),
    Index("ix_result_levels_framework_year", "framework_code", "year"),
)


def _same_columns(table: Table) -> list[Column]:
    # A fresh copy of every column of `table` (name, type, key, nullability): the published tables stay identical.
    return [Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable) for c in table.columns]


# The results as published (migration 0011): a copy of the `results` and `result_levels` rows of a year ×
# framework's latest publication snapshot, written in the transaction that takes it. A later load, rescore or
# revert leaves them alone, a republication replaces them, unpublishing keeps them (the publication flag hides
# them); queries written for `results` / `result_levels` run on these unchanged (same columns and keys).
published_results = Table("published_results", metadata, *_same_columns(results),
                          Index("ix_published_results_framework_year", "framework_code", "year"))
published_result_levels = Table("published_result_levels", metadata, *_same_columns(result_levels),
                                Index("ix_published_result_levels_framework_year", "framework_code", "year"))
