"""Files loaded together share write transactions (groups) on SQLite and PostgreSQL: a file sees what the files
before it stored, results are stored once per group, a result is given out only once its group has committed,
and a failure rolls back its own group and nothing before it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

import ingest.frameworks.results as results_module
import ingest.load as load
import ingest.load_flow as load_flow
from ingest.frameworks.results import compute_written_rows, score_rows
from ingest.load import load_paths
from ingest.queries import load_all_submissions
from ingest.result_queries import load_stored_final_levels
from ingest.store.save import Submission, save_file, save_submissions
from ingest.store.schema import files, results, submissions
from ingest.template import write_template
from tests.support.published_oracle import assert_stored_equals_oracle
from tests.support.stores import count_rows

AGENCIES = [("32.01", "Pemerintah Kab. Bogor"), ("32.02", "Pemerintah Kab. Sukabumi"),
            ("32.03", "Pemerintah Kab. Cianjur"), ("32.04", "Pemerintah Kab. Bandung"),
            ("32.05", "Pemerintah Kab. Garut")]


def write_round(folder, fw, count: int = 5) -> list:
    """Write one workbook per agency (self-assessment and document stages); return the paths in load order."""
    paths = []
    for number, (code, name) in enumerate(AGENCIES[:count]):
        levels = {leaf.code: 1 + (i + number) % 5 for i, leaf in enumerate(fw.leaves)}
        buffer = io.BytesIO()
        write_template(buffer, agency_code=code, agency_name=name, year=2024, framework=fw,
                       levels={"mandiri": levels, "dokumen": {c: max(1, v - 1) for c, v in levels.items()}})
        path = folder / f"{number}-{code}.xlsx"
        path.write_bytes(buffer.getvalue())
        paths.append(path)
    return paths


def test_two_revisions_in_one_group_keep_both_and_score_the_last(store_engine, spbe_fw, tmp_path):
    codes = [leaf.code for leaf in spbe_fw.leaves]
    for number, level in enumerate((2, 4)):
        buffer = io.BytesIO()
        write_template(buffer, agency_code="32.01", agency_name="Pemerintah Kab. Bogor", year=2024, framework=spbe_fw,
                       levels={"dokumen": {**dict.fromkeys(codes, 2), "I7": level}})
        (tmp_path / f"v{number + 1}.xlsx").write_bytes(buffer.getvalue())
    assert [r.outcome for r in load_paths(store_engine, [tmp_path])] == ["loaded", "loaded"]
    every = load_all_submissions(store_engine, 2024, current_only=False).sort_values("revision")
    assert list(every["revision"]) == [1, 2] and list(every["is_current"]) == [False, True]
    final = load_stored_final_levels(store_engine, framework="spbe-2020").set_index("code")
    assert final.loc["I7", "value"] == 4
    assert_stored_equals_oracle(store_engine, "spbe-2020")


def test_every_result_is_given_after_its_group_committed(monkeypatch, store_engine, spbe_fw, tmp_path):
    monkeypatch.setattr(load_flow, "GROUP_FILES", 2)
    write_round(tmp_path, spbe_fw)
    seen = []
    read_back = []
    monkeypatch.setattr(results_module, "score_rows", lambda *args, **kwargs: read_back.append(args) or [])

    def progress(number, total, result):
        # Read through another connection: only what was committed is visible there.
        seen.append((number, count_rows(store_engine, files)))

    found = load_paths(store_engine, [tmp_path], progress=progress)
    assert [r.outcome for r in found] == ["loaded"] * 5
    assert all(stored >= number for number, stored in seen), seen
    assert [stored for _, stored in seen] == [2, 2, 4, 4, 5]
    assert not read_back, "a first load scores what it wrote without reading its rows back"
    assert count_rows(store_engine, submissions) == 10 and count_rows(store_engine, results) == 5
    assert_stored_equals_oracle(store_engine, "spbe-2020")


def test_a_failure_rolls_back_its_group_and_keeps_the_groups_before(monkeypatch, store_engine, spbe_fw, tmp_path):
    monkeypatch.setattr(load_flow, "GROUP_FILES", 2)
    write_round(tmp_path, spbe_fw)
    real = load.save_submissions
    calls = []

    def failing(conn, items):
        calls.append([item.agency_code for item in items])
        if len(calls) == 2:  # the second group's submissions (files three and four)
            raise RuntimeError("the store went away")
        return real(conn, items)

    monkeypatch.setattr(load, "save_submissions", failing)
    with pytest.raises(RuntimeError, match="went away"):
        load_paths(store_engine, [tmp_path])
    # The first group (two files) committed; the second (files three and four) left nothing behind.
    assert count_rows(store_engine, files) == 2 and count_rows(store_engine, submissions) == 4
    assert count_rows(store_engine, results) == 2
    monkeypatch.setattr(load, "save_submissions", real)
    again = load_paths(store_engine, [tmp_path])
    assert [r.outcome for r in again] == ["unchanged", "unchanged", "loaded", "loaded", "loaded"]
    assert_stored_equals_oracle(store_engine, "spbe-2020")


def test_a_group_also_ends_after_its_time(monkeypatch, store_engine, spbe_fw, tmp_path):
    monkeypatch.setattr(load_flow, "GROUP_SECONDS", 0.0)
    write_round(tmp_path, spbe_fw, count=3)
    seen = []
    load_paths(store_engine, [tmp_path], progress=lambda number, total, result: seen.append(count_rows(store_engine, files)))
    assert seen == [1, 2, 3]


def test_a_later_load_of_one_stage_scores_with_the_stages_stored_before(store_engine, spbe_fw, tmp_path):
    codes = [leaf.code for leaf in spbe_fw.leaves]
    buffer = io.BytesIO()
    write_template(buffer, agency_code="32.01", agency_name="Pemerintah Kab. Bogor", year=2024, framework=spbe_fw,
                   levels={"mandiri": dict.fromkeys(codes, 3)})
    (tmp_path / "mandiri.xlsx").write_bytes(buffer.getvalue())
    load_paths(store_engine, [tmp_path / "mandiri.xlsx"])
    buffer = io.BytesIO()
    write_template(buffer, agency_code="32.01", agency_name="Pemerintah Kab. Bogor", year=2024, framework=spbe_fw,
                   levels={"dokumen": {"I1": 5}})
    (tmp_path / "dokumen.xlsx").write_bytes(buffer.getvalue())
    assert load_paths(store_engine, [tmp_path / "dokumen.xlsx"])[0].outcome == "loaded"
    final = load_stored_final_levels(store_engine, framework="spbe-2020").set_index("code")
    assert final.loc["I1", "value"] == 5 and final.loc["I2", "value"] == 3
    assert_stored_equals_oracle(store_engine, "spbe-2020")


def test_rows_scored_from_memory_equal_the_rows_read_back(store_engine):
    scores = [{"code": "I1", "value": 4, "review": "tidak-valid"}, {"code": "I2", "value": None},
              {"code": "I3", "value": 2.0, "raw_value": 40}, {"code": "index", "value": 3.1}]
    items = [Submission("32.01", 2024, "dokumen", "spbe-2020", 0, scores, framework_version=None),
             Submission("32.01", 2024, "mandiri", "spbe-2020", 0, (), kind="domain")]
    with store_engine.begin() as conn:
        file_id = save_file(conn, b"rows", "rows.xlsx", "xlsx")
        for item in items:
            item.file_id = file_id
        save_submissions(conn, items)
        read_back = score_rows(conn, "spbe-2020", 2024, ["32.01"])
        conn.rollback()
    assert [row for item in items for row in compute_written_rows(item)] == read_back


def test_batches_reach_the_reader_as_one_stream_in_order(monkeypatch, store_engine, spbe_fw, tmp_path):
    """Files are looked up two at a time here; unchanged files, copies and new files keep their order."""
    monkeypatch.setattr(load_flow, "BATCH_FILES", 2)
    paths = write_round(tmp_path, spbe_fw)
    load_paths(store_engine, paths[:2])
    (tmp_path / "9-copy.xlsx").write_bytes(paths[3].read_bytes())
    (tmp_path / "2-broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    found = load_paths(store_engine, [tmp_path])
    assert [(Path(r.path).name, r.outcome) for r in found] == [
        ("0-32.01.xlsx", "unchanged"), ("1-32.02.xlsx", "unchanged"), ("2-32.03.xlsx", "loaded"),
        ("2-broken.xlsx", "rejected"), ("3-32.04.xlsx", "loaded"), ("4-32.05.xlsx", "loaded"),
        ("9-copy.xlsx", "unchanged")]
    assert count_rows(store_engine, submissions) == 10


def test_many_agencies_at_once_are_looked_up_in_slices(monkeypatch, store_engine):
    """A recap of thousands of units stores them in one write: its look-ups stay under the parameter limits."""
    from ingest.store import save

    monkeypatch.setattr(save, "_IN_CHUNK", 2)
    items = [Submission(code, 2024, "hasil", "spbe-2020", 0, [{"code": "index", "value": 3.0}], kind="index")
             for code, _name in AGENCIES]
    with store_engine.begin() as conn:
        file_id = save_file(conn, b"recap", "recap.xlsx", "xlsx")
        for item in items:
            item.file_id = file_id
        first = save_submissions(conn, items)
        again = [Submission(item.agency_code, 2024, "hasil", "spbe-2020", file_id, item.scores, kind="index")
                 for item in items]
        second = save_submissions(conn, again)
        current = save.find_current_codes(conn, [(item.agency_code, 2024, "hasil", "spbe-2020") for item in items])
    assert len(set(first + second)) == 10
    with store_engine.connect() as conn:
        rows = conn.execute(select(submissions.c.agency_code, submissions.c.revision, submissions.c.is_current)).all()
    assert sorted(rows) == sorted([(code, 1, False) for code, _ in AGENCIES] + [(code, 2, True) for code, _ in AGENCIES])
    assert current == {(code, 2024, "hasil", "spbe-2020"): {"index"} for code, _ in AGENCIES}
