"""A load's effect before it is stored, the confirmation it needs, and its revert (SQLite and PostgreSQL)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from ingest.access.audit import load_audit
from ingest.access.publication import save_publication
from ingest.access.viewer import EVALUATOR_VIEWER
from ingest.effect import compute_load_effect
from ingest.errors import RevertError
from ingest.load import load_file
from ingest.queries import load_all_final_levels, load_all_submissions
from ingest.revert import revert_load
from ingest.store.schema import files, submissions
from ingest.template import write_template
from tests.support.stores import count_rows

BOGOR, GARUT = ("32.01", "Pemerintah Kab. Bogor"), ("32.05", "Pemerintah Kab. Garut")


def workbook(fw, levels, agency=BOGOR, year=2024) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, agency_code=agency[0], agency_name=agency[1], year=year, framework=fw, levels=levels)
    return buffer.getvalue()


@pytest.fixture
def published_store(store_engine, spbe_fw):
    """Two agencies with a full document stage in 2024, the year published; returns (engine, partial workbook)."""
    codes = [n.code for n in spbe_fw.indicators]
    assert load_file(store_engine, workbook(spbe_fw, {"dokumen": dict.fromkeys(codes, 3)}), name="bogor.xlsx").outcome == "loaded"
    assert load_file(store_engine, workbook(spbe_fw, {"dokumen": dict.fromkeys(codes, 2)}, GARUT), name="garut.xlsx").outcome == "loaded"
    save_publication(store_engine, None, 2024, spbe_fw.code, True, actor="test", source="test")
    partial = workbook(spbe_fw, {"dokumen": dict.fromkeys(codes[:20], 3)})
    return store_engine, partial


def test_a_partial_workbook_shows_the_lost_published_index_and_needs_confirmation(published_store, spbe_fw):
    engine, partial = published_store
    stored = count_rows(engine, submissions)
    checked = load_file(engine, partial, name="partial.xlsx", dry_run=True)
    effect = compute_load_effect(engine, [checked])
    assert count_rows(engine, submissions) == stored, "a dry run and its effect store nothing"
    [bogor] = effect.agencies
    assert bogor.agency_code == "32.01" and bogor.published and bogor.lost and not bogor.lowered
    assert bogor.index_before == pytest.approx(3.0) and bogor.index_after is None
    assert bogor.rank_before == 1 and bogor.rank_after is None and bogor.rating_after is None
    assert bogor.dropped[0] == "I21" and len(bogor.dropped) == len(spbe_fw.indicators) - 20
    assert set(effect.reasons) == {"lost-published", "dropped"} and effect.needs_confirmation
    [national] = effect.published
    assert (national.indexed_before, national.indexed_after) == (2, 1)
    assert national.mean_before == pytest.approx(2.5) and national.mean_after == pytest.approx(2.0)


def test_a_better_workbook_needs_no_confirmation_and_moves_the_rank(published_store, spbe_fw):
    engine, _partial = published_store
    codes = [n.code for n in spbe_fw.indicators]
    better = workbook(spbe_fw, {"dokumen": dict.fromkeys(codes, 4)}, GARUT)
    effect = compute_load_effect(engine, [load_file(engine, better, name="garut2.xlsx", dry_run=True)])
    [garut] = effect.agencies
    assert (garut.rank_before, garut.rank_after) == (2, 1) and garut.index_after == pytest.approx(4.0)
    assert not effect.needs_confirmation


def test_revert_makes_the_previous_revision_current_and_keeps_everything(published_store):
    engine, partial = published_store
    before = load_all_final_levels(engine, 2024)
    loaded = load_file(engine, partial, name="partial.xlsx")
    assert loaded.outcome == "loaded"
    stored = count_rows(engine, submissions)
    done = revert_load(engine, actor="evaluator@test", source="test", file=loaded.file_id)
    assert [(item["revision"], item["restored_revision"]) for item in done] == [(2, 1)]
    assert count_rows(engine, submissions) == stored, "nothing is deleted"
    after = load_all_final_levels(engine, 2024)
    key = ["agency_code", "code"]
    assert after.sort_values(key).reset_index(drop=True).equals(before.sort_values(key).reset_index(drop=True))
    audit = load_audit(engine, EVALUATOR_VIEWER, action="revert")
    assert len(audit) == 1 and audit.iloc[0]["actor"] == "evaluator@test"
    with pytest.raises(RevertError):
        revert_load(engine, actor="x", source="test", file=loaded.file_id)
    # The same bytes sent again load again (the file is marked reverted), as a third revision.
    assert load_file(engine, partial, name="partial.xlsx").outcome == "loaded"
    revisions = load_all_submissions(engine, 2024, current_only=False)
    assert sorted(revisions[revisions["agency_code"] == "32.01"]["revision"]) == [1, 2, 3]


def test_reverting_a_first_revision_leaves_nothing_current_and_a_reverted_one_is_skipped(store_engine, spbe_fw):
    codes = [n.code for n in spbe_fw.indicators]
    first = load_file(store_engine, workbook(spbe_fw, {"dokumen": dict.fromkeys(codes, 1)}), name="1.xlsx")
    second = load_file(store_engine, workbook(spbe_fw, {"dokumen": dict.fromkeys(codes, 2)}), name="2.xlsx")
    third = load_file(store_engine, workbook(spbe_fw, {"dokumen": dict.fromkeys(codes, 3)}), name="3.xlsx")
    ids = load_all_submissions(store_engine, 2024, current_only=False).set_index("revision")["id"]
    revert_load(store_engine, actor="x", source="test", submission=int(ids[3]))
    revert_load(store_engine, actor="x", source="test", submission=int(ids[2]))
    current = load_all_submissions(store_engine, 2024)
    assert list(current["revision"]) == [1]
    assert first.file_id and second.file_id and third.file_id
    revert_load(store_engine, actor="x", source="test", submission=int(ids[1]))
    assert load_all_submissions(store_engine, 2024).empty
    with store_engine.connect() as conn:
        assert set(conn.execute(select(files.c.outcome)).scalars()) == {"reverted"}


def test_cli_refuses_a_harmful_load_without_confirm_then_reverts(published_store, store_url, tmp_path, capsys):
    from ingest.cli import main

    engine, partial = published_store
    path = tmp_path / "partial.xlsx"
    path.write_bytes(partial)
    stored = count_rows(engine, submissions)
    assert main(["load", str(path), "--db", store_url, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "INDEX CAN NO LONGER BE COMPUTED" in out and "needs --confirm" in out
    assert main(["load", str(path), "--db", store_url]) == 1
    assert "nothing stored" in capsys.readouterr().err and count_rows(engine, submissions) == stored
    assert main(["load", str(path), "--db", store_url, "--confirm"]) == 0
    assert count_rows(engine, submissions) == stored + 1
    assert main(["revert", str(path), "--db", store_url]) == 0
    assert "now current: revision 1" in capsys.readouterr().out
    assert main(["revert", "submission:999999", "--db", store_url]) == 1
