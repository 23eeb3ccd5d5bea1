"""`python -m dashboard export ranking`: exact columns, 6 decimals, official labels, exit codes."""

import csv
import io
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_csv_columns_and_values(dashboard_store, tmp_path, capsys):
    out = tmp_path / "peringkat.csv"
    assert main(["export", "ranking", "--year", "2024", "--db", dashboard_store, "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0].keys()) == ["rank", "agency_code", "agency_name", "agency_type", "province", "index",
                                    "rating", "D1", "D2", "D3", "D4"]
    assert rows[0]["rank"] == "1"
    assert len(rows[0]["index"].split(".")[1]) == 6
    assert {r["rating"] for r in rows} <= {"Memuaskan", "Sangat Baik", "Baik", "Cukup", "Kurang"}
    assert "11" not in {r["agency_code"] for r in rows}  # did not submit in 2024
    central = [r for r in rows if r["agency_type"] == "kementerian"]
    assert central and all(r["province"] == "" for r in central)
    banyuwangi = next(r for r in rows if r["agency_code"] == "35.10")
    assert banyuwangi["province"] == "Jawa Timur"


def test_type_filter_and_xlsx(dashboard_store, tmp_path):
    out = tmp_path / "kota.xlsx"
    assert main(["export", "ranking", "--year", "2024", "--type", "kota", "--format", "xlsx", "--out", str(out),
                 "--db", dashboard_store]) == 0
    sheet = load_workbook(out).active
    types = {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert types == {"kota"}


def test_exit_codes(dashboard_store, capsys):
    assert main(["export", "ranking", "--year", "2024", "--format", "xlsx", "--db", dashboard_store]) == 2
    assert main(["export", "ranking", "--year", "2019", "--db", dashboard_store]) == 1
    assert "2019" in capsys.readouterr().err


def test_module_entry_point_writes_stdout(dashboard_store):
    done = subprocess.run([sys.executable, "-m", "dashboard", "export", "ranking", "--year", "2023", "--db",
                           dashboard_store], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("rank,agency_code,")


def test_a_rounded_years_export_writes_the_index_ranks_use(dashboard_store, capsys):
    import csv
    import io

    assert main(["export", "ranking", "--year", "2023", "--db", dashboard_store]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # 2023 rates and ranks the index rounded to two digits: equal ranks show equal indices.
    assert all(row["index"].endswith("0000") for row in rows)
    by_rank: dict[str, set[str]] = {}
    for row in rows:
        by_rank.setdefault(row["rank"], set()).add(row["index"])
    assert all(len(indices) == 1 for indices in by_rank.values())
