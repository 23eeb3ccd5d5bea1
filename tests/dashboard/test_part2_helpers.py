"""Pure helpers of part 2: tile grid, province averages, comparison frames, data-quality frames, upload."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from dashboard import compare, quality, regions, upload
from dashboard.export import neutralize_frame
from indicators import load_framework


@pytest.fixture(scope="module")
def fw():
    return load_framework("spbe-2020")


@pytest.fixture(scope="module")
def engine(dashboard_store):
    from ingest.store import get_engine

    return get_engine(dashboard_store)


@pytest.fixture(scope="module")
def history(engine, fw):
    from dashboard.results import compute_history

    return compute_history(engine, fw)


# --- tile grid -----------------------------------------------------------------------------------


def test_tiles_cover_the_38_provinces_once_each(engine):
    from ingest.queries import load_agencies

    tiles = regions.tile_frame()
    agencies = load_agencies(engine)
    provinces = set(agencies.loc[agencies["type"] == "provinsi", "code"])
    assert len(tiles) == 38 and set(tiles["province_code"]) == provinces
    assert not tiles.duplicated(["row", "col"]).any()
    assert tiles["short"].is_unique


def test_tiles_lie_roughly_where_the_provinces_are():
    at = {code: (row, col) for code, _, row, col in regions.TILES}
    assert at["11"][1] < at["32"][1] < at["35"][1] < at["53"][1]  # Aceh west of Java west of NTT
    assert at["91"][1] == max(c for _, c in at.values())  # Papua furthest east
    assert at["65"][0] < at["63"][0]  # Kaltara north of Kalsel
    assert at["34"][0] > at["33"][0]  # DIY south of Central Java


def test_province_averages_and_members(history, fw):
    results = history[history["year"] == 2024]
    averages = regions.province_averages(results, fw, 2024)
    assert len(averages) == 38
    east_java = averages.set_index("province_code").loc["35"]
    local = results[(results["province_code"] == "35") & results["agency_type"].isin(["kabupaten", "kota"])]
    assert east_java["mean"] == pytest.approx(local["index"].mean())
    assert east_java["rating"] == fw.rating_for(east_java["mean"], 2024).slug
    members = regions.province_members(results, "35")
    assert members["index"].dropna().is_monotonic_decreasing
    assert members["rank_in_province"].iloc[0] == 1


def test_tile_chart_writes_value_and_rating(history, fw):
    results = history[history["year"] == 2024]
    averages = regions.province_averages(results, fw, 2024)
    chart = regions.tile_chart(averages, fw, "id", {"province": "P", "mean": "M", "rating": "R", "submitted": "S"},
                               selected="35", no_data="tidak ada data")
    spec = chart.to_dict()
    text = str(spec)
    assert "value_text" in text and "rating_label" in text and regions.SELECTION in text
    data = next(iter(spec["datasets"].values()))
    east_java = next(row for row in data if row["province_code"] == "35")
    assert "," in east_java["value_text"] and east_java["selected"] is True


# --- compare -------------------------------------------------------------------------------------


def test_pick_codes_keeps_order_drops_unknown_and_limits():
    assert compare.pick_codes(["b", "x", "a", "b"], {"a", "b"}) == ["b", "a"]
    assert len(compare.pick_codes([str(i) for i in range(9)], {str(i) for i in range(9)})) == compare.MAX_AGENCIES


def test_differences_and_levels(history, fw, engine):
    from ingest.queries import load_final_levels

    results = history[history["year"] == 2024]
    codes = ["35.10", "35.77", "35"]
    table = compare.score_table(results, codes, fw)
    diff = compare.differences(table, fw, "35.10")
    base = table.set_index("agency_code").loc["35.10", "index"]
    assert list(diff["agency_code"]) == ["35.77", "35"]
    assert diff["index"].iloc[0] == pytest.approx(table.set_index("agency_code").loc["35.77", "index"] - base)
    names = dict(zip(results["agency_code"], results["agency_name"], strict=True))
    matrix = compare.level_matrix(load_final_levels(engine, 2024), codes, fw, names, "id")
    assert len(matrix) == 3 * 47 and matrix["level"].between(0, 5).all()
    spread = compare.level_spread(matrix)
    assert (spread["spread"] == spread["high"] - spread["low"]).all()
    chart = compare.heatmap_chart(matrix, {"indicator": "I", "level": "L", "agency": "A"}, {0: "tidak dijawab"})
    assert "level_text" in str(chart.to_dict())
    trend = compare.trends(history, codes, names)
    assert set(trend["year"]) == {2021, 2022, 2023, 2024}
    compare.trend_chart(trend, {"year": "Y", "value": "V"}).to_dict()
    scores = compare.node_scores(results, codes, fw.domains, fw, 2024, "id", names)
    assert len(scores) == 12
    compare.grouped_bars_chart(scores, fw, "id", {"value": "V", "rating": "R", "agency": "A"}).to_dict()


# --- data quality --------------------------------------------------------------------------------


def test_quality_frames_on_full_sample(sample_store, fw):
    from dashboard.results import registry_for_year
    from ingest.queries import load_agencies, load_files, load_final_levels, load_scores, load_submissions
    from ingest.store import get_engine

    engine = get_engine(sample_store)
    agencies, files = load_agencies(engine), load_files(engine)
    subs = load_submissions(engine, current_only=False)
    current = subs[subs["is_current"] & (subs["year"] == 2024)]
    registry = registry_for_year(agencies, 2024).rename(columns={"code": "agency_code", "name": "agency_name",
                                                                 "type": "agency_type"}).assign(province_name=None)
    matrix = quality.stage_matrix(registry, current)
    assert len(matrix) == len(registry)
    assert (matrix["stages"] == 0).sum() == len(quality.non_submitters(matrix))
    assert set(quality.stages_present(current)) >= {"mandiri", "dokumen"}
    names = dict(zip(agencies["code"], agencies["name"], strict=True))
    incomplete = quality.incomplete_submissions(current, names)
    assert len(incomplete) >= 1 and incomplete["missing"].str.startswith("I").all()
    rejected = quality.file_problems(files, outcome="rejected")
    assert set(rejected["severity"]) <= {"error", "warning"}
    assert {"F13", "I41"} <= set(rejected["cell"])
    warnings = quality.file_problems(quality.files_of_year(files, subs, 2023), severity="warning")
    assert "below-scale" in set(warnings["type"])
    history = quality.agency_history(subs, files, "35.10")
    assert set(history["year"]) >= {2024} and history["original_name"].notna().all()
    gaps = quality.assessment_gaps(load_scores(engine, year=2024), load_final_levels(engine, 2024), fw, names)
    assert len(gaps) > 100 and gaps["mean_difference"].is_monotonic_decreasing
    assert ((gaps["over"] + gaps["under"]) <= gaps["compared"]).all()


# --- upload --------------------------------------------------------------------------------------


def test_upload_allowed_only_for_sample_or_setting():
    assert upload.upload_allowed(True, {})
    assert not upload.upload_allowed(False, {})
    assert upload.upload_allowed(False, {"TERA_ALLOW_UPLOAD": "1"})
    assert not upload.upload_allowed(False, {"TERA_ALLOW_UPLOAD": "0"})


def test_uploader_name():
    assert upload.uploader_name(None) == "unggah-web"
    assert upload.uploader_name({"is_logged_in": False}) == "unggah-web"
    assert upload.uploader_name({"is_logged_in": True, "name": "Sari", "email": "sari@example.go.id"}) == \
        "Sari <sari@example.go.id>"

    class Broken:
        def get(self, key, default=None):
            raise RuntimeError("no auth configured")

    assert upload.uploader_name(Broken()) == "unggah-web"


@pytest.fixture
def private_store(dashboard_store, tmp_path):
    from ingest.store import get_engine
    from ingest.store.engine import dispose_engine

    path = tmp_path / "tera.db"
    shutil.copy(dashboard_store.removeprefix("sqlite:///"), path)
    engine = get_engine(f"sqlite:///{path}")
    yield engine
    dispose_engine(engine)


def test_dry_run_then_load_same_path_as_cli(private_store, broken_workbook, template_bytes):
    from ingest.queries import load_files

    before = len(load_files(private_store))
    checked = upload.check_files(private_store, [("rusak.xlsx", broken_workbook), ("bogor.xlsx", template_bytes)])
    assert [r.outcome for r in checked] == ["rejected", "loaded"]
    assert len(load_files(private_store)) == before  # a dry run stores nothing
    problems = upload.problems_frame(checked)
    broken = problems[problems["file"] == "rusak.xlsx"]
    assert {("Evaluasi", "F11"), ("Evaluasi", "F12")} <= set(zip(broken["sheet"], broken["cell"], strict=True))
    assert broken["severity"].iloc[0] == "error"
    done = upload.load_files(private_store, [("rusak.xlsx", broken_workbook), ("bogor.xlsx", template_bytes)],
                             uploaded_by="Sari <sari@example.go.id>")
    assert [r.outcome for r in done] == ["rejected", "loaded"] and done[1].submissions >= 1
    stored = load_files(private_store).tail(2)
    assert list(stored["uploaded_by"]) == ["Sari <sari@example.go.id>"] * 2
    assert list(stored["outcome"]) == ["rejected", "loaded"]
    again = upload.check_files(private_store, [("bogor.xlsx", template_bytes)])
    assert again[0].outcome == "unchanged"
    summary = upload.summary_frame(done)
    assert list(summary["errors"] > 0) == [True, False]


def test_oversized_upload_is_reported_not_read(private_store, monkeypatch):
    import ingest.load

    monkeypatch.setattr(ingest.load, "MAX_FILE_BYTES", 10)
    result = upload.check_files(private_store, [("besar.xlsx", b"x" * 11)])[0]
    assert result.outcome == "rejected" and result.errors[0].type == "unreadable-file"


def test_problem_export_is_formula_safe():
    frame = pd.DataFrame({"value": ["=HYPERLINK(1)", "3"], "n": [1, np.nan]})
    assert neutralize_frame(frame)["value"].iloc[0].startswith("'=")


def test_every_problem_type_has_a_label_in_both_languages():
    from i18n import catalogue
    from ingest.readers.messages import CATALOGUE

    for lang in ("id", "en"):
        assert {f"quality.problem.{slug}" for slug in CATALOGUE} <= set(catalogue(lang))
    assert quality.problem_label("below-scale").endswith("(below-scale)")
