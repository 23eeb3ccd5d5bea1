"""Results kept in the store equal the pandas path (`compute_history`, kept as the oracle): on the sample, on a
seeded store, on generated frameworks of any depth (SQLite and PostgreSQL), after a rescore and after clearing."""

from __future__ import annotations

import io

import pandas as pd
import pytest
import yaml

from dashboard.logic.stored_results import compute_stored_history
from ingest.access.rescore import save_rescore
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.frameworks.commands import add_framework
from ingest.frameworks.results import fill_results
from ingest.load import load_file
from ingest.result_queries import load_stored_results
from ingest.store import get_engine
from ingest.template import write_template
from tests.support.frameworks import make_framework, reweight_first_leaf
from tests.support.published_oracle import assert_stored_equals_oracle
from tests.support.published_oracle import normal_results as _normal

AGENCIES = [("32.01", "Pemerintah Kab. Bogor"), ("32.02", "Pemerintah Kab. Sukabumi"), ("32.03", "Pemerintah Kab. Cianjur"),
            ("32.04", "Pemerintah Kab. Bandung")]


def test_stored_results_equal_the_pandas_path_on_the_sample(sample_store):
    engine = get_engine(sample_store)
    stored = assert_stored_equals_oracle(engine, "spbe-2020")
    assert stored["submitted"].sum() > 1000


def test_stored_results_equal_the_pandas_path_on_a_seeded_store_with_a_recap_year(dashboard_store):
    stored = assert_stored_equals_oracle(get_engine(dashboard_store), "spbe-2020")
    # The recap year is scored from domains; Aceh (11) did not submit in the last year and is listed as such.
    assert set(stored.loc[stored["year"] == 2021, "index_kind"].dropna()) == {"domain"}
    last = stored[(stored["year"] == 2024) & (stored["agency_code"] == "11")].iloc[0]
    assert last["index_status"] == "not_submitted" and not last["took_part"]


def _workbook(fw, code: str, name: str, year: int, seed: int) -> bytes:
    levels = {leaf.code: 1 + (i * seed) % 5 for i, leaf in enumerate(fw.leaves)}
    buffer = io.BytesIO()
    write_template(buffer, agency_code=code, agency_name=name, year=year, framework=fw, levels={"mandiri": levels})
    return buffer.getvalue()


@pytest.mark.parametrize("shape", [[3, 4], [2, 2, 3], [2, 2, 2, 2]])
def test_stored_results_equal_the_pandas_path_on_generated_frameworks(store_engine, tmp_path, shape):
    data = make_framework(shape, "percent", {"kind": "named", "min": 1, "max": 5, "not_answered": 0}, [3, 1, 2])
    path = tmp_path / "generated.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    add_framework(store_engine, path)
    fw = FrameworkCatalog.from_store(store_engine).get("generated")
    for year in (2023, 2024):
        for seed, (code, name) in enumerate(AGENCIES[: 3 if year == 2023 else 4], start=year):
            result = load_file(store_engine, _workbook(fw, code, name, year, seed), name=f"{code}-{year}.xlsx")
            assert result.outcome == "loaded", result.problems
    stored = assert_stored_equals_oracle(store_engine, "generated")
    assert stored["submitted"].sum() == 7 and stored["rank"].notna().sum() == 7


def test_a_rescore_rewrites_the_stored_results_in_its_transaction(store_engine, tmp_path):
    data = make_framework([2, 3], "percent", {"kind": "named", "min": 1, "max": 5, "not_answered": 0}, [3, 1, 2])
    path = tmp_path / "generated.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    add_framework(store_engine, path)
    fw = FrameworkCatalog.from_store(store_engine).get("generated")
    for seed, (code, name) in enumerate(AGENCIES, start=1):
        assert load_file(store_engine, _workbook(fw, code, name, 2024, seed), name=f"{code}.xlsx").outcome == "loaded"
    reweight_first_leaf(data, path)  # version 2: another weight
    add_framework(store_engine, path)
    before = assert_stored_equals_oracle(store_engine, "generated")
    assert set(before["framework_version"].dropna()) == {1}
    save_rescore(store_engine, "generated", 2024, 2, actor="evaluator@menpan.go.id", source="test")
    after = assert_stored_equals_oracle(store_engine, "generated")
    assert set(after["framework_version"].dropna()) == {2}
    assert not after["index"].equals(before["index"])


def test_fill_rebuilds_the_same_rows(dashboard_store, tmp_path):
    from tests.support.stores import copy_store

    engine = get_engine(copy_store(dashboard_store, tmp_path / "copy.db"))
    before = compute_stored_history(load_stored_results(engine, "spbe-2020"),
                                    FrameworkCatalog.from_store(engine).get("spbe-2020"))
    with engine.begin() as conn:
        fill_results(conn)
    after = compute_stored_history(load_stored_results(engine, "spbe-2020"),
                                   FrameworkCatalog.from_store(engine).get("spbe-2020"))
    pd.testing.assert_frame_equal(_normal(after), _normal(before))


def test_migration_0010_fills_the_results_of_an_existing_store(store_engine):
    from alembic import command

    from ingest.store import save_file, save_registry, save_submission
    from ingest.store.engine import alembic_config, upgrade_store

    save_registry(store_engine)
    with store_engine.begin() as conn:  # written by hand, as a store older than 0010 holds them (no results)
        file_id = save_file(conn, b"old", "old.xlsx", "xlsx", kind="workbook")
        for n, (code, _name) in enumerate(AGENCIES):
            save_submission(conn, code, 2024, "hasil", "spbe-2020", file_id,
                            [{"code": f"I{i}", "value": 1 + (i * n) % 5} for i in range(1, 48)])
    config = alembic_config()
    with store_engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0009")
    upgrade_store(store_engine)
    stored = assert_stored_equals_oracle(store_engine, "spbe-2020")
    assert stored["submitted"].sum() == len(AGENCIES)


def test_one_by_one_and_frame_scoring_give_the_same_rows(monkeypatch):
    """A file's few agencies are scored one by one, a fill's many as a frame: the rows agree on awkward inputs
    (stages overriding each other, Tidak Valid reviews, empty values, domain-only and index-only agencies)."""
    import numpy as np

    from indicators import load_framework
    from ingest.frameworks import results as stored

    fw = load_framework("spbe-2020")
    rng = np.random.default_rng(7)
    rows = []
    for n in range(30):
        agency = f"A{n:02d}"
        if n % 10 == 7:  # index only
            rows.append((agency, 2024, fw.code, "hasil", None, "index", "index", 2.5 + n / 100, None, None))
            rows.append((agency, 2024, fw.code, "hasil", None, "I1", "indicator", None, None, 80.0))
            continue
        if n % 10 == 8:  # domains only (a recap)
            rows += [(agency, 2024, fw.code, "hasil", None, node.code, "domain", 2.0 + n / 50, None, None)
                     for node in fw.top_nodes]
            continue
        for stage in ("mandiri", "dokumen", "hasil"):
            for leaf in fw.leaves:
                if rng.random() < 0.4:
                    continue
                value = None if rng.random() < 0.05 else float(rng.integers(1, 6))
                review = "tidak-valid" if rng.random() < (0.02 if n % 3 else 0.0) else None
                rows.append((agency, 2024, fw.code, stage, None, leaf.code, "indicator", value, review, None))
    current = rows  # in stored.CURRENT_COLUMNS order
    catalog = FrameworkCatalog()
    monkeypatch.setattr(stored, "_ONE_BY_ONE", 0)
    frame_rows, frame_levels = stored.compute_result_rows(current, fw.code, 2024, catalog)
    monkeypatch.setattr(stored, "_ONE_BY_ONE", 10**6)
    single_rows, single_levels = stored.compute_result_rows(current, fw.code, 2024, catalog)
    assert sorted(single_levels, key=lambda r: (r["agency_code"], r["code"])) == \
        sorted(frame_levels, key=lambda r: (r["agency_code"], r["code"]))

    def comparable(found):
        out = {}
        for row in found:
            row = {k: v for k, v in row.items() if k != "computed_at"}
            row["nodes"] = {k: v for k, v in row["nodes"].items() if v is not None}
            out[row["agency_code"]] = row
        return out

    one, many = comparable(single_rows), comparable(frame_rows)
    assert one.keys() == many.keys() and len(one) == 30
    for code in one:
        assert _close(one[code], many[code]), code
    assert {row["index_status"] for row in one.values()} >= {"scored", "incomplete"}


def _close(a: dict, b: dict) -> bool:
    assert a.keys() == b.keys()
    for key in a:
        if isinstance(a[key], float) or isinstance(b[key], float):
            assert a[key] == pytest.approx(b[key], nan_ok=True), key
        elif key == "nodes":
            assert a[key] == pytest.approx(b[key]), key
        else:
            assert a[key] == b[key], (key, a[key], b[key])
    return True


def test_clearing_the_sample_brings_back_the_results_of_the_real_revision_beneath(store_engine):
    from ingest.frameworks.results import save_results
    from ingest.sample.clear import clear_sample
    from ingest.store import save_file, save_registry, save_submission

    save_registry(store_engine)
    with store_engine.begin() as conn:
        real = save_file(conn, b"real", "real.xlsx", "xlsx", kind="workbook")
        sample = save_file(conn, b"sample", "sample.xlsx", "xlsx", kind="workbook", is_sample=True)
        for file_id, level, is_sample in ((real, 2, False), (sample, 5, True)):
            save_submission(conn, "32.01", 2024, "hasil", "spbe-2020", file_id,
                            [{"code": f"I{i}", "value": level} for i in range(1, 48)], is_sample=is_sample)
        save_submission(conn, "32.02", 2024, "hasil", "spbe-2020", sample,
                        [{"code": f"I{i}", "value": 4} for i in range(1, 48)], is_sample=True)
        save_results(conn, [("32.01", 2024, "spbe-2020"), ("32.02", 2024, "spbe-2020")])
    assert assert_stored_equals_oracle(store_engine, "spbe-2020")["index"].max() == pytest.approx(5)
    clear_sample(store_engine)
    stored = assert_stored_equals_oracle(store_engine, "spbe-2020")
    assert stored["agency_code"].tolist() == ["32.01"] and stored["index"].iloc[0] == pytest.approx(2)


def test_a_files_results_are_found_by_the_agency_index_not_by_walking_the_framework_year(sample_store):
    """The few agencies of a loaded file: SQLite (no statistics) must look them up, not scan their framework-year."""
    from sqlalchemy import event

    from ingest.frameworks.results import save_results

    engine = get_engine(sample_store)
    seen: list[tuple[str, tuple]] = []

    def capture(_conn, _cursor, statement, parameters, _context, executemany):
        if not executemany and statement.startswith(("SELECT", "DELETE")):
            seen.append((statement, parameters))

    with engine.connect() as conn:
        agency = conn.exec_driver_sql("SELECT agency_code FROM results WHERE year = 2024 AND took_part LIMIT 1").scalar()
        event.listen(engine, "before_cursor_execute", capture)
        try:
            assert save_results(conn, [(agency, 2024, "spbe-2020")]) == 1
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        plans = {statement: " ".join(row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
                 for statement, parameters in seen}
        conn.rollback()  # the sample store is shared: the rewritten rows do not stay
    score_rows = [plan for statement, plan in plans.items() if "JOIN scores" in statement]
    assert score_rows and all("ix_submissions_agency_year_stage_framework" in plan for plan in score_rows), plans
    assert not any("framework_year" in plan for plan in plans.values()), plans
