"""What the pages' first views read instead of the whole history equals what the history gave: an agency's own rows
(`data.agency_history`), the overview's national figures from the year's rows (`data.national_figures`) and its
rating counts, for an evaluator, the public and an agency user (2022 and 2023 published, 2024 not)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.logic.aggregates import compute_aggregates
from dashboard.state import data
from ingest.access import EVALUATOR_VIEWER, PUBLIC_VIEWER, Viewer
from ingest.store import get_engine
from tests.support.stores import make_access_store

FW = "spbe-2020"
VIEWERS = {"evaluator": EVALUATOR_VIEWER, "public": PUBLIC_VIEWER,
           "agency": Viewer(role="agency", agency_codes=frozenset({"35.10"}))}


@pytest.fixture(scope="module")
def engine(dashboard_store, tmp_path_factory):
    return get_engine(make_access_store(dashboard_store, tmp_path_factory.mktemp("first-view") / "access.db"))


@pytest.mark.parametrize("role", sorted(VIEWERS))
def test_an_agency_history_is_its_rows_of_the_history(engine, role):
    viewer = VIEWERS[role]
    history = data.history(engine, FW, viewer)
    for code in ["35.10", *history["agency_code"].drop_duplicates().head(5)]:
        expected = history[history["agency_code"] == code].sort_values("year", kind="stable").reset_index(drop=True)
        found = data.agency_history(engine, FW, code, viewer)  # the columns of a year's ranked rows, in their order
        pd.testing.assert_frame_equal(found[list(expected.columns)], expected, check_dtype=False, check_exact=False,
                                      rtol=1e-9)


@pytest.mark.parametrize("role", sorted(VIEWERS))
def test_the_overview_figures_from_the_year_rows_equal_the_sql_aggregates(engine, role):
    viewer = VIEWERS[role]
    national = data.aggregates(engine, FW, viewer, national=True)[0]
    years = sorted(int(y) for y in national["year"])
    assert years  # the public sees the published years only
    for year in years:
        rows = data.ranked_year(engine, year, FW, viewer)
        found = data.national_figures(engine, FW, viewer, year, rows)
        expected = national[national["year"].isin([year, *[y for y in years if y < year][-1:]])]
        pd.testing.assert_frame_equal(found.sort_values("year").reset_index(drop=True),
                                      expected.sort_values("year").reset_index(drop=True),
                                      check_dtype=False, check_exact=False, rtol=1e-9)
        ratings = data.aggregates(engine, FW, viewer, year, "agency_type", national=True)[1]
        pd.testing.assert_frame_equal(compute_aggregates(rows, "agency_type")[1], ratings, check_dtype=False)
