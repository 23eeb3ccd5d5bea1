"""Open the store: engine per URL, SQLite pragmas, and Alembic migrations to head on every open."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text

REPO_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = REPO_ROOT / "ingest" / "migrations"
DEFAULT_DB_PATH = REPO_ROOT / "data" / "tera.db"

SQLITE_BUSY_SECONDS = 60
# Any fixed number: every Tera process agrees on it (pg_advisory_lock takes a bigint).
SETUP_LOCK_KEY = 0x7E7A_0001
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def resolve_db_url(db_url: str | None = None) -> str:
    """Return the store URL: the argument, else env `DATABASE_URL`, else the SQLite file in `data/`."""
    url = db_url or os.environ.get("DATABASE_URL")
    if url:
        return url
    DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DB_PATH}"


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLite ignores foreign keys unless asked on each connection; WAL lets the dashboard read
    # while a load is writing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL keeps the store consistent after a crash and skips a disk flush per commit
    # (one commit per loaded file); only the last transactions may be lost on power failure.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def read_json(text: str | bytes):
    """Return the value of one stored JSON document: orjson's fast reading, the standard library's where orjson
    refuses a document the standard library wrote (NaN, Infinity)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def get_engine(db_url: str | None = None, **engine_kwargs) -> Engine:
    """Return the cached engine for the store URL (see `resolve_db_url`), migrated and seeded with agencies."""
    url = resolve_db_url(db_url)
    key = url if not engine_kwargs else f"{url}|{sorted(engine_kwargs.items())!r}"
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            if url.startswith("sqlite") and "connect_args" not in engine_kwargs:
                # Two processes writing one file wait for each other instead of failing after 5 s.
                engine_kwargs = {**engine_kwargs, "connect_args": {"timeout": SQLITE_BUSY_SECONDS}}
            engine = create_engine(url, **{"json_deserializer": read_json, **engine_kwargs})
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _enable_sqlite_pragmas)
            # Imported here: the registry is heavier than the engine and not needed to migrate.
            from ingest.store.seed import save_registry

            with _setup_lock(engine):
                upgrade_store(engine)
                save_registry(engine)
            _engines[key] = engine
    return engine


@contextmanager
def _setup_lock(engine: Engine) -> Iterator[None]:
    """Hold a lock across processes while the store is migrated and seeded, so two first uses never race.

    SQLite: an advisory lock on a file beside the database; PostgreSQL: a session advisory lock.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": SETUP_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": SETUP_LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks in the stdlib; a single process is the norm there.
        yield
        return
    with open(f"{database}.setup-lock", "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def dispose_engine(engine: Engine) -> None:
    """Close the engine's connections and forget it from the cache (tests drop stores after use)."""
    with _lock:
        for key, cached in list(_engines.items()):
            if cached is engine:
                del _engines[key]
    engine.dispose()


def alembic_config() -> Config:
    """Return an Alembic configuration built in code (no alembic.ini) pointing at `ingest/migrations`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_store(engine: Engine) -> None:
    """Run every pending Alembic migration on the store so an older store upgrades in place."""
    config = alembic_config()
    with engine.begin() as connection:
        # env.py reuses this connection instead of opening its own (keeps PG search_path, SQLite file).
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
