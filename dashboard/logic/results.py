"""Results behind every page and the CLI: one row per agency and year of one framework (no Streamlit here).

The agencies listed for a framework are those that took part in it in any year: one of them that did
not submit in a year stays in that year's table with `submitted=False` and NaN scores, so screens can
say "tidak mengisi" instead of showing a misleading 0, while a framework only a few agencies use never
lists every other agency as a non-submitter.
An agency that took part but whose index cannot be computed (values empty or reviewed Tidak Valid)
keeps `took_part=True`, `index_status` "incomplete" or "invalid" and the codes that stop it
(`empty_codes`, `invalid_codes`). `submitted` is kept for callers and means "has an index".
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from sqlalchemy import Engine

from i18n import t
from indicators import Framework
from indicators.rating import compute_ratings
from indicators.results import STATUS_COLUMNS, index_statuses  # noqa: F401 - pages import them here
from ingest.access import EVALUATOR_VIEWER, Viewer, facts, load_published, reads

# Final values are scored in ingest, so a load can show its effect before it stores anything (the CLI too).
from ingest.final_scores import INDEX_ONLY, STAGE_RANK, compute_scores_wide, group_levels, node_columns  # noqa: F401
from ingest.ranking import add_ranks

RESULT_KEYS = ["agency_code", "agency_name", "agency_type", "province_code", "province_name", "year", "submitted",
               "stage"]
PROVINCE_PREFIX = "Provinsi "
RANK_COLUMNS = ["rank", "rank_type", "rank_province", "rank_change", "percentile"]


# Results are computed over the whole store and masked per viewer afterwards (`reads.filter_results`), so
# every viewer sees the same numbers for what they may see; nothing here reaches a page unmasked.
WHOLE_STORE = EVALUATOR_VIEWER


def result_columns(framework: Framework) -> list[str]:
    """Return the columns of a results frame in order (`framework_version`: the stored version a result was scored with)."""
    return [*RESULT_KEYS, "index", "rating", *node_columns(framework), "complete", "missing", "index_kind", *STATUS_COLUMNS,
            "framework_version"]


def registry_for_year(agencies: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the evaluated agencies that existed in `year` with their province name."""
    valid_from = pd.to_numeric(agencies["valid_from"], errors="coerce")
    valid_to = pd.to_numeric(agencies["valid_to"], errors="coerce")
    alive = (valid_from.isna() | (valid_from <= year)) & (valid_to.isna() | (valid_to >= year))
    return agencies[alive & agencies["evaluated"].astype(bool)]


def province_names(agencies: pd.DataFrame) -> dict[str, str]:
    """Return province code → official (Kemendagri) province name, e.g. '32' → 'Jawa Barat'."""
    provinces = agencies[agencies["type"] == "provinsi"]
    return {code: name.removeprefix(PROVINCE_PREFIX) for code, name in zip(provinces["code"], provinces["name"],
                                                                             strict=True)}


def compute_scores_by_version(final: pd.DataFrame, framework: Framework, versions: Mapping[int, Framework] | None = None,
                              scored_with: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score every agency-year with the framework version its submissions were loaded under (see `compute_scores_wide`).

    `versions` maps each stored version to its framework and `scored_with` gives agency_code, year and
    framework_version (`reads.load_result_versions`); without them (a built-in framework) every row is
    scored with `framework` and `framework_version` stays empty. A new version never rescores earlier loads.
    """
    if not versions or scored_with is None or final.empty:
        return compute_scores_wide(final, framework).assign(framework_version=pd.NA)
    newest = max(versions)
    keys = ["agency_code", "year"]
    version_of = final[keys].merge(scored_with[[*keys, "framework_version"]], on=keys, how="left")["framework_version"]
    version_of = pd.Series(version_of.fillna(newest).astype(int).to_numpy(), index=final.index)
    parts = [compute_scores_wide(group, versions.get(version, framework)).assign(framework_version=version)
             for version, group in final.groupby(version_of)]
    return pd.concat(parts, ignore_index=True)


def version_note(versions, lang: str) -> str:
    """Return " · versi 2" (or "versi 1, 2") naming the stored framework versions results use; "" for a built-in framework."""
    found = sorted({int(v) for v in versions if v is not None and not pd.isna(v)})
    return t("framework.version", lang, versions=", ".join(map(str, found))) if found else ""


def compute_version_ratings(frame: pd.DataFrame, framework: Framework, versions: Mapping[int, Framework] | None,
                            year: int) -> pd.Series:
    """Return each row's rating with the bands of the framework version its index was scored with."""
    ratings = pd.Series(compute_ratings(frame["index"], framework, year).to_numpy(), index=frame.index, dtype=object)
    for version, rows in frame.groupby("framework_version").groups.items():
        scored = (versions or {}).get(int(version))
        if scored is not None and scored is not framework:
            ratings.loc[rows] = compute_ratings(frame.loc[rows, "index"], scored, year).to_numpy()
    return ratings


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


def compute_published_history(engine: Engine, framework: Framework,
                              versions: Mapping[int, Framework] | None = None) -> pd.DataFrame:
    """Return the results as published: published years from their publication snapshot, other years as they are
    now (unmasked: pass it through `reads.filter_results` for a viewer)."""
    return compute_history(engine, framework, versions, final=reads.load_published_final_levels(engine, framework.code))


def compute_visible_history(engine: Engine, framework: Framework, viewer: Viewer,
                            versions: Mapping[int, Framework] | None = None) -> pd.DataFrame:
    """Return the results a viewer may see: the store as it is for evaluators; for anybody else the published
    years as their publication snapshot, masked and ranked among published results (`reads.filter_results`)."""
    if viewer.is_evaluator:
        return compute_history(engine, framework, versions)
    return reads.filter_results(compute_published_history(engine, framework, versions), viewer, load_published(engine), framework)
