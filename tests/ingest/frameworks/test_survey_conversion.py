"""A 0–100 survey indicator is loaded as its converted level with the raw value kept beside it (SQLite and PostgreSQL)."""

from __future__ import annotations

import io

import pytest

from ingest.frameworks.catalog import FrameworkCatalog
from ingest.frameworks.commands import add_framework
from ingest.load import load_file
from ingest.queries import load_all_final_levels
from ingest.template import write_template
from tests.support.frameworks import FRAMEWORK_DATA

NINE = FRAMEWORK_DATA / "nine-aspects.yaml"


def _workbook(fw, survey) -> bytes:
    levels = {f"I{n}": 3 for n in range(1, 35)} | {"I35": survey}
    buffer = io.BytesIO()
    write_template(buffer, agency_code="32.01", agency_name="Pemerintah Kab. Bogor", year=2026, framework=fw,
                   levels={"mandiri": levels})
    return buffer.getvalue()


def test_the_raw_survey_score_is_kept_beside_the_converted_level(store_engine):
    add_framework(store_engine, NINE)
    fw = FrameworkCatalog.from_store(store_engine).get("nine-aspects")
    result = load_file(store_engine, _workbook(fw, 65.9), name="survei.xlsx")
    assert result.outcome == "loaded", result.problems
    final = load_all_final_levels(store_engine, 2026, framework="nine-aspects").set_index("code")
    assert final.loc["I35", "value"] == pytest.approx(3.636) and final.loc["I35", "raw_value"] == 65.9
    assert final.loc["I1", "value"] == 3 and final["raw_value"].drop("I35").isna().all()


def test_a_survey_score_off_its_own_scale_gives_one_message(store_engine):
    add_framework(store_engine, NINE)
    fw = FrameworkCatalog.from_store(store_engine).get("nine-aspects")
    result = load_file(store_engine, _workbook(fw, 120), name="survei.xlsx")
    assert result.outcome == "rejected"
    assert [(p.type, p.value) for p in result.errors] == [("level-out-of-scale", 120)]
    assert "0–100" in result.errors[0].message
