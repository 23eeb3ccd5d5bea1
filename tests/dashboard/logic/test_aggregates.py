"""The pandas aggregates (`dashboard.logic.aggregates`), shaped as the SQL ones: medians of even and odd counts,
groups without an index, rows left out of a group, and the overview built from them."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.logic import ringkasan
from dashboard.logic.aggregates import compute_aggregates, compute_node_means


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "year": [2023, 2023, 2023, 2024, 2024, 2024, 2024, 2024],
        "agency_type": ["kota", "kota", "kabupaten", "kota", "kota", "kabupaten", "kabupaten", "provinsi"],
        "province_code": ["32", "32", "33", "32", "32", "33", "33", None],
        "took_part": [True, True, False, True, True, True, None, True],
        "index": [2.0, 3.0, None, 1.0, 4.0, None, None, 2.5],
        "rating": ["cukup", "baik", None, "kurang", "memuaskan", None, None, "baik"],
        "D1": [1.0, 2.0, None, None, 3.0, None, None, 2.0],
    })


def test_national_figures_take_the_middle_values_like_pandas():
    figures, ratings = compute_aggregates(_frame())
    one = figures.set_index("year")
    assert one.loc[2023, "median"] == 2.5 and one.loc[2024, "median"] == 2.5  # even counts: the two middle averaged
    assert one.loc[2024, "rows"] == 5 and one.loc[2024, "took_part"] == 4 and one.loc[2024, "submitted"] == 3
    assert (one.loc[2024, "min"], one.loc[2024, "max"]) == (1.0, 4.0)
    assert ratings[ratings["year"] == 2024]["count"].sum() == 3


def test_groups_without_an_index_stay_with_empty_statistics():
    figures, _ = compute_aggregates(_frame(), "province_code", ("kabupaten", "kota"))
    kabupaten = figures[(figures["year"] == 2024) & (figures["province_code"] == "33")].iloc[0]
    assert kabupaten["rows"] == 2 and kabupaten["submitted"] == 0 and math.isnan(kabupaten["median"])
    assert set(figures["province_code"]) == {"32", "33"}  # the province without a code is left out


def test_node_means_and_the_overview_read_the_same_figures():
    means = compute_node_means(_frame(), ["D1"]).set_index("year")
    assert means.loc[2024, "D1"] == 2.5 and means.loc[2024, "index"] == 2.5
    history = _frame().assign(submitted=lambda f: f["index"].notna())

    class Framework:
        def reference_for(self, year):
            return None

    overview = ringkasan.compute_overview(history, 2024, Framework())
    assert (overview.evaluated, overview.submitted, overview.median, overview.previous_mean) == (5, 3, 2.5, 2.5)
