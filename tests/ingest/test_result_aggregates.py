"""Ranks and aggregates computed in SQL (`ingest.result_aggregates`, read through `ingest.access.reads`) equal the
pandas path: `ingest.ranking.add_ranks` on the whole history, `dashboard.logic.aggregates` and `reads.filter_results`
for viewers, on the seeded store and on generated results (ties, missing indexes, self-assessments), SQLite and
PostgreSQL."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert

from dashboard.logic.aggregates import compute_aggregates, compute_node_means
from dashboard.logic.results import RANK_COLUMNS, result_columns
from dashboard.logic.stored_results import compute_ranked_year, compute_stored_history
from indicators import load_framework
from indicators.rating import rating_basis_array
from ingest.access import EVALUATOR_VIEWER, PUBLIC_VIEWER, Viewer, load_published, save_publication
from ingest.access.reads import (
    filter_results,
    load_agency_results,
    load_ranked_results,
    load_result_aggregates,
    load_result_node_means,
)
from ingest.result_aggregates import load_aggregates, load_node_means, load_ranked_year
from ingest.result_queries import load_stored_results
from ingest.store.schema import published_results, results
from ingest.vocabulary import LOCAL_TYPES
from tests.support.stores import (
    POSTGRES_SKIP,
    copy_store,
    postgres_answers,
    postgres_schema,
    seed_dashboard_store,
)

FW = load_framework("spbe-2020")
AGENCY = Viewer(role="agency", agency_codes=frozenset({"35.10"}))
WHO = {"actor": "test", "source": "test"}


def _cell(value):
    if isinstance(value, list | tuple):
        return tuple(value)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float | np.floating):
        return round(float(value), 9)
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    return value


def _rows(frame: pd.DataFrame) -> list[tuple]:
    columns = [*result_columns(FW), *RANK_COLUMNS]
    return [tuple(_cell(v) for v in row) for row in frame.reindex(columns=columns).itertuples(index=False)]


def _same(sql: pd.DataFrame, oracle: pd.DataFrame) -> None:
    assert list(sql.columns) == list(oracle.columns) or set(oracle.columns) <= set(sql.columns)
    left, right = _rows(sql), _rows(oracle)
    assert len(left) == len(right)
    for a, b in zip(left, right, strict=True):
        assert a == b


def _figures(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(_cell(v) for v in row) for row in frame.itertuples(index=False)]


def _history(engine) -> pd.DataFrame:
    return compute_stored_history(load_stored_results(engine, FW.code), FW)


def _seen(engine, viewer: Viewer, history: pd.DataFrame | None = None) -> pd.DataFrame:
    history = _history(engine) if history is None else history
    return history if viewer.is_evaluator else filter_results(history, viewer, frozenset(load_published(engine)), FW)


def _national(frame: pd.DataFrame, engine) -> pd.DataFrame:
    published = frozenset(load_published(engine))
    return frame[frame["year"].map(lambda y: (int(y), FW.code) in published).astype(bool)]


def check_ranks(engine, viewer: Viewer, history: pd.DataFrame | None = None) -> None:
    """Every year's SQL rows with ranks equal the year's slice of the pandas history as the viewer sees it."""
    history = _history(engine) if history is None else history
    oracle = _seen(engine, viewer, history)
    for year in sorted({int(y) for y in history["year"]}):
        sql = compute_ranked_year(load_ranked_results(engine, viewer, FW.code, year), FW)
        _same(sql, oracle[oracle["year"] == year].reset_index(drop=True))


def check_agency_history(engine, viewer: Viewer, codes: list[str], history: pd.DataFrame | None = None) -> None:
    """Each agency's SQL rows of every year, with ranks, equal its rows of the pandas history as the viewer sees it."""
    history = _history(engine) if history is None else history
    oracle = _seen(engine, viewer, history)
    for code in codes:
        sql = compute_ranked_year(load_agency_results(engine, viewer, FW.code, code), FW)
        _same(sql, oracle[oracle["agency_code"] == code].sort_values("year", kind="stable").reset_index(drop=True))


def check_aggregates(engine, viewer: Viewer, history: pd.DataFrame | None = None) -> None:
    """National figures per year, per type and per province (regencies and cities), rating counts and node means."""
    seen = _seen(engine, viewer, history)
    national = seen if viewer.is_evaluator else _national(seen, engine)
    found = load_result_aggregates(engine, viewer, FW.code, national=True)
    figures, ratings = compute_aggregates(national)
    assert _figures(found.figures) == _figures(figures)
    assert _figures(found.ratings) == _figures(ratings)
    codes = [node.code for node in FW.top_nodes]
    means = load_result_node_means(engine, viewer, FW.code, codes, national=True)
    assert _figures(means) == _figures(compute_node_means(national, codes))
    for year in sorted({int(y) for y in seen["year"]}):
        one = seen[seen["year"] == year]
        for by, types in (("agency_type", None), ("province_code", LOCAL_TYPES)):
            found = load_result_aggregates(engine, viewer, FW.code, year, by, types)
            figures, ratings = compute_aggregates(one, by, types)
            assert _figures(found.figures) == _figures(figures), (year, by)
            assert _figures(found.ratings) == _figures(ratings), (year, by)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def seeded(request, dashboard_store, tmp_path_factory):
    """The seeded store (a copy on SQLite, a smaller one on PostgreSQL) with 2022 and 2023 published."""
    from ingest.store import get_engine
    from ingest.store.engine import dispose_engine

    def publish(url: str):
        engine = get_engine(url)
        for year in (2022, 2023):
            save_publication(engine, None, year, FW.code, True, **WHO)
        return engine

    if request.param == "sqlite":
        engine = publish(copy_store(dashboard_store, tmp_path_factory.mktemp("aggregates") / "tera.db"))
        yield engine
        dispose_engine(engine)
        return
    if not postgres_answers():
        pytest.skip(POSTGRES_SKIP)
    with postgres_schema("agg") as url:
        seed_dashboard_store(url, limit=30)
        engine = publish(url)
        yield engine
        dispose_engine(engine)


def test_sql_ranks_equal_add_ranks_on_the_seeded_store(seeded):
    check_ranks(seeded, EVALUATOR_VIEWER)


def test_only_the_year_and_the_one_before_are_ranked_in_sql(seeded):
    ranked = load_ranked_year(seeded, FW.code, 2023)
    assert set(ranked["year"]) == {2023}
    assert ranked["rank_change"].notna().any() and ranked["rank"].min() == 1
    assert load_ranked_year(seeded, FW.code, 2021)["rank_change"].isna().all()  # the first year: nothing to compare


@pytest.mark.parametrize("viewer", [PUBLIC_VIEWER, AGENCY], ids=["public", "agency"])
def test_viewer_ranks_equal_filter_results_on_the_seeded_store(seeded, viewer):
    check_ranks(seeded, viewer)


@pytest.mark.parametrize("viewer", [EVALUATOR_VIEWER, PUBLIC_VIEWER, AGENCY], ids=["evaluator", "public", "agency"])
def test_agency_history_equals_its_rows_of_the_history_on_the_seeded_store(seeded, viewer):
    history = _history(seeded)
    # The agency user's own agency, agencies with a result in some years only, and one without any.
    codes = ["35.10", *history.loc[history["index"].notna(), "agency_code"].drop_duplicates().head(6), "K-NOPE"]
    check_agency_history(seeded, viewer, codes, history)


@pytest.mark.parametrize("viewer", [EVALUATOR_VIEWER, PUBLIC_VIEWER, AGENCY], ids=["evaluator", "public", "agency"])
def test_aggregates_equal_pandas_on_the_seeded_store(seeded, viewer):
    check_aggregates(seeded, viewer)


def test_aggregates_keep_empty_groups_and_pandas_medians(seeded):
    found = load_aggregates(seeded, FW.code, 2024, "province_code", types=LOCAL_TYPES)
    history = _history(seeded)
    year = history[(history["year"] == 2024) & history["agency_type"].isin(LOCAL_TYPES)]
    for row in found.figures.itertuples(index=False):
        values = year.loc[year["province_code"] == row.province_code, "index"].dropna()
        assert row.submitted == len(values)
        assert (math.isnan(row.median) and values.empty) or row.median == pytest.approx(values.median())
    assert load_aggregates(seeded, FW.code, 1999).figures.empty
    assert load_node_means(seeded, FW.code, ["nope"]).filter(["nope"]).isna().all().all()


# --- generated results: ties, missing indexes, self-assessments, several types and provinces ---

STAGES = ("mandiri", "dokumen", "hasil")
VALUES = (1.5, 2.25, 2.2549, 2.255, 3.0, 3.125, 4.0)  # ties, and ties only after the 2023 rounding
YEARS = (2021, 2022, 2023, 2024)


def _agencies(engine) -> list[str]:
    from ingest.queries import load_agencies

    registry = load_agencies(engine)
    registry = registry[registry["evaluated"].astype(bool) & registry["valid_from"].isna()]
    picked = []
    for kind, provinces, n in (("kabupaten", ("11", "12"), 3), ("kota", ("11", "12"), 2), ("provinsi", None, 3),
                               ("kementerian", None, 3)):
        of_type = registry[registry["type"] == kind]
        if provinces is None:
            picked += of_type["code"].head(n).tolist()
        else:
            for province in provinces:
                picked += of_type.loc[of_type["province_code"] == province, "code"].head(n).tolist()
    return picked


CELL = st.one_of(st.none(), st.tuples(st.sampled_from(STAGES), st.one_of(st.none(), st.sampled_from(VALUES)),
                                      st.booleans()))


def _write(engine, codes: list[str], cells: list, published: set[int]) -> None:
    now = datetime.now(UTC)
    rows = []
    for (code, year), cell in zip([(c, y) for c in codes for y in YEARS], cells, strict=True):
        if cell is None:
            continue
        stage, index, took_part = cell
        took_part = took_part or index is not None
        basis = None if index is None else float(rating_basis_array(np.array([index]), FW, year)[0])
        nodes = {} if not took_part else {node.code: (None if index is None or i == 3 else round(index + i / 10, 3))
                                          for i, node in enumerate(FW.top_nodes)}
        rows.append({"agency_code": code, "year": year, "framework_code": FW.code, "framework_version": None,
                     "stage": stage if took_part else None, "index": index,
                     "rating": None if index is None else FW.rating_for(index, year).slug, "rank_basis": basis,
                     "nodes": nodes, "complete": None, "missing": None, "index_kind": None, "took_part": took_part,
                     "index_status": ("scored" if index is not None else "incomplete") if took_part else "not_submitted",
                     "empty_codes": [], "invalid_codes": [], "computed_at": now})
    with engine.begin() as conn:
        conn.execute(delete(results))
        if rows:
            conn.execute(insert(results), rows)
    for year in YEARS:
        save_publication(engine, None, year, FW.code, year in published, **WHO)
    # No submissions stand behind these results: keep the published years' copy as a publication keeps it.
    with engine.begin() as conn:
        conn.execute(delete(published_results))
        shown = [row for row in rows if row["year"] in published]
        if shown:
            conn.execute(insert(published_results), shown)


# No shrinking: each example writes and reads a store on both backends (minutes per failing case otherwise).
@settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_sql_ranks_and_aggregates_equal_pandas_on_generated_results(store_engine, data):
    codes = _agencies(store_engine)
    cells = data.draw(st.lists(CELL, min_size=len(codes) * len(YEARS), max_size=len(codes) * len(YEARS)))
    published = data.draw(st.sets(st.sampled_from(YEARS)))
    _write(store_engine, codes, cells, published)
    history = _history(store_engine)
    if history.empty:
        return
    agency = Viewer(role="agency", agency_codes=frozenset({codes[0]}))
    for viewer in (EVALUATOR_VIEWER, PUBLIC_VIEWER, agency):
        check_ranks(store_engine, viewer, history)
        check_agency_history(store_engine, viewer, codes, history)
        check_aggregates(store_engine, viewer, history)
