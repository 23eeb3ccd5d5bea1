"""The owner/app role split on PostgreSQL: the app's role appends to and reads the audit log, and nothing more."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ingest.access import save_audit
from tests.support.stores import POSTGRES_URL
from tests.support.stores import postgres_answers as _postgres_answers

ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test"


@pytest.fixture
def owner_and_app(monkeypatch):
    """A private schema migrated by `ingest migrate --owner-url` (postgres) and a fresh login role for the app."""
    if not _postgres_answers():
        pytest.skip("PostgreSQL at 127.0.0.1:5432 does not answer")
    import psycopg

    from ingest.cli import main
    from ingest.store.engine import dispose_engine, get_engine

    schema, role = f"t_{uuid.uuid4().hex[:16]}", f"tera_app_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
    owner_url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    app_url = owner_url.replace("postgres@", f"{role}@", 1)
    monkeypatch.setenv("DATABASE_URL", app_url)
    try:
        assert main(["migrate", "--owner-url", owner_url]) == 0
        app = get_engine(app_url)  # the app opens the migrated store under its own role
        yield app
        dispose_engine(app)
        dispose_engine(get_engine(owner_url))
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            conn.execute(f'DROP OWNED BY "{role}"')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.mark.postgres
@pytest.mark.parametrize("statement", [
    "DELETE FROM audit_log",
    "UPDATE audit_log SET actor = 'x'",
    "TRUNCATE audit_log",
    "DROP TRIGGER audit_log_append_only ON audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER USER",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "DROP TABLE audit_log",
    "UPDATE alembic_version SET version_num = '0001'",
])
def test_the_app_role_cannot_rewrite_the_audit_log(owner_and_app, statement):
    app = owner_and_app
    save_audit(app, "tester", "backup", {"n": 1}, "test")  # it may append …
    with app.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() >= 2  # … and read (migrate is audited too)
    with pytest.raises(DBAPIError, match="permission denied|must be owner|append-only"), app.begin() as conn:
        conn.execute(text(statement))


@pytest.mark.postgres
def test_the_app_role_still_writes_the_data_tables(owner_and_app):
    with owner_and_app.begin() as conn:
        conn.execute(text("UPDATE agencies SET name = name WHERE code = '35.10'"))


def test_migrate_refuses_the_owner_as_app_role_and_explains_sqlite(tmp_path, capsys):
    from ingest.cli import main

    assert main(["migrate", "--owner-url", f"sqlite:///{tmp_path / 'tera.db'}"]) == 0
    assert "SQLite has no roles" in capsys.readouterr().out
    if _postgres_answers():
        with pytest.raises(SystemExit):
            main(["migrate", "--owner-url", POSTGRES_URL, "--app-role", "postgres"])
