"""Alembic environment: migrate the connection handed in by `ingest.store.upgrade_store`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from ingest.store.schema import metadata

config = context.config


def run_migrations_online() -> None:
    """Run migrations on the caller's connection, or on `sqlalchemy.url` when Alembic is run by hand."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as own_connection:
        context.configure(connection=own_connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
