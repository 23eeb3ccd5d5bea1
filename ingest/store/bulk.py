"""Insert many rows of plain values (text, numbers, booleans, None) with one driver executemany (COPY on psycopg).

SQLAlchemy's executemany turns every row into bound parameters in Python, which cost more than the
insert itself for the ~50 score rows of each submission; SQLite's and psycopg's own executemany take
the rows as tuples. Other backends, and rows holding values a driver cannot take as they are, go
through SQLAlchemy unchanged. Either way the rows are written on the caller's connection, inside its
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, insert

# Placeholders of the drivers whose executemany takes positional tuples as they are.
_MARKS = {("sqlite", "pysqlite"): "?", ("postgresql", "psycopg"): "%s"}
# bool included: both drivers store it as their boolean (PostgreSQL) or 0/1 (SQLite), as SQLAlchemy does.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys, values of plain Python types) into `table` in one executemany."""
    if not rows:
        return
    columns = list(rows[0])
    values = list(map(itemgetter(*columns), rows)) if len(columns) > 1 else [(row[columns[0]],) for row in rows]
    insert_tuples(conn, table, columns, values)


def insert_tuples(conn: Connection, table: Table, columns: Sequence[str], values: Sequence[tuple]) -> None:
    """Insert `values` (tuples in the order of `columns`, plain Python types) into `table` in one executemany."""
    if not values:
        return
    mark = _MARKS.get((conn.dialect.name, conn.dialect.driver))
    if mark is None or not set(map(type, chain.from_iterable(values))) <= _PLAIN:
        conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in values])
        return
    quote = conn.dialect.identifier_preparer
    names = ", ".join(quote.quote(column) for column in columns)
    if conn.dialect.driver == "psycopg":
        # COPY: psycopg's executemany still sends one statement per row (pipelined), which was 40% of a PostgreSQL
        # load; COPY streams the rows in one statement, on the same connection and inside the caller's transaction.
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {quote.format_table(table)} ({names}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        return
    conn.exec_driver_sql(f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({', '.join([mark] * len(columns))})",
                         values)
