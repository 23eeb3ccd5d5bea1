"""Published results kept in the store (migration 0011) equal the pandas path over the publication snapshot (the
oracle, tests/support/published_oracle.py): on the sample, after a later load, a republication, a rescore, clearing
the sample, and when migration 0011 fills a store published before it (SQLite and PostgreSQL)."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from sqlalchemy import insert, select

from dashboard.state.history import compute_history, compute_published_history
from ingest.access import EVALUATOR_VIEWER, PUBLIC_VIEWER, reads, save_publication, save_republication
from ingest.access.publication import load_snapshots
from ingest.access.rescore import save_rescore
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.frameworks.commands import add_framework
from ingest.frameworks.results import compute_result_rows, score_rows
from ingest.store import get_engine
from ingest.store.schema import publications, published_result_levels, published_results
from tests.support.frameworks import make_framework, reweight_first_leaf
from tests.support.published_oracle import assert_published_equals_oracle
from tests.support.stores import copy_store, load_framework_year

AGENCIES = [("32.01", "Pemerintah Kab. Bogor"), ("32.02", "Pemerintah Kab. Sukabumi"),
            ("32.03", "Pemerintah Kab. Cianjur")]
WHO = {"actor": "evaluator@menpan.go.id", "source": "test"}
CODE = "spbe-2020"


def _publish(engine, year: int, code: str = CODE, published: bool = True) -> None:
    save_publication(engine, EVALUATOR_VIEWER, year, code, published, **WHO)


def _index(history: pd.DataFrame, agency: str, year: int) -> float:
    return float(history.loc[(history["agency_code"] == agency) & (history["year"] == year), "index"].iloc[0])


def _levels(fw, base: int) -> dict[str, int]:
    return {leaf.code: 1 + (i + base) % 5 for i, leaf in enumerate(fw.leaves)}


def _stored_rows(engine, table) -> list[dict]:
    with engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(select(table)).mappings()]
    return sorted(({k: v for k, v in row.items() if k != "computed_at"} for row in rows),
                  key=lambda row: tuple(str(row[k]) for k in ("agency_code", "year", "framework_code", "code") if k in row))


def test_published_results_equal_the_pandas_path_on_the_sample(sample_store, tmp_path):
    from ingest.sample.clear import clear_sample

    engine = get_engine(copy_store(sample_store, tmp_path / "sample.db"))
    for year in (2022, 2023):
        _publish(engine, year)
    before = assert_published_equals_oracle(engine, CODE)
    assert before.loc[before["year"].isin([2022, 2023]), "submitted"].sum() > 500
    fw = FrameworkCatalog.from_store(engine).get(CODE)
    load_framework_year(engine, CODE, 2023, [("35.10", "Kabupaten Banyuwangi")], _levels(fw, 3))  # after publication
    after = assert_published_equals_oracle(engine, CODE)
    assert _index(after, "35.10", 2023) == _index(before, "35.10", 2023)  # the public still sees the snapshot
    assert _index(compute_history(engine, fw), "35.10", 2023) != _index(before, "35.10", 2023)
    save_republication(engine, EVALUATOR_VIEWER, 2023, CODE, **WHO)
    again = assert_published_equals_oracle(engine, CODE)
    assert _index(again, "35.10", 2023) == _index(compute_history(engine, fw), "35.10", 2023)
    clear_sample(engine)  # the sample leaves the snapshots too: what stays published is the real load
    cleared = assert_published_equals_oracle(engine, CODE)
    assert set(cleared.loc[cleared["submitted"], "agency_code"]) == {"35.10"}


def _generated(engine, tmp_path):
    data = make_framework([2, 3], "percent", {"kind": "named", "min": 1, "max": 5, "not_answered": 0}, [3, 1, 2])
    path = tmp_path / "generated.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    add_framework(engine, path)
    return data, path


def test_publication_keeps_its_copy_through_loads_and_rescores_until_republished(store_engine, tmp_path):
    engine = store_engine
    data, path = _generated(engine, tmp_path)
    fw = FrameworkCatalog.from_store(engine).get("generated")
    for year in (2023, 2024):
        for n, agency in enumerate(AGENCIES):
            load_framework_year(engine, "generated", year, [agency], _levels(fw, n + year))
    _publish(engine, 2023, "generated")
    # The copy taken with the snapshot is what the snapshot's submissions give when computed from their scores.
    ids = load_snapshots(engine)[(2023, "generated")][1]
    with engine.connect() as conn:
        rows, levels = compute_result_rows(score_rows(conn, "generated", 2023, ids=sorted(ids)), "generated", 2023,
                                           FrameworkCatalog.from_store(engine))
    assert _stored_rows(engine, published_results) == sorted(
        ({k: v for k, v in row.items() if k != "computed_at"} for row in rows), key=lambda row: row["agency_code"])
    assert len(_stored_rows(engine, published_result_levels)) == len(levels) > 0
    published = assert_published_equals_oracle(engine, "generated")

    load_framework_year(engine, "generated", 2023, [AGENCIES[0]], _levels(fw, 0))  # a later load
    assert_published_equals_oracle(engine, "generated")
    later = compute_published_history(engine, fw)
    assert _index(later, "32.01", 2023) == _index(published, "32.01", 2023)
    assert _index(compute_history(engine, fw), "32.01", 2023) != _index(published, "32.01", 2023)
    public = reads.load_final_levels(engine, PUBLIC_VIEWER, 2023, "generated")
    assert set(public["agency_code"]) == {code for code, _name in AGENCIES}

    reweight_first_leaf(data, path)  # version 2, and a rescore of 2023 after publication
    add_framework(engine, path)
    kept = _stored_rows(engine, published_results)
    save_rescore(engine, "generated", 2023, 2, **WHO)
    assert _stored_rows(engine, published_results) == kept  # the public still sees the version it was published with
    rescored = compute_published_history(engine, fw)
    assert set(rescored.loc[rescored["year"] == 2023, "framework_version"].dropna()) == {1}
    evaluator = compute_history(engine, fw, FrameworkCatalog.from_store(engine).version_frameworks("generated"))
    assert set(evaluator.loc[evaluator["year"] == 2023, "framework_version"].dropna()) == {2}

    _publish(engine, 2023, "generated", published=False)  # unpublishing keeps the copy; the flag hides it
    assert _stored_rows(engine, published_results) == kept
    assert reads.load_final_levels(engine, PUBLIC_VIEWER, 2023, "generated").empty
    assert_published_equals_oracle(engine, "generated")
    _publish(engine, 2023, "generated")  # publishing again takes a new snapshot: today's results, version 2
    republished = compute_published_history(engine, fw)
    assert set(republished.loc[republished["year"] == 2023, "framework_version"].dropna()) == {2}
    assert _index(republished, "32.01", 2023) == _index(evaluator, "32.01", 2023)


def test_migration_0011_fills_a_store_published_before_it(store_engine):
    from alembic import command

    from ingest.store.engine import alembic_config, upgrade_store

    engine = store_engine
    fw = FrameworkCatalog.from_store(engine).get(CODE)
    for year in (2022, 2023, 2024):
        for n, agency in enumerate(AGENCIES):
            load_framework_year(engine, CODE, year, [agency], _levels(fw, n + year))
    _publish(engine, 2023)  # its snapshot stays the current submissions: copied
    _publish(engine, 2024)  # a later load: computed from the snapshot's submissions
    load_framework_year(engine, CODE, 2024, [AGENCIES[1]], _levels(fw, 2))
    with engine.begin() as conn:  # published by hand, without a snapshot (as before snapshots existed)
        conn.execute(insert(publications).values(year=2022, framework_code=CODE, published=True, changed_by="old",
                                                 changed_at=pd.Timestamp("2024-01-01", tz="UTC").to_pydatetime()))
    expected = _stored_rows(engine, published_results)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0010")
    upgrade_store(engine)
    filled = assert_published_equals_oracle(engine, CODE)
    assert filled.loc[filled["year"].isin([2022, 2023, 2024]), "submitted"].sum() == 9
    rows = _stored_rows(engine, published_results)
    assert {row["year"] for row in rows} == {2022, 2023, 2024}
    assert [row for row in rows if row["year"] != 2022] == expected


@pytest.mark.parametrize("role", ["public", "agency"])
def test_published_final_levels_equal_the_pandas_path_for_every_viewer(sample_store, tmp_path, role):
    from ingest.access import Viewer
    from tests.support.published_oracle import compute_public_final_levels_oracle, normal_levels

    engine = get_engine(copy_store(sample_store, tmp_path / "sample.db"))
    _publish(engine, 2023)
    fw = FrameworkCatalog.from_store(engine).get(CODE)
    load_framework_year(engine, CODE, 2023, [("35.10", "Kabupaten Banyuwangi"), ("35.77", "Kota Madiun")],
                        _levels(fw, 1))
    viewer = PUBLIC_VIEWER if role == "public" else Viewer(role="agency", agency_codes=frozenset({"35.10"}), email="a@b.id")
    for year in (None, 2023, 2024):
        stored = reads.load_final_levels(engine, viewer, year, CODE)
        oracle = compute_public_final_levels_oracle(engine, viewer, year, CODE)
        pd.testing.assert_frame_equal(normal_levels(stored), normal_levels(oracle), check_dtype=False)
