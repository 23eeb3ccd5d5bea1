"""The results of a framework computed from the store's final values (pandas): the oracle the stored results are
checked against; and the history of what a viewer may see (publication snapshots, masked, ranked among what is
shown), read from the results kept in the store. Reads go through the viewer-aware layer; the pure assembly
lives in `dashboard.logic.results` and `dashboard.logic.stored_results`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from sqlalchemy import Engine

from dashboard.logic.results import (
    RANK_COLUMNS,
    compute_scores_by_version,
    compute_version_ratings,
    index_statuses,
    province_names,
    registry_for_year,
    result_columns,
)
from dashboard.logic.stored_results import compute_stored_history
from indicators import Framework
from ingest.access import EVALUATOR_VIEWER, Viewer, facts, load_published, reads
from ingest.ranking import add_ranks

# Results are computed over the whole store and masked per viewer afterwards (`reads.filter_results`), so
# every viewer sees the same numbers for what they may see; nothing here reaches a page unmasked.
WHOLE_STORE = EVALUATOR_VIEWER



def compute_results(engine: Engine, year: int, framework: Framework, agencies: pd.DataFrame | None = None,
                    final: pd.DataFrame | None = None, taking_part: set[str] | None = None,
                    versions: Mapping[int, Framework] | None = None, scored_with: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per agency of `year` taking part in the framework, with scores and rating (NaN when not submitted).

    `taking_part` is the set of agencies that ever submitted in this framework (default: looked up);
    `versions` and `scored_with` score each result with its own framework version (see `compute_scores_by_version`).
    """
    agencies = facts.load_agencies(engine) if agencies is None else agencies
    final = (reads.load_final_levels(engine, WHOLE_STORE, year, framework=framework.code) if final is None
             else final[final["year"] == year])
    scored = compute_scores_by_version(final, framework, versions, scored_with)
    if taking_part is None:
        taking_part = set(reads.load_submissions(engine, WHOLE_STORE, framework=framework.code)["agency_code"])
    registry = registry_for_year(agencies, year)
    registry = registry[registry["code"].isin(taking_part)]
    # Agencies that submitted but fall outside the registry window are kept rather than silently lost.
    extra = agencies[agencies["code"].isin(set(scored["agency_code"]) - set(registry["code"]))]
    registry = pd.concat([registry, extra])
    names = province_names(agencies)
    frame = pd.DataFrame({
        "agency_code": registry["code"].to_numpy(),
        "agency_name": registry["name"].to_numpy(),
        "agency_type": registry["type"].to_numpy(),
        "province_code": registry["province_code"].to_numpy(),
    })
    frame["province_name"] = frame["province_code"].map(names)
    frame["year"] = int(year)
    frame = frame.merge(scored.drop(columns=["year"]), on="agency_code", how="left")
    frame["submitted"] = frame["index"].notna()
    frame = frame.join(index_statuses(frame, final), how="left")
    frame["framework_version"] = frame["framework_version"].astype("Int64")
    frame["rating"] = (compute_version_ratings(frame, framework, versions, int(year)) if len(frame)
                       else pd.Series(dtype=object))
    frame["complete"] = frame["complete"].astype("boolean")
    return frame.reindex(columns=result_columns(framework)).reset_index(drop=True)


def compute_history(engine: Engine, framework: Framework, versions: Mapping[int, Framework] | None = None,
                    final: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the results of every year in the store with national rank and rank change vs the previous year.

    With `versions` ({stored version: framework}), each result is scored with the version it was loaded under;
    `final` replaces the store's current final values (e.g. `reads.load_published_final_levels`).
    """
    agencies = facts.load_agencies(engine)
    final = reads.load_final_levels(engine, WHOLE_STORE, framework=framework.code) if final is None else final
    years = sorted(int(y) for y in reads.load_years(engine, WHOLE_STORE, framework=framework.code))
    taking_part = set(final["agency_code"])
    scored_with = reads.load_result_versions(engine, WHOLE_STORE, framework.code) if versions else None
    frames = [compute_results(engine, year, framework, agencies, final, taking_part, versions, scored_with)
              for year in years]
    if not frames:
        return pd.DataFrame(columns=[*result_columns(framework), *RANK_COLUMNS])
    history = pd.concat(frames, ignore_index=True)
    return add_ranks(history, framework)


def compute_published_history(engine: Engine, framework: Framework) -> pd.DataFrame:
    """Return the results as published: published years from their publication snapshot, other years as they are
    now (unmasked: pass it through `reads.filter_results` for a viewer).

    Read from the rows kept in the store (`published_results` for published years, `results` for the others),
    each scored with the framework version it was scored with; the pandas path it replaces
    (`compute_history` over the snapshot's final values) is the tests' oracle (tests/support/published_oracle.py).
    """
    return compute_stored_history(reads.load_published_result_rows(engine, WHOLE_STORE, framework.code), framework)


def compute_visible_history(engine: Engine, framework: Framework, viewer: Viewer,
                            versions: Mapping[int, Framework] | None = None) -> pd.DataFrame:
    """Return the results a viewer may see: the store as it is for evaluators; for anybody else the published
    years as their publication snapshot, masked and ranked among published results (`reads.filter_results`)."""
    if viewer.is_evaluator:
        return compute_history(engine, framework, versions)
    return reads.filter_results(compute_published_history(engine, framework), viewer, load_published(engine), framework)
