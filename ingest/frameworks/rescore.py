"""Re-scoring a year's results under the newest version of a stored framework: preview, then apply and audit.

A result keeps the framework version it was loaded under (`submissions.framework_version`); only this
explicit evaluator action moves a year's current submissions to a newer version, and the audit log keeps
which versions they had before.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from indicators import Framework
from indicators.ranking import compute_rankings
from indicators.rating import compute_ratings
from indicators.scoring import compute_scores_frame
from ingest.errors import FrameworkChoiceError
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.queries import load_all_final_levels, load_all_result_versions

PREVIEW_COLUMNS = ["agency_code", "version_before", "version_after", "index_before", "index_after",
                   "rating_before", "rating_after", "rank_before", "rank_after"]


def compute_indices(final: pd.DataFrame, framework: Framework) -> pd.Series:
    """Return the index (scale units) of every agency in `final` (one year), each from its most detailed values."""
    usable = final[final["code"].isin(framework.nodes.keys())]
    if usable.empty:
        return pd.Series(dtype="float64")
    depth = usable["code"].map({code: node.depth for code, node in framework.nodes.items()})
    chosen = usable[depth == depth.groupby(usable["agency_code"]).transform("max")]
    parts = [compute_scores_frame(group, framework, key=("agency_code", "year"), level=kind).set_index("agency_code")["index"]
             for kind, group in chosen.groupby("kind")]
    return pd.concat(parts).astype("float64")


def compute_rescore_preview(engine: Engine, code: str, year: int, catalog: FrameworkCatalog | None = None) -> pd.DataFrame:
    """Return one row per agency of `year` in framework `code`: version, index, rating and national rank before and
    after re-scoring with the newest version (see PREVIEW_COLUMNS); FrameworkChoiceError for a built-in framework."""
    catalog = catalog or FrameworkCatalog.from_store(engine)
    versions = catalog.version_frameworks(code)
    if not versions:
        raise FrameworkChoiceError(f"{code} is a built-in framework: it has no stored versions to re-score with")
    newest = max(versions)
    final = load_all_final_levels(engine, year, framework=code)
    final = final[final["value"].notna()]
    scored_with = load_all_result_versions(engine, code)
    scored_with = scored_with[scored_with["year"] == int(year)].set_index("agency_code")["framework_version"]
    agencies = sorted(set(final["agency_code"]))
    before_version = scored_with.reindex(agencies).fillna(newest).astype(int)
    before = pd.Series(np.nan, index=agencies)
    for version in sorted(set(before_version)):
        rows = final[final["agency_code"].isin(before_version.index[before_version == version])]
        before.update(compute_indices(rows, versions[version]))
    after = compute_indices(final, versions[newest]).reindex(agencies)
    frame = pd.DataFrame({"agency_code": agencies, "version_before": before_version.to_numpy(), "version_after": newest,
                          "index_before": before.to_numpy(), "index_after": after.to_numpy()})
    frame["rating_before"] = [compute_ratings([index], versions[version], year).iloc[0]
                              for index, version in zip(frame["index_before"], frame["version_before"], strict=True)]
    frame["rating_after"] = compute_ratings(frame["index_after"], versions[newest], year).to_numpy()
    for when in ("before", "after"):
        ranked = compute_rankings(frame.assign(year=int(year)), versions[newest], agency_col="agency_code",
                                  index_col=f"index_{when}")
        frame[f"rank_{when}"] = ranked["rank"].astype("Int64").to_numpy()
    return frame[PREVIEW_COLUMNS]


def changed_rows(preview: pd.DataFrame, decimals: int = 6) -> pd.DataFrame:
    """Return the preview rows whose index (to `decimals` digits), rating or rank would change."""
    index_changed = preview["index_before"].round(decimals).ne(preview["index_after"].round(decimals))
    rating_changed = preview["rating_before"].ne(preview["rating_after"])
    rank_changed = preview["rank_before"].ne(preview["rank_after"]).fillna(False)
    return preview[index_changed | rating_changed | rank_changed.astype(bool)]
