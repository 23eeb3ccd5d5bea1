"""The load pipeline on SQLite and PostgreSQL: round trip, stages, revisions, idempotence, rejection."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from ingest.agency_commands import add_alias
from ingest.load import load_file, load_paths
from ingest.queries import load_all_files, load_all_final_levels, load_all_scores, load_all_submissions
from ingest.registry import get_registry, resolve_province
from ingest.store.schema import files, scores, submissions
from ingest.template import write_recap, write_template
from tests.support.stores import count_rows


def workbook(fw, levels, *, code="32.01", name="Pemerintah Kab. Bogor", year=2024, notes=None) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, agency_code=code, agency_name=name, year=year, framework=fw, levels=levels, notes=notes)
    return buffer.getvalue()


def test_round_trip_keeps_every_level_of_every_stage(store_engine, template_bytes, sample_levels):
    result = load_file(store_engine, template_bytes, name="lke.xlsx")
    assert result.outcome == "loaded" and result.submissions == 3
    stored = load_all_scores(store_engine, year=2024)
    for stage, levels in sample_levels.items():
        got = stored[stored["stage"] == stage].set_index("code")["value"].to_dict()
        assert got == {code: float(level) for code, level in levels.items()}
    assert set(stored["agency_code"]) == {"32.01"}


def test_later_stage_silence_carries_the_earlier_level_forward(store_engine, spbe_fw):
    codes = [n.code for n in spbe_fw.indicators]
    levels = {"mandiri": dict.fromkeys(codes, 4), "dokumen": dict.fromkeys(codes, 3), "interviu": {"I1": 5}}
    assert load_file(store_engine, workbook(spbe_fw, levels), name="a.xlsx").outcome == "loaded"
    final = load_all_final_levels(store_engine, 2024).set_index("code")
    assert final.loc["I1", "value"] == 5 and final.loc["I1", "stage"] == "interviu"
    assert final.loc["I2", "value"] == 3 and final.loc["I2", "stage"] == "dokumen"
    subs = load_all_submissions(store_engine, 2024)
    assert subs["complete"].all(), "a partial interview stage is complete once earlier stages are carried forward"


def test_changed_bytes_make_a_new_revision_and_keep_the_old(store_engine, spbe_fw):
    codes = [n.code for n in spbe_fw.indicators]
    first = workbook(spbe_fw, {"dokumen": dict.fromkeys(codes, 2)})
    second = workbook(spbe_fw, {"dokumen": {**dict.fromkeys(codes, 2), "I7": 4}})
    assert load_file(store_engine, first, name="v1.xlsx").outcome == "loaded"
    assert load_file(store_engine, second, name="v2.xlsx").outcome == "loaded"
    every = load_all_submissions(store_engine, 2024, current_only=False).sort_values("revision")
    assert list(every["revision"]) == [1, 2] and list(every["is_current"]) == [False, True]
    assert load_all_final_levels(store_engine, 2024).set_index("code").loc["I7", "value"] == 4
    old = load_all_scores(store_engine, 2024, current_only=False)
    assert set(old[old["revision"] == 1]["value"]) == {2.0}


def test_same_bytes_twice_are_unchanged_and_write_nothing(store_engine, template_bytes):
    load_file(store_engine, template_bytes, name="lke.xlsx")
    before = [count_rows(store_engine, t) for t in (files, submissions, scores)]
    again = load_file(store_engine, template_bytes, name="renamed.xlsx")
    assert again.outcome == "unchanged"
    assert [count_rows(store_engine, t) for t in (files, submissions, scores)] == before


def test_a_rejected_file_stores_no_score_but_keeps_the_original(store_engine, spbe_fw):
    codes = [n.code for n in spbe_fw.indicators]
    content = workbook(spbe_fw, {"mandiri": {**dict.fromkeys(codes, 3), "I3": 7}})
    result = load_file(store_engine, content, name="salah.xlsx")
    assert result.outcome == "rejected"
    assert [(p.sheet, p.cell, p.type) for p in result.errors] == [("Evaluasi", "F13", "level-out-of-scale")]
    assert count_rows(store_engine, submissions) == 0 and count_rows(store_engine, scores) == 0
    kept = load_all_files(store_engine)
    assert list(kept["outcome"]) == ["rejected"] and kept["report"].iloc[0][0]["type"] == "level-out-of-scale"


def test_dry_run_writes_nothing(store_engine, template_bytes):
    result = load_file(store_engine, template_bytes, name="lke.xlsx", dry_run=True)
    assert result.outcome == "loaded" and result.submissions == 3
    assert count_rows(store_engine, files) == 0


def test_a_batch_goes_on_past_a_rejected_file(store_engine, tmp_path, spbe_fw, template_bytes):
    (tmp_path / "a_bad.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "b_good.xlsx").write_bytes(template_bytes)
    results = load_paths(store_engine, [tmp_path])
    assert [(r.name, r.outcome) for r in results] == [("a_bad.xlsx", "rejected"), ("b_good.xlsx", "loaded")]


def test_an_alias_lets_the_same_file_load_on_the_next_try(store_engine, spbe_fw):
    codes = [n.code for n in spbe_fw.indicators]
    content = workbook(spbe_fw, {"mandiri": dict.fromkeys(codes, 3)}, code="", name="Pemkab Bogor Raya")
    first = load_file(store_engine, content, name="bogor.xlsx")
    assert [p.type for p in first.errors] == ["unknown-agency"]
    assert "agencies alias" in first.errors[0].message
    add_alias(store_engine, "Pemkab Bogor Raya", "32.01")
    second = load_file(store_engine, content, name="bogor.xlsx")
    assert second.outcome == "loaded"
    assert list(load_all_files(store_engine)["outcome"]) == ["loaded"]


def test_a_tidak_valid_review_is_flagged_and_does_not_count(store_engine, spbe_fw):
    codes = [n.code for n in spbe_fw.indicators]
    notes = {"I5": {"review": "Tidak Valid", "justification": "Bukti tidak sesuai"}}
    content = workbook(spbe_fw, {"mandiri": dict.fromkeys(codes, 4), "dokumen": dict.fromkeys(codes, 3)}, notes=notes)
    assert load_file(store_engine, content, name="a.xlsx").outcome == "loaded"
    final = load_all_final_levels(store_engine, 2024).set_index("code")
    assert bool(final.loc["I5", "invalid"]) and pd.isna(final.loc["I5", "value"])
    assert final.loc["I6", "value"] == 3


def test_published_2023_table_loads_every_row_on_the_right_agency(store_engine, published_2023_csv, spbe_fw):
    with open(published_2023_csv, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    columns = {"D1": "D1_kebijakan", "D2": "D2_tata_kelola", "D3": "D3_manajemen", "D4": "D4_layanan"}
    tables: dict[str, list[dict]] = {}
    for row in rows:
        title = f"Kabupaten/Kota di Provinsi {row['provinsi']}" if row["jenis"] in ("Kabupaten", "Kota") else row["jenis"]
        item = {"name": row["nama_instansi"], "index": float(row["indeks"]), "rating": row["predikat"]}
        item.update({code: float(row[column]) for code, column in columns.items()})
        tables.setdefault(title, []).append(item)
    buffer = io.BytesIO()
    write_recap(buffer, [], spbe_fw, title="Hasil Evaluasi SPBE Tahun 2023", year=2023, tables=list(tables.items()))
    result = load_file(store_engine, buffer.getvalue(), name="rekap-2023.xlsx")
    assert result.outcome == "loaded", [p.message for p in result.errors][:5]
    assert {p.type for p in result.problems} <= {"below-scale", "published-index-mismatch", "published-rating-mismatch"}
    stored = load_all_submissions(store_engine, 2023)
    assert len(stored) == len(rows) == stored["agency_code"].nunique()
    registry = get_registry()
    regional = [r for r in rows if r["provinsi"]]
    stored_regions = [code for code in stored["agency_code"] if registry.agencies[code].is_region]
    assert len(stored_regions) == len(regional) + sum(r["jenis"] == "Provinsi" and not r["provinsi"] for r in rows)
    for code in stored_regions:
        assert registry.agencies[code].province_code is not None
    provinces_in_file = {resolve_province(r["provinsi"]) for r in regional}
    assert provinces_in_file <= {registry.agencies[c].province_code for c in stored_regions}


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["load", "--no-such-flag", "x.xlsx"], 2),
        (["load", "/no/such/file.xlsx"], 2),
        (["load", "--stage", "final", "x.xlsx"], 2),
    ],
)
def test_cli_usage_errors_exit_2(argv, code, capsys):
    from ingest.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == code


def test_cli_load_json_and_exit_codes(store_url, tmp_path, template_bytes, capsys):
    from ingest.cli import main

    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.csv"
    good.write_bytes(template_bytes)
    bad.write_text("No;Nama Instansi;Indeks\n1;Pemerintah Kab. Bogor;9,9\n", encoding="utf-8")
    assert main(["load", str(good), "--db", store_url, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert [item["outcome"] for item in first] == ["loaded"]
    assert main(["load", str(good), str(bad), "--db", store_url, "--year", "2024", "--json"]) == 1
    second = json.loads(capsys.readouterr().out)
    assert [item["outcome"] for item in second] == ["unchanged", "rejected"]
    problem = second[1]["problems"][0]
    assert set(problem) == {"type", "severity", "sheet", "cell", "value", "message"}
    assert problem["type"] == "score-out-of-scale" and problem["severity"] == "error"
