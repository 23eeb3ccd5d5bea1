"""Open the store: engine per URL, SQLite pragmas, and Alembic migrations to head on every open."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

REPO_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = REPO_ROOT / "ingest" / "migrations"
DEFAULT_DB_PATH = REPO_ROOT / "data" / "tera.db"

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


def get_engine(db_url: str | None = None, **engine_kwargs) -> Engine:
    """Return the cached engine for the store URL (see `resolve_db_url`), migrated and seeded with agencies."""
    url = resolve_db_url(db_url)
    key = url if not engine_kwargs else f"{url}|{sorted(engine_kwargs.items())!r}"
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = create_engine(url, **engine_kwargs)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _enable_sqlite_pragmas)
            upgrade_store(engine)
            # Imported here: the registry is heavier than the engine and not needed to migrate.
            from ingest.store.seed import save_registry

            save_registry(engine)
            _engines[key] = engine
    return engine


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
