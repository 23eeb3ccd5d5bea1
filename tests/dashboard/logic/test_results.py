"""Results frame and history on a seeded store: registry rows kept, non-submitters NaN, ranks, recap years."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.logic import peringkat, results
from dashboard.state import history as history_state
from indicators import load_framework
from ingest.store import get_engine

FW = load_framework("spbe-2020")


@pytest.fixture(scope="module")
def history(dashboard_store):
    return history_state.compute_history(get_engine(dashboard_store), FW)


def test_one_row_per_registry_agency_and_year(history):
    assert not history.duplicated(["agency_code", "year"]).any()
    assert set(history["year"]) == {2021, 2022, 2023, 2024}
    expected = set(results.result_columns(FW)) | set(results.RANK_COLUMNS)
    assert expected <= set(history.columns)


def test_non_submitter_is_kept_with_nan_not_zero(history):
    aceh = history[(history["agency_code"] == "11") & (history["year"] == 2024)].iloc[0]
    assert not aceh["submitted"]
    assert pd.isna(aceh["index"]) and pd.isna(aceh["rating"]) and pd.isna(aceh["rank"])


def test_scores_and_rating_follow_the_framework(history):
    row = history[(history["agency_code"] == "35.10") & (history["year"] == 2024)].iloc[0]
    assert row["submitted"] and row["index_kind"] == "indicator"
    weighted = sum(row[d.code] * d.weight for d in FW.domains) / 100
    assert row["index"] == pytest.approx(weighted)
    assert row["rating"] == FW.rating_for(row["index"], 2024).slug
    assert row["province_name"] == "Jawa Timur"
    assert row["rank_type"] >= 1 and row["rank_province"] >= 1


def test_recap_year_has_domains_but_no_aspects(history):
    row = history[(history["agency_code"] == "35.10") & (history["year"] == 2021)].iloc[0]
    assert row["index_kind"] == "domain"
    assert not pd.isna(row["D1"]) and pd.isna(row["A1"])


def test_rank_change_is_previous_minus_current(history):
    now = history[(history["year"] == 2024) & history["submitted"]].set_index("agency_code")
    before = history[(history["year"] == 2023) & history["submitted"]].set_index("agency_code")
    code = now.index[0]
    assert now.loc[code, "rank_change"] == before.loc[code, "rank"] - now.loc[code, "rank"]


def test_filters_and_export_columns(history):
    year = history[history["year"] == 2024]
    kota = peringkat.filter_results(year, agency_type="kota")
    assert set(kota["agency_type"]) == {"kota"}
    assert set(peringkat.filter_results(year, search="banyuwangi")["agency_code"]) == {"35.10"}
    assert set(peringkat.filter_results(year, search="35.1")["agency_code"]) >= {"35.10"}
    exported = peringkat.ranking_export(peringkat.sort_for_ranking(kota), FW, 2024)
    assert list(exported.columns) == [*peringkat.RANKING_EXPORT_BASE, "D1", "D2", "D3", "D4", "rank_change", "index_status"]


def test_empty_store_gives_empty_history(empty_store):
    frame = history_state.compute_history(get_engine(empty_store), FW)
    assert frame.empty
