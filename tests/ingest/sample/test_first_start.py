"""First start: the sample is generated with the template writer and loaded through the real ingest path."""

from __future__ import annotations

from pathlib import Path

from ingest.queries import (
    load_all_files,
    load_all_final_levels,
    load_all_framework_years,
    load_all_submissions,
    load_framework_versions,
    store_has_sample,
)
from ingest.sample.clear import clear_sample
from ingest.sample.first_start import ensure_sample_data, wants_sample
from ingest.store import get_engine


def test_sample_files_are_generated_and_loaded_with_the_faulty_ones_rejected(sample_store):
    engine = get_engine(sample_store)
    stored = load_all_files(engine)
    assert stored["is_sample"].all()
    names = set(stored["original_name"])
    assert any(name.startswith("CONTOH_LKE_SPBE_2024_") for name in names)
    assert {f"CONTOH_Rekap_Hasil_Evaluasi_SPBE_{y}.xlsx" for y in (2021, 2022, 2023)} <= names
    rejected = stored[stored["outcome"] == "rejected"]
    assert 3 <= len(rejected) <= 8, "a handful of faulty files is rejected"
    assert all(report for report in rejected["report"])
    submissions = load_all_submissions(engine, 2024)
    assert set(submissions["stage"]) >= {"mandiri", "dokumen", "interviu"}
    assert not submissions["complete"].all(), "one sample submission is incomplete"
    per_year = load_all_submissions(engine).groupby("year")["agency_code"].nunique()
    assert 450 < per_year[2021] < per_year[2023] and per_year[2024] > 550
    assert store_has_sample(engine)


def test_the_sample_has_one_round_of_the_example_framework_beside_spbe(sample_store):
    engine = get_engine(sample_store)
    versions = load_framework_versions(engine)
    assert [(v["code"], v["version"], v["is_sample"]) for v in versions] == [("indeks-contoh", 1, True)]
    years = load_all_framework_years(engine).set_index(["year", "framework_code"])["agencies"]
    assert years[(2024, "spbe-2020")] > 550 and 30 <= years[(2024, "indeks-contoh")] <= 60
    assert (2023, "indeks-contoh") not in years.index
    example = load_all_final_levels(engine, 2024, framework="indeks-contoh")
    assert example["value"].between(0, 5).all() and (example["value"] % 1 != 0).any(), "one continuous indicator"


def test_a_named_store_never_gets_sample_data(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://someone@db/tera")
    assert not wants_sample()
    monkeypatch.delenv("DATABASE_URL")
    assert wants_sample() and not wants_sample("sqlite:////srv/tera.db")


def test_a_store_with_any_file_is_left_alone(store_engine, template_bytes, tmp_path):
    from ingest.load import load_file

    load_file(store_engine, template_bytes, name="real.xlsx")
    assert ensure_sample_data(store_engine, sample_dir=tmp_path / "sample") is None
    assert not (tmp_path / "sample").exists()


def test_clear_sample_removes_sample_data_and_nothing_else(store_engine, template_bytes, spbe_fw, tmp_path):
    from ingest.load import load_file
    from ingest.sample.generate import write_sample_files

    written = write_sample_files(tmp_path / "sample", years=(2023, 2024))
    some = [f.path for f in written if f.expect == "loaded"][:5]
    for path in some:
        load_file(store_engine, Path(path).read_bytes(), name=Path(path).name, is_sample=True)
    load_file(store_engine, template_bytes, name="real.xlsx")
    counts = clear_sample(store_engine)
    assert counts["files"] == 5 and counts["submissions"] > 5
    left = load_all_files(store_engine)
    assert list(left["original_name"]) == ["real.xlsx"]
    assert set(load_all_submissions(store_engine)["agency_code"]) == {"32.01"}
