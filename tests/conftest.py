"""Fixtures shared by every test package (one conftest for the whole suite)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = REPO_ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def published_2023_csv() -> Path:
    """Path of the published 2023 results table beside the project; skips when it is absent."""
    path = SHARED_REFERENCE / "spbe-2023-results.csv"
    if not path.exists():
        pytest.skip(f"published 2023 results not found at {path}")
    return path


# --- store fixtures (ingest/store): every store test runs on SQLite and on PostgreSQL ---

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_answers() -> bool:
    """True when the test PostgreSQL server accepts a connection within one second."""
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", connect_timeout=1):
            return True
    except Exception:
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A fresh, empty store URL: a temporary SQLite file, or a private schema on the test PostgreSQL.

    On PostgreSQL each test gets its own schema (selected through the libpq `options` search_path in
    the URL) that is dropped afterwards, so parallel runs never see each other's tables.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tera.db'}"
        return
    if not _postgres_answers():
        pytest.skip("PostgreSQL at 127.0.0.1:5432 does not answer")
    import uuid

    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=test"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def store_engine(store_url):
    """An engine on the fresh store, migrated and seeded; disposed after the test."""
    from ingest.store.engine import dispose_engine, get_engine

    engine = get_engine(store_url)
    yield engine
    dispose_engine(engine)


# `pytest` run as a script (not `python -m pytest`) does not put the repository on sys.path, and
# tests/ingest would then shadow the real `ingest` package as a namespace package.
import sys  # noqa: E402

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
