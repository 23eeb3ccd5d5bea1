"""Figures of a results frame in pandas, shaped as the SQL aggregates (`ingest.result_aggregates`) give them.

The pages read the SQL ones; these serve viewers whose results are still computed in pandas (the published history)
and are the oracle the tests compare the SQL with. Pure: no Streamlit, no store.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd

FIGURE_COLUMNS = ["rows", "took_part", "submitted", "mean", "median", "min", "max"]


def compute_aggregates(frame: pd.DataFrame, by: str | None = None,
                       types: Collection[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (figures, ratings) per year (and `by` group) of a results frame: rows, took_part and submitted counts,
    mean, median, min and max of the index; the count per rating among results with an index."""
    keys = ["year", *([by] if by else [])]
    rows = frame if types is None else frame[frame["agency_type"].isin(list(types))]
    if by:
        rows = rows[rows[by].notna()]
    index = rows["index"].astype("float64")
    grouped = rows.assign(index=index, took_part=rows["took_part"].fillna(False).astype(bool)).groupby(keys, sort=True)
    figures = pd.DataFrame({"rows": grouped.size(), "took_part": grouped["took_part"].sum(),
                            "submitted": grouped["index"].count(), "mean": grouped["index"].mean(),
                            "median": grouped["index"].median(), "min": grouped["index"].min(),
                            "max": grouped["index"].max()}).reset_index()
    figures = figures.astype({"rows": "int64", "took_part": "int64", "submitted": "int64", "year": "int64"})
    rated = rows[index.notna() & rows["rating"].notna()]
    ratings = rated.groupby([*keys, "rating"], sort=True).size().rename("count").reset_index()
    return figures[[*keys, *FIGURE_COLUMNS]], ratings.astype({"year": "int64", "count": "int64"})


def compute_node_means(frame: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """Return per year the mean index and mean value of each node in `codes` over results with an index."""
    given = frame[frame["index"].notna()]
    columns = ["index", *codes]
    means = given.groupby("year", sort=True)[columns].mean().reset_index()
    return means.astype({"year": "int64"})
