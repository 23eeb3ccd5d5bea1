"""Rows inserted through the driver's executemany (COPY on PostgreSQL) are the rows SQLAlchemy would have inserted.

Runs on SQLite and PostgreSQL (the `store_url` fixture).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import Boolean, Column, Float, Integer, MetaData, String, Table, Text, insert, select

from ingest.store.bulk import insert_rows

ROWS = [{"id": 1, "code": "I1", "value": 3.0, "note": "Ada kebijakan 'internal'; 100% %s ?", "ok": True},
        {"id": 2, "code": "I2", "value": None, "note": None, "ok": False},
        {"id": 3, "code": "I3", "value": 2, "note": "é — ü", "ok": True},
        # What COPY's text format escapes (PostgreSQL): tabs, line breaks, backslashes and its NULL marker as text.
        {"id": 4, "code": "I\t4", "value": -0.5, "note": "a\tb\nc\r\\N \\. \\", "ok": False}]


def _tables():
    metadata = MetaData()
    columns = lambda: [Column("id", Integer, primary_key=True), Column("code", String(16)),  # noqa: E731
                       Column("value", Float), Column("note", Text), Column("ok", Boolean)]
    return metadata, Table("bulk_driver", metadata, *columns()), Table("bulk_alchemy", metadata, *columns())


def test_driver_rows_equal_sqlalchemy_rows(store_engine):
    metadata, driver, alchemy = _tables()
    metadata.create_all(store_engine)
    try:
        with store_engine.begin() as conn:
            insert_rows(conn, driver, ROWS)
            conn.execute(insert(alchemy), ROWS)
        with store_engine.connect() as conn:
            got = [tuple(row) for row in conn.execute(select(driver).order_by(driver.c.id))]
            want = [tuple(row) for row in conn.execute(select(alchemy).order_by(alchemy.c.id))]
        assert got == want and len(got) == 4
    finally:
        metadata.drop_all(store_engine)


def test_values_a_driver_cannot_take_go_through_sqlalchemy_and_a_rollback_takes_the_rows(store_engine):
    metadata, driver, _ = _tables()
    metadata.create_all(store_engine)
    try:
        odd = [{"id": 1, "code": "I1", "value": np.float32(2.5), "note": "x", "ok": True},
               {"id": 2, "code": "I2", "value": 1.0, "note": str(dt.date(2024, 1, 1)), "ok": False}]
        with store_engine.begin() as conn:
            insert_rows(conn, driver, odd)
        try:
            with store_engine.begin() as conn:  # the rows belong to the caller's transaction
                insert_rows(conn, driver, [{"id": 9, "code": "I9", "value": 1.0, "note": None, "ok": True}])
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        with store_engine.connect() as conn:
            assert [tuple(row) for row in conn.execute(select(driver.c.id, driver.c.value).order_by(driver.c.id))] == \
                [(1, 2.5), (2, 1.0)]
        with store_engine.begin() as conn:
            insert_rows(conn, driver, [])  # nothing to insert: no statement
    finally:
        metadata.drop_all(store_engine)
