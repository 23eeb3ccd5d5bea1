"""The owner/app role split on PostgreSQL: migrations run as the owner, the app's role may not rewrite the audit log.

The owner (`python -m ingest migrate --owner-url …`) creates and alters every table and owns the audit
log's triggers. The app's role gets SELECT, INSERT, UPDATE and DELETE on the data tables, only SELECT and
INSERT on `audit_log`, only SELECT on `alembic_version`; not being the owner it can neither drop nor
disable a trigger, nor truncate. SQLite has no roles: file permissions and backups protect it (docs/security.md).
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, inspect, text

from ingest.errors import UserError

_ROLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
APPEND_ONLY = "audit_log"
READ_ONLY = "alembic_version"


def _schema(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT current_schema()")).scalar())


def save_app_grants(engine: Engine, role: str) -> list[str]:
    """Grant the app's PostgreSQL `role` what it needs on the store's schema (and no more); return the statements run."""
    if engine.dialect.name != "postgresql":
        raise UserError("roles exist on PostgreSQL only; on SQLite protect the file (see docs/security.md)")
    if not _ROLE.match(role):
        raise UserError(f"{role!r} is not a plain PostgreSQL role name")
    schema = _schema(engine)
    tables = inspect(engine).get_table_names(schema=schema)
    q = f'"{schema}"'
    statements = [f'GRANT USAGE ON SCHEMA {q} TO "{role}"',
                  f'REVOKE ALL ON ALL TABLES IN SCHEMA {q} FROM "{role}"',
                  f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q} TO "{role}"']
    for table in tables:
        rights = {APPEND_ONLY: "SELECT, INSERT", READ_ONLY: "SELECT"}.get(table, "SELECT, INSERT, UPDATE, DELETE")
        statements.append(f'GRANT {rights} ON {q}."{table}" TO "{role}"')
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    return statements
