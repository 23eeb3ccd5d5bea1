"""Commitments in the store (SQLite and PostgreSQL): survive a restart and a second process, kept/partly/missed
across a round, roles, audit, never deleted."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import delete

from ingest.access import EVALUATOR_VIEWER, PUBLIC_VIEWER, Viewer, load_audit, reads
from ingest.access.commitments import (
    Commitment,
    carry_commitment,
    save_commitment,
    save_meeting_public,
    withdraw_commitment,
)
from ingest.errors import AccessDenied, StoreError
from ingest.frameworks.results import save_results
from ingest.store import save_file, save_submission
from ingest.store.engine import dispose_engine, get_engine
from ingest.store.schema import commitments

AGENCY = Viewer(role="agency", agency_codes=frozenset({"35.10"}), email="kab@banyuwangikab.go.id")
MEETING = "Rapat koordinasi 4 Maret 2025"


def _submit(conn, agency, year, stage, levels):
    file_id = save_file(conn, f"{agency}-{year}-{stage}".encode(), f"{agency}-{year}-{stage}.xlsx", "xlsx",
                        kind="workbook")
    rows = [{"code": code, "value": value} for code, value in levels.items()]
    save_submission(conn, agency, year, stage, "spbe-2020", file_id, rows)
    save_results(conn, [(agency, year, "spbe-2020")])  # as a load does: the reads use the stored final values


def _promise(agency, indicator, target, base, meeting=MEETING, public=False):
    return Commitment(agency_code=agency, framework_code="spbe-2020", indicator=indicator, target_level=target,
                      target_year=2025, base_year=2024, base_level=base, responsible="Diskominfo",
                      note="lewat Perbup", meeting=meeting, public=public)


@pytest.fixture
def store(store_engine):
    """2025 results: 35.10 I44=4, I1=2, I11=1; 35.77 has no 2025 result yet."""
    with store_engine.begin() as conn:
        _submit(conn, "35.10", 2025, "hasil", {"I44": 4, "I1": 2, "I11": 1})
        _submit(conn, "35.10", 2025, "mandiri", {"I44": 5, "I1": 5, "I11": 5})
    ids = [save_commitment(store_engine, EVALUATOR_VIEWER, item, actor="eva@menpan.go.id", source="test")
           for item in (_promise("35.10", "I44", 4, 2), _promise("35.10", "I1", 3, 1), _promise("35.10", "I11", 3, 1),
                        _promise("35.77", "I44", 5, 3, meeting="Rapat lain"))]
    return store_engine, ids


def test_kept_partly_missed_open_across_a_round(store):
    engine, _ = store
    found = reads.load_commitments(engine, EVALUATOR_VIEWER)
    assert list(zip(found["agency_code"], found["indicator"], found["status"], strict=True)) == [
        ("35.10", "I44", "kept"), ("35.10", "I1", "partly"), ("35.10", "I11", "missed"), ("35.77", "I44", "open")]
    assert found["agency_name"].notna().all()


def test_roles_and_meeting_publication(store):
    engine, _ = store
    assert set(reads.load_commitments(engine, AGENCY)["agency_code"]) == {"35.10"}
    assert reads.load_commitments(engine, PUBLIC_VIEWER).empty
    with pytest.raises(AccessDenied):
        save_commitment(engine, AGENCY, _promise("35.10", "I2", 3, 1), actor="x", source="test")
    with pytest.raises(AccessDenied):
        save_meeting_public(engine, PUBLIC_VIEWER, MEETING, True, actor="x", source="test")
    assert save_meeting_public(engine, EVALUATOR_VIEWER, MEETING, True, actor="eva", source="test") == 3
    public = reads.load_commitments(engine, PUBLIC_VIEWER)
    assert len(public) == 3 and set(public["meeting"]) == {MEETING}
    # The public reads no unpublished result: the 2025 round is not published, so the status stays open.
    assert set(public["status"]) == {"open"}


def test_withdrawn_never_deleted_and_audited(store):
    engine, ids = store
    with pytest.raises(StoreError):
        withdraw_commitment(engine, EVALUATOR_VIEWER, ids[0], "  ", actor="eva", source="test")
    withdraw_commitment(engine, EVALUATOR_VIEWER, ids[0], "salah catat", actor="eva", source="test")
    row = reads.load_commitments(engine, EVALUATOR_VIEWER).set_index("id").loc[ids[0]]
    assert row["status"] == "withdrawn" and row["withdrawn_reason"] == "salah catat"
    with pytest.raises(Exception, match="never deleted"), engine.begin() as conn:
        conn.execute(delete(commitments))
    audit = load_audit(engine, EVALUATOR_VIEWER, action="commitment")
    assert sorted(d["op"] for d in audit["detail"]) == ["add"] * 4 + ["withdraw"]


def test_carried_to_a_successor_framework(store):
    engine, ids = store
    new_id = carry_commitment(engine, EVALUATOR_VIEWER, ids[1], "spbe-2020", "I2", 3, actor="eva", source="test")
    found = reads.load_commitments(engine, EVALUATOR_VIEWER).set_index("id")
    assert found.loc[new_id, "carried_from"] == ids[1] and found.loc[ids[1], "status"] == "withdrawn"
    assert f"#{new_id}" in found.loc[ids[1], "withdrawn_reason"]


def test_survive_a_restart_and_a_second_process(store, store_url):
    engine, _ = store
    dispose_engine(engine)
    again = get_engine(store_url)
    assert len(reads.load_commitments(again, EVALUATOR_VIEWER)) == 4
    code = ("from ingest.access import EVALUATOR_VIEWER, reads; from ingest.store.engine import get_engine; "
            f"print(len(reads.load_commitments(get_engine({store_url!r}), EVALUATOR_VIEWER)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "4"
