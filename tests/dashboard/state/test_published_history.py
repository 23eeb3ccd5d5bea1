"""The history a non-evaluator sees is read from the results kept at publication and equals the pandas path over the
publication snapshot (the oracle), masked the same way, before and after a later load and a republication."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.state.history import compute_visible_history
from indicators import load_framework
from ingest.access import EVALUATOR_VIEWER, PUBLIC_VIEWER, Viewer, load_published, reads, save_republication
from ingest.errors import AccessDenied
from ingest.store import get_engine
from tests.support.published_oracle import compute_published_history_oracle, normal_results
from tests.support.stores import make_access_store, save_lower_madiun_2023

VIEWERS = {"public": PUBLIC_VIEWER, "agency": Viewer(role="agency", agency_codes=frozenset({"35.10"}), email="a@b.id")}


def _assert_visible_equals_oracle(engine, viewer) -> pd.DataFrame:
    fw = load_framework("spbe-2020")
    oracle = reads.filter_results(compute_published_history_oracle(engine, fw), viewer, load_published(engine), fw)
    visible = compute_visible_history(engine, fw, viewer)
    pd.testing.assert_frame_equal(normal_results(visible), normal_results(oracle), check_dtype=False,
                                  check_exact=False, rtol=1e-9)
    return visible


def _madiun(history: pd.DataFrame) -> float:
    return float(history.loc[(history["agency_code"] == "35.77") & (history["year"] == 2023), "index"].iloc[0])


@pytest.mark.parametrize("role", ["public", "agency"])
def test_the_visible_history_reads_the_published_copy(dashboard_store, tmp_path, role):
    engine = get_engine(make_access_store(dashboard_store, tmp_path / "access.db"))
    viewer = VIEWERS[role]
    published = _assert_visible_equals_oracle(engine, viewer)
    assert set(published["year"]) == ({2022, 2023} if role == "public" else {2021, 2022, 2023, 2024})
    save_lower_madiun_2023(engine)  # a later load lowers a published result: nobody outside sees it yet
    assert _madiun(_assert_visible_equals_oracle(engine, viewer)) == _madiun(published)
    save_republication(engine, EVALUATOR_VIEWER, 2023, "spbe-2020", actor="t", source="test")
    assert _madiun(_assert_visible_equals_oracle(engine, viewer)) < _madiun(published)


def test_the_unmasked_published_rows_are_for_evaluators_only(dashboard_store):
    engine = get_engine(dashboard_store)
    with pytest.raises(AccessDenied):
        reads.load_published_result_rows(engine, PUBLIC_VIEWER, "spbe-2020")
    assert len(reads.load_published_result_rows(engine, EVALUATOR_VIEWER, "spbe-2020")) > 0
