"""The viewer-aware read layer: each role gets exactly what it may see (SQLite and PostgreSQL)."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators import load_framework
from ingest.access import (
    EVALUATOR_VIEWER,
    PUBLIC_VIEWER,
    Viewer,
    add_user,
    load_audit,
    reads,
    save_publication,
)
from ingest.errors import AccessDenied
from ingest.frameworks.results import save_results
from ingest.store import save_file, save_submission
from tests.support.frameworks import FRAMEWORK_DATA

AGENCY = Viewer(role="agency", agency_codes=frozenset({"35.10"}), email="kab@banyuwangikab.go.id")
VIEWERS = {"evaluator": EVALUATOR_VIEWER, "agency": AGENCY, "public": PUBLIC_VIEWER}
FULL = ["code", "name", "level", "level_mandiri", "level_dokumen", "level_interviu", "level_visitasi", "level_hasil",
        "explanation", "evidence", "justification", "review"]


def _submit(conn, agency, year, stage, value, sample=False):
    file_id = save_file(conn, f"{agency}-{year}-{stage}".encode(), f"{agency}-{year}-{stage}.xlsx", "xlsx",
                        kind="workbook", is_sample=sample)
    review = "tidak-valid" if stage == "dokumen" else "valid"
    rows = [{"code": code, "value": value, "explanation": f"penjelasan {agency}", "evidence": f"bukti-{agency}.pdf",
             "justification": f"catatan asesor {agency}" if stage != "mandiri" else None,
             "review": review if stage != "mandiri" else None} for code in ("I1", "I2")]
    save_submission(conn, agency, year, stage, "spbe-2020", file_id, rows, is_sample=sample)
    save_results(conn, [(agency, year, "spbe-2020")])  # as a load does: the store keeps its results


@pytest.fixture
def store(store_engine):
    """35.10 (the agency viewer's own): 2023 mandiri+hasil, 2024 mandiri+dokumen; 35.77: 2023 and 2024
    mandiri+hasil; 32.01: 2023 self-assessment only. Only 2023 is published."""
    with store_engine.begin() as conn:
        for agency, year, stage, value in [("35.10", 2023, "mandiri", 4), ("35.10", 2023, "hasil", 3),
                                           ("35.10", 2024, "mandiri", 5), ("35.10", 2024, "dokumen", 4),
                                           ("35.77", 2023, "mandiri", 5), ("35.77", 2023, "hasil", 2),
                                           ("35.77", 2024, "mandiri", 5), ("35.77", 2024, "hasil", 4),
                                           ("32.01", 2023, "mandiri", 5)]:
            _submit(conn, agency, year, stage, value)
    save_publication(store_engine, EVALUATOR_VIEWER, 2023, "spbe-2020", True, actor="t", source="test")
    return store_engine


def _keys(frame: pd.DataFrame) -> set[tuple]:
    return {(a, int(y), s) for a, y, s in zip(frame["agency_code"], frame["year"], frame["stage"], strict=True)}


EVERYTHING = {("35.10", 2023, "mandiri"), ("35.10", 2023, "hasil"), ("35.10", 2024, "mandiri"),
              ("35.10", 2024, "dokumen"), ("35.77", 2023, "mandiri"), ("35.77", 2023, "hasil"),
              ("35.77", 2024, "mandiri"), ("35.77", 2024, "hasil"), ("32.01", 2023, "mandiri")}
OWN = {k for k in EVERYTHING if k[0] == "35.10"}
PUBLISHED_RESULTS = {("35.10", 2023, "hasil"), ("35.77", 2023, "hasil")}


@pytest.mark.parametrize("role, years, score_keys, with_notes", [
    ("evaluator", [2023, 2024], EVERYTHING, {"35.10", "35.77", "32.01"}),
    ("agency", [2023, 2024], OWN | PUBLISHED_RESULTS, {"35.10"}),
    ("public", [2023], PUBLISHED_RESULTS, set()),
])
def test_scores_and_years_per_role(store, role, years, score_keys, with_notes):
    viewer = VIEWERS[role]
    assert reads.load_years(store, viewer) == years
    scores = reads.load_scores(store, viewer)
    assert _keys(scores) == score_keys
    noted = scores[scores["explanation"].notna() | scores["evidence"].notna() | scores["review"].notna()]
    assert set(noted["agency_code"]) == with_notes
    assert set(reads.load_scores(store, viewer, stage="mandiri")["agency_code"]) <= {"35.10", "35.77", "32.01"} & (
        with_notes)  # the self-assessment only inside the viewer's detail
    final = reads.load_final_levels(store, viewer)
    assert _keys(final) <= score_keys and not final.loc[~final["agency_code"].isin(with_notes), "invalid"].any()
    subs = reads.load_submissions(store, viewer)
    assert _keys(subs) == score_keys


def test_review_marks_change_values_the_same_way_for_everyone(store):
    # 35.10's 2024 dokumen stage is reviewed tidak-valid: its final value is NaN for the evaluator and the agency.
    for viewer in (EVALUATOR_VIEWER, AGENCY):
        final = reads.load_final_levels(store, viewer, 2024)
        own = final[final["agency_code"] == "35.10"]
        assert own["invalid"].all() and own["value"].isna().all()
    assert reads.load_final_levels(store, PUBLIC_VIEWER, 2024).empty


@pytest.mark.parametrize("role, agencies", [("evaluator", {"35.10", "35.77", "32.01"}), ("agency", {"35.10"}),
                                            ("public", set())])
def test_files_per_role(store, role, agencies):
    files = reads.load_files(store, VIEWERS[role])
    assert {name.split("-")[0] for name in files["original_name"]} == agencies
    everything = reads.load_files(store, EVALUATOR_VIEWER)
    for row in everything.itertuples():
        if row.original_name.split("-")[0] in agencies:
            assert reads.load_file_content(store, VIEWERS[role], row.id)
        else:
            with pytest.raises(AccessDenied):
                reads.load_file_content(store, VIEWERS[role], row.id)


@pytest.mark.parametrize("role, agency, year, columns, level", [
    ("evaluator", "35.77", 2024, FULL, 4.0),
    ("evaluator", "32.01", 2023, FULL, 5.0),
    ("agency", "35.10", 2024, FULL, None),  # own, unpublished, dokumen reviewed tidak-valid
    ("agency", "35.77", 2023, ["code", "name", "level"], 2.0),
    ("agency", "35.77", 2024, AccessDenied, None),
    ("public", "35.10", 2023, ["code", "name", "level"], 3.0),
    ("public", "35.77", 2024, AccessDenied, None),
    ("public", "32.01", 2023, AccessDenied, None),  # self-assessment only: nothing published
])
def test_levels_table_per_role(store, role, agency, year, columns, level):
    if columns is AccessDenied:
        with pytest.raises(AccessDenied, match="not published"):
            reads.load_levels_table(store, VIEWERS[role], year, agency)
        return
    table = reads.load_levels_table(store, VIEWERS[role], year, agency)
    assert list(table.columns) == columns
    assert len(table) == len(load_framework("spbe-2020").indicators)
    first = table.set_index("code").loc["I1"]
    assert (pd.isna(first["level"]) if level is None else first["level"] == level)
    if columns == FULL:
        assert first["evidence"] == f"bukti-{agency}.pdf" and first["explanation"] == f"penjelasan {agency}"


def test_filter_results_masks_rows_and_ranks():
    framework = load_framework("spbe-2020")
    history = pd.DataFrame({
        "agency_code": ["35.10", "35.77", "32.01", "35.10", "35.77"], "year": [2023, 2023, 2023, 2024, 2024],
        "agency_type": ["kabupaten", "kota", "kabupaten", "kabupaten", "kota"], "province_code": ["35", "35", "32", "35", "35"],
        "stage": ["hasil", "hasil", "mandiri", "dokumen", "hasil"], "index": [3.0, 2.0, 5.0, 4.0, 4.0],
        "rating": ["baik"] * 5, "D1": [3.0] * 5, "submitted": [True] * 5, "rank": [2, 3, 1, 1, 1],
        "rank_type": [2, 1, 1, 1, 1], "rank_province": [1, 2, 1, 1, 1], "percentile": [50.0, 0.0, 100.0, 100.0, 100.0],
        "rank_change": [pd.NA, pd.NA, pd.NA, 1, 2]})
    published = frozenset({(2023, "spbe-2020")})
    assert reads.filter_results(history, EVALUATOR_VIEWER, published, framework) is history
    public = reads.filter_results(history, PUBLIC_VIEWER, published, framework).set_index("agency_code")
    assert list(public.index) == ["35.10", "35.77", "32.01"]
    assert pd.isna(public.loc["32.01", "index"]) and not public.loc["32.01", "submitted"]
    # Ranked among what the public sees: the self-assessment that was first leaves no gap.
    assert public["rank"].tolist()[:2] == [1, 2] and pd.isna(public.loc["32.01", "rank"])
    own = reads.filter_results(history, AGENCY, published, framework)
    own_2024 = own[own["year"] == 2024].set_index("agency_code")
    assert list(own_2024.index) == ["35.10"] and own_2024.loc["35.10", "index"] == 4.0
    assert pd.isna(own_2024.loc["35.10", "rank"]) and pd.isna(own_2024.loc["35.10", "rank_change"])


@pytest.mark.parametrize("status, empty, invalid", [
    ("invalid", (), ("I5", "I6")), ("incomplete", ("I32", "I33"), ()),
])
def test_other_agencies_review_marks_and_reasons_are_only_no_published_result(status, empty, invalid):
    framework = load_framework("spbe-2020")
    history = pd.DataFrame({
        "agency_code": ["35.10", "35.77"], "year": [2023, 2023], "agency_type": ["kabupaten", "kota"],
        "province_code": ["35", "35"], "stage": ["hasil", "hasil"], "index": [3.0, float("nan")],
        "rating": ["baik", None], "submitted": [True, False], "index_status": ["scored", status],
        "empty_codes": [(), empty], "invalid_codes": [(), invalid]})
    published = frozenset({(2023, "spbe-2020")})
    for viewer in (PUBLIC_VIEWER, AGENCY):
        other = reads.filter_results(history, viewer, published, framework).set_index("agency_code").loc["35.77"]
        assert other["index_status"] == reads.UNPUBLISHED and other["empty_codes"] == () == other["invalid_codes"]
        assert pd.isna(other["stage"])
    evaluator = reads.filter_results(history, EVALUATOR_VIEWER, published, framework).set_index("agency_code")
    assert evaluator.loc["35.77", "index_status"] == status


@pytest.mark.parametrize("sample, real, users, provider, forced, demo", [
    (True, False, False, False, False, True),
    (True, True, False, False, False, False),  # the first real file ends the demo, with or without users
    (True, False, True, False, False, False), (True, False, False, True, False, False),
    (False, True, False, False, False, False), (False, False, False, False, False, False),
    (True, True, True, False, True, True),  # TERA_DEMO=1 is the operator's explicit choice
])
def test_default_viewer(store_engine, monkeypatch, sample, real, users, provider, forced, demo):
    monkeypatch.setenv("TERA_DEMO", "1" if forced else "")
    with store_engine.begin() as conn:
        if sample:
            _submit(conn, "35.10", 2024, "hasil", 3, sample=True)
        if real:
            _submit(conn, "35.77", 2024, "hasil", 3)
    if users:
        add_user(store_engine, "a@b.go.id", "evaluator", actor="t", source="test")
    viewer = reads.default_viewer(store_engine, provider_configured=provider)
    assert (viewer.is_evaluator and viewer.demo) if demo else viewer == PUBLIC_VIEWER


@pytest.fixture
def two_frameworks(store):
    """The `store` plus 35.10's 2023 result in a second framework (percent-two-level), which is not published."""

    from ingest.frameworks.commands import add_framework

    add_framework(store, FRAMEWORK_DATA / "percent-two-level.yaml")
    with store.begin() as conn:
        file_id = save_file(conn, b"second", "35.10-second.xlsx", "xlsx", kind="workbook")
        rows = [{"code": code, "value": 5, "explanation": None, "evidence": None, "justification": None,
                 "review": None} for code in ("X1", "X2")]
        save_submission(conn, "35.10", 2023, "hasil", "percent-two-level", file_id, rows)
        save_results(conn, [("35.10", 2023, "percent-two-level")])
    return store


@pytest.mark.parametrize("role", ["public", "agency_other"])
def test_publication_is_per_framework_in_every_read(two_frameworks, role):
    viewer = PUBLIC_VIEWER if role == "public" else Viewer(role="agency", agency_codes=frozenset({"35.77"}), email="x@y.id")
    store = two_frameworks
    assert set(reads.load_scores(store, viewer)["framework_code"]) == {"spbe-2020"}
    assert set(reads.load_final_levels(store, viewer)["framework_code"]) == {"spbe-2020"}
    assert set(reads.load_submissions(store, viewer)["framework_code"]) == {"spbe-2020"}
    assert set(reads.load_framework_years(store, viewer)["framework_code"]) == {"spbe-2020"}
    assert reads.load_years(store, viewer, framework="percent-two-level") == []
    with pytest.raises(AccessDenied):
        reads.load_levels_table(store, viewer, 2023, "35.10", framework_code="percent-two-level")
    # Without a framework the table is the published one, never the unpublished framework's.
    assert reads.load_levels_table(store, viewer, 2023, "35.10")["code"].iloc[0] == "I1"
    assert set(reads.load_framework_years(store, EVALUATOR_VIEWER)["framework_code"]) == {"spbe-2020", "percent-two-level"}


def test_cli_levels_export_as_public_refuses_an_unpublished_framework(two_frameworks, capsys):
    from dashboard.cli import main

    url = two_frameworks.url.render_as_string(hide_password=False)
    base = ["export", "levels", "--year", "2023", "--kode", "35.10", "--db", url]
    assert main([*base, "--framework", "percent-two-level", "--as", "public"]) == 1
    assert "not published" in capsys.readouterr().err
    assert main([*base, "--as", "public"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "code,name,level" and "X1" not in out
    assert main([*base, "--framework", "percent-two-level"]) == 0 and "X1" in capsys.readouterr().out
    log = load_audit(two_frameworks, EVALUATOR_VIEWER)
    exports = log[log["action"].isin(["export", "access-refused"])]
    assert list(exports["action"])[::-1] == ["access-refused", "export", "export"]
    assert [d["as"] for d in exports["detail"]][::-1] == ["public", "public", "evaluator"]


def test_publication_is_a_snapshot_until_an_evaluator_republishes(store):
    from ingest.access import save_republication
    from ingest.access.publication import load_snapshots

    taken, _ids = load_snapshots(store)[(2023, "spbe-2020")]
    with store.begin() as conn:  # a later load changes 35.77's published 2023 result
        file_id = save_file(conn, b"later", "35.77-2023-later.xlsx", "xlsx", kind="workbook")
        rows = [{"code": code, "value": 5, "explanation": None, "evidence": None, "justification": None,
                 "review": "valid"} for code in ("I1", "I2")]
        save_submission(conn, "35.77", 2023, "hasil", "spbe-2020", file_id, rows)
        save_results(conn, [("35.77", 2023, "spbe-2020")])  # as a load does: the store keeps its results

    def value(viewer) -> float:
        final = reads.load_final_levels(store, viewer, 2023)
        return float(final.loc[(final["agency_code"] == "35.77") & (final["code"] == "I1"), "value"].iloc[0])

    assert value(EVALUATOR_VIEWER) == 5.0
    assert value(PUBLIC_VIEWER) == value(AGENCY) == 2.0  # what was published, not what was loaded since
    public = reads.load_scores(store, PUBLIC_VIEWER, 2023)
    assert set(public.loc[public["agency_code"] == "35.77", "value"]) == {2.0}
    assert len(reads.load_submissions(store, PUBLIC_VIEWER, 2023)) == 2
    published = reads.load_published_final_levels(store, "spbe-2020")
    assert set(published.loc[(published["agency_code"] == "35.77") & (published["year"] == 2023), "value"]) == {2.0}
    with pytest.raises(AccessDenied):
        save_republication(store, PUBLIC_VIEWER, 2023, "spbe-2020", actor="x", source="test")
    save_republication(store, EVALUATOR_VIEWER, 2023, "spbe-2020", actor="t", source="test")
    assert value(PUBLIC_VIEWER) == 5.0 and load_snapshots(store)[(2023, "spbe-2020")][0] >= taken
    entry = load_audit(store, EVALUATOR_VIEWER, action="publication").iloc[0]
    assert entry["detail"]["republished"] is True
