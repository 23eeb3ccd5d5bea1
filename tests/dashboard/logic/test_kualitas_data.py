"""Kualitas data logic: stage matrix, non-submitters, problems and gaps on the full sample."""

from __future__ import annotations

from dashboard.logic import kualitas_data


def test_quality_frames_on_full_sample(sample_store, fw):
    from dashboard.logic.results import registry_for_year
    from ingest.queries import (
        load_agencies,
        load_all_files,
        load_all_final_levels,
        load_all_scores,
        load_all_submissions,
    )
    from ingest.store import get_engine

    engine = get_engine(sample_store)
    agencies, files = load_agencies(engine), load_all_files(engine)
    subs = load_all_submissions(engine, current_only=False)
    current = subs[subs["is_current"] & (subs["year"] == 2024)]
    registry = registry_for_year(agencies, 2024).rename(columns={"code": "agency_code", "name": "agency_name",
                                                                 "type": "agency_type"}).assign(province_name=None)
    matrix = kualitas_data.stage_matrix(registry, current)
    assert len(matrix) == len(registry)
    assert (matrix["stages"] == 0).sum() == len(kualitas_data.non_submitters(matrix))
    assert set(kualitas_data.stages_present(current)) >= {"mandiri", "dokumen"}
    names = dict(zip(agencies["code"], agencies["name"], strict=True))
    incomplete = kualitas_data.incomplete_submissions(current, names)
    assert len(incomplete) >= 1 and incomplete["missing"].str.startswith("I").all()
    rejected = kualitas_data.file_problems(files, outcome="rejected")
    assert set(rejected["severity"]) <= {"error", "warning"}
    assert {"F13", "I41"} <= set(rejected["cell"])
    warnings = kualitas_data.file_problems(kualitas_data.files_of_year(files, subs, 2023), severity="warning")
    assert "below-scale" in set(warnings["type"])
    history = kualitas_data.agency_history(subs, files, "35.10")
    assert set(history["year"]) >= {2024} and history["original_name"].notna().all()
    gaps = kualitas_data.assessment_gaps(load_all_scores(engine, year=2024), load_all_final_levels(engine, 2024), fw, names)
    assert len(gaps) > 100 and gaps["mean_difference"].is_monotonic_decreasing
    assert ((gaps["over"] + gaps["under"]) <= gaps["compared"]).all()
