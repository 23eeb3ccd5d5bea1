"""Store tests, run on SQLite and PostgreSQL: migrations, files, revisions and final levels."""

from __future__ import annotations

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from ingest import queries
from ingest.store import find_file_by_sha256, get_engine, save_file, save_submission, upgrade_store
from ingest.store.engine import alembic_config, dispose_engine
from ingest.store.save import compute_sha256
from ingest.store.schema import files

TABLES = {"agencies", "agency_aliases", "frameworks", "files", "submissions", "scores"}


def _save(engine, content=b"workbook bytes", **kwargs):
    with engine.begin() as conn:
        return save_file(conn, content, "kab-bogor.xlsx", "xlsx", kind="workbook", **kwargs)


def _submit(engine, stage, levels, reviews=None, agency="32.01", year=2024, content=None):
    content = content or f"{agency}-{year}-{stage}-{levels}".encode()
    reviews = reviews or {}
    with engine.begin() as conn:
        file_id = save_file(conn, content, f"{stage}.xlsx", "xlsx", kind="workbook")
        rows = [{"code": code, "value": value, "review": reviews.get(code), "cell": "D7"}
                for code, value in levels.items()]
        return save_submission(conn, agency, year, stage, "spbe-2020", file_id, rows, sheet="Penilaian")


def test_migrations_reach_head_on_an_empty_store(store_engine):
    assert set(inspect(store_engine).get_table_names()) >= TABLES
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with store_engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head


def test_migrated_indexes_are_those_the_schema_declares(store_engine):
    # The pages' reads are planned on the declared indexes (migration 0012 among them): none missing, none left over.
    from ingest.store.schema import metadata

    found = inspect(store_engine)
    for table in metadata.sorted_tables:
        migrated = {index["name"]: tuple(index["column_names"]) for index in found.get_indexes(table.name)
                    if not index.get("duplicates_constraint")}  # PostgreSQL lists a unique constraint's index too
        declared = {index.name: tuple(column.name for column in index.columns) for index in table.indexes}
        assert migrated == declared, table.name


def test_reopening_is_idempotent(store_url):
    engine = get_engine(store_url)
    before = len(queries.load_agencies(engine))
    upgrade_store(engine)
    dispose_engine(engine)
    again = get_engine(store_url)
    assert len(queries.load_agencies(again)) == before == 38 + 416 + 98 + len(
        [c for c in queries.load_agencies(again)["code"] if c.startswith("K-")]
    )
    dispose_engine(again)


def test_file_bytes_round_trip_and_lookup_by_sha256(store_engine):
    content = bytes(range(256)) * 100
    file_id = _save(store_engine, content, report=[{"type": "x", "severity": "warning"}])
    assert queries.load_all_file_content(store_engine, file_id) == content
    with store_engine.connect() as conn:
        found = find_file_by_sha256(conn, compute_sha256(content))
    assert found["id"] == file_id and found["size"] == len(content) and "content" not in found
    listed = queries.load_all_files(store_engine)
    assert "content" not in listed.columns
    assert listed.loc[0, "report"] == [{"type": "x", "severity": "warning"}]


def test_same_bytes_are_stored_once(store_engine):
    first = _save(store_engine, b"same", outcome="rejected", report=[{"type": "unknown-agency"}])
    second = _save(store_engine, b"same", outcome="loaded", report=[])
    assert first == second
    listed = queries.load_all_files(store_engine)
    assert len(listed) == 1 and listed.loc[0, "outcome"] == "loaded"
    # A loaded file is never rewritten by a later duplicate upload.
    _save(store_engine, b"same", outcome="rejected")
    assert queries.load_all_files(store_engine).loc[0, "outcome"] == "loaded"


def test_sha256_column_is_unique(store_engine):
    _save(store_engine, b"one")
    with pytest.raises(IntegrityError), store_engine.begin() as conn:
        row = conn.execute(select(files)).mappings().first()
        conn.execute(files.insert().values({**row, "id": None, "original_name": "copy.xlsx"}))


def test_new_revision_keeps_the_old_one(store_engine):
    first = _submit(store_engine, "mandiri", {"I1": 2})
    second = _submit(store_engine, "mandiri", {"I1": 3})
    everything = queries.load_all_submissions(store_engine, current_only=False).set_index("id")
    assert everything.loc[first, "revision"] == 1 and not everything.loc[first, "is_current"]
    assert everything.loc[second, "revision"] == 2 and everything.loc[second, "is_current"]
    current = queries.load_all_scores(store_engine)
    assert current["value"].tolist() == [3.0]
    assert sorted(queries.load_all_scores(store_engine, current_only=False)["value"]) == [2.0, 3.0]


def test_final_levels_carry_forward_across_stages(store_engine):
    _submit(store_engine, "mandiri", {"I1": 4, "I2": 4, "I3": 4})
    _submit(store_engine, "dokumen", {"I1": 3, "I2": 2})
    _submit(store_engine, "interviu", {"I1": 2, "I2": None})
    final = queries.load_all_final_levels(store_engine, year=2024).set_index("code")
    assert final.loc["I1", "value"] == 2 and final.loc["I1", "stage"] == "interviu"
    assert final.loc["I2", "value"] == 2 and final.loc["I2", "stage"] == "dokumen"
    assert final.loc["I3", "value"] == 4 and final.loc["I3", "stage"] == "mandiri"
    assert not final["invalid"].any()


def test_tidak_valid_is_flagged_and_does_not_count(store_engine):
    _submit(store_engine, "mandiri", {"I1": 4, "I2": 3})
    _submit(store_engine, "dokumen", {"I1": 3, "I2": 3}, reviews={"I1": "tidak-valid", "I2": "valid"})
    final = queries.load_all_final_levels(store_engine).set_index("code")
    assert final.loc["I1", "invalid"] and final.loc["I1", "value"] != final.loc["I1", "value"]  # NaN
    assert not final.loc["I2", "invalid"] and final.loc["I2", "value"] == 3
    # A new revision of the same stage replaces the invalid value.
    _submit(store_engine, "dokumen", {"I1": 3, "I2": 3}, reviews={"I1": "valid"}, content=b"revised")
    final = queries.load_all_final_levels(store_engine).set_index("code")
    assert not final.loc["I1", "invalid"] and final.loc["I1", "value"] == 3


def test_years_data_as_of_and_sample_flag(store_engine):
    assert queries.load_all_years(store_engine) == [] and queries.load_data_as_of(store_engine) is None
    _submit(store_engine, "mandiri", {"I1": 1}, year=2023)
    _submit(store_engine, "mandiri", {"I1": 1}, year=2024)
    assert queries.load_all_years(store_engine) == [2023, 2024]
    assert queries.load_data_as_of(store_engine).tzinfo is not None
    assert not queries.store_has_sample(store_engine)
    _save(store_engine, b"sample", is_sample=True)
    assert queries.store_has_sample(store_engine)


def test_scores_need_a_known_agency(store_engine):
    with pytest.raises(IntegrityError):
        _submit(store_engine, "mandiri", {"I1": 1}, agency="99.99")


def test_stored_json_reads_what_the_standard_library_wrote():
    import json
    import math

    from ingest.store.engine import read_json

    assert read_json(json.dumps({"D1": 2.5, "codes": ["I1"]})) == {"D1": 2.5, "codes": ["I1"]}
    assert math.isnan(read_json(json.dumps({"D1": float("nan")}))["D1"])  # orjson refuses NaN: the fallback reads it
