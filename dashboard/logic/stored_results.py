"""The results frame of every page from the rows the store keeps (`ingest.result_queries.load_stored_results`).

Gives exactly what `state.history.compute_history` computes from every score row (that pandas path stays
as the oracle the tests compare with), but from one row per agency and year written at load.
"""

from __future__ import annotations

import pandas as pd

from dashboard.logic.results import PROVINCE_PREFIX, RANK_COLUMNS, node_columns, result_columns
from indicators import Framework
from ingest.ranking import add_ranks


def compute_stored_history(stored: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Return the results of every year with ranks (see `state.history.compute_history`) from the stored rows."""
    if stored.empty:
        return pd.DataFrame(columns=[*result_columns(framework), *RANK_COLUMNS])
    return add_ranks(compute_stored_frame(stored, framework), framework)


def compute_ranked_year(ranked: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Return one year's results frame with its ranks as read (`reads.load_ranked_results`): the rows and
    columns `compute_stored_history` gives for that year."""
    if ranked.empty:
        return pd.DataFrame(columns=[*result_columns(framework), *RANK_COLUMNS])
    frame = compute_stored_frame(ranked, framework)
    for column in RANK_COLUMNS:
        frame[column] = ranked[column].reset_index(drop=True)
    return frame


def compute_stored_frame(stored: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Return the stored rows (nodes as JSON, codes as lists) as a results frame (`result_columns`), without ranks."""
    frame = stored.reset_index(drop=True)
    nodes = pd.DataFrame.from_records([value if isinstance(value, dict) else {} for value in frame["nodes"]],
                                      columns=node_columns(framework), index=frame.index).astype("float64")
    frame = pd.concat([frame.drop(columns=["nodes"]), nodes], axis=1)
    frame["province_name"] = frame["province_name"].str.removeprefix(PROVINCE_PREFIX)
    frame["year"] = frame["year"].astype("int64")
    frame["index"] = frame["index"].astype("float64")
    frame["submitted"] = frame["index"].notna()
    took_part = frame["took_part"].fillna(False).astype(bool)
    frame["took_part"] = took_part
    frame["index_status"] = frame["index_status"].where(took_part, "not_submitted")
    for column in ("empty_codes", "invalid_codes"):
        frame[column] = [tuple(codes) if isinstance(codes, list) else () for codes in frame[column]]
    frame["missing"] = [tuple(codes) if isinstance(codes, list) else None for codes in frame["missing"]]
    frame["complete"] = frame["complete"].astype("boolean")
    frame["rating"] = pd.Series([r if isinstance(r, str) else None for r in frame["rating"]], index=frame.index,
                                dtype=object)
    frame["framework_version"] = frame["framework_version"].astype("Int64")
    return frame.reindex(columns=result_columns(framework))
