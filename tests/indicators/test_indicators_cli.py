"""`python -m indicators score`: golden outputs, located problems and exit codes 0/1/2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from indicators.cli import main

HERE = Path(__file__).resolve().parent
CLI = HERE / "data" / "cli"
REPO = HERE.parents[1]


@pytest.mark.parametrize(("name", "year"), [("levels", "2024"), ("domains", "2023")])
def test_golden_output(name, year, capsys):
    assert main(["score", str(CLI / f"{name}.csv"), "--year", year]) == 0
    assert capsys.readouterr().out == (CLI / f"{name}.expected.csv").read_text(encoding="utf-8")


def test_module_entry_point_runs_as_a_subprocess():
    done = subprocess.run([sys.executable, "-m", "indicators", "score", str(CLI / "domains.csv"), "--year", "2023"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (CLI / "domains.expected.csv").read_text(encoding="utf-8")


def test_every_problem_is_located_and_the_exit_is_1(capsys):
    assert main(["score", str(CLI / "broken.csv")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines == [
        f"{CLI / 'broken.csv'}: row 2, column I7: value '7' is outside the scale 0–5; "
        "write a whole level from 1 to 5, or 0 for not answered",
        f"{CLI / 'broken.csv'}: row 3, column I2: value '2.5' is not a whole level; "
        "write a whole level from 1 to 5, or 0 for not answered",
        f"{CLI / 'broken.csv'}: row 3, column I3: value 'x' is not a number; "
        "write a whole level from 1 to 5, or 0 for not answered",
    ]


def test_unknown_and_mixed_headers_exit_1(capsys):
    assert main(["score", str(CLI / "mixed.csv")]) == 1
    err = capsys.readouterr().err
    assert "column 4: header 'Z9' is not a node code" in err and "mixes kinds of node" in err


def test_missing_file_exits_1(tmp_path, capsys):
    assert main(["score", str(tmp_path / "absent.csv")]) == 1
    assert "cannot read the file" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["score"], ["score", "x.csv", "--year", "soon"],
                                  ["score", str(CLI / "domains.csv"), "--framework", "no-such-framework"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2


def test_help_documents_the_missing_column_rule(capsys):
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    assert "written only when at least one" in capsys.readouterr().out


def test_framework_check_accepts_a_valid_file(capsys):
    assert main(["framework", "check", str(HERE / "data" / "percent-two-level.yaml")]) == 0
    assert "ok: percent-two-level (Aspek › Indikator; 5 indicators" in capsys.readouterr().out


def test_framework_check_lists_every_located_problem(tmp_path, capsys):
    broken = tmp_path / "rusak.yaml"
    text = (HERE / "data" / "continuous-groups.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("code: R2,", "code: R1,").replace("min: 0.5, max: 0.8", "min: 0.5, max: 0.9"),
                      encoding="utf-8")
    assert main(["framework", "check", str(broken)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{broken}: tree[0].children[0].children[1].code: komponen K1 › code: code R1 is used twice".replace(
            "komponen K1 › code: ", "indicator R1: "),
        f"{broken}: rating.bands[0].min: framework continuous-groups › rating › band kelompok-a: overlap with band "
        "kelompok-b (0.9 vs 0.8)",
    ]


@pytest.mark.parametrize("argv", [["framework"], ["framework", "check"], ["framework", "verify", "x.yaml"]])
def test_framework_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2


def test_score_with_a_framework_workbook(grid_to_xlsx, tmp_path, capsys):
    from tests.support.frameworks import percent_workbook_sheets

    workbook = tmp_path / "kerangka.xlsx"
    workbook.write_bytes(grid_to_xlsx(percent_workbook_sheets()))
    source = tmp_path / "levels.csv"
    source.write_text("instansi;X1;X2;X3;Indikator 4;X5\nalpha;3;4;5;2;1\n", encoding="utf-8")
    assert main(["score", str(source), "--framework", str(workbook), "--year", "2023"]) == 0
    assert capsys.readouterr().out == "agency,index,rating,S1,S2\nalpha,3.050000,Baik,3.600000,2.866667\n"
