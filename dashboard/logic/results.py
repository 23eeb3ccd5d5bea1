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
from indicators.results import INDEX_ONLY, STATUS_COLUMNS, index_statuses  # noqa: F401 - INDEX_ONLY: screens import it here
from indicators.results import compute_scores_wide as scores_wide
from ingest import queries
from ingest.vocabulary import STAGES

RESULT_KEYS = ["agency_code", "agency_name", "agency_type", "province_code", "province_name", "year", "submitted",
               "stage"]
PROVINCE_PREFIX = "Provinsi "
RANK_COLUMNS = ["rank", "rank_type", "rank_province", "rank_change", "percentile"]
# Regencies and cities are also compared within their province.
LOCAL_TYPES = ("kabupaten", "kota")
STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}


def group_levels(framework: Framework) -> list[tuple[int, tuple]]:
    """Return (depth, nodes) for every level above the indicators, top first (SPBE: domains, then aspects)."""
    return [(depth, framework.nodes_at(depth)) for depth in range(1, framework.depth)]


def node_columns(framework: Framework) -> list[str]:
    """Return the codes of every node above the indicators, top level first (SPBE: D1..D4, A1..A8)."""
    return [node.code for _depth, nodes in group_levels(framework) for node in nodes]


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


def compute_scores_wide(final: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Score the final values of many agencies: one row per agency and year (see `indicators.results.compute_scores_wide`)."""
    return scores_wide(final, framework, STAGE_RANK)


def compute_scores_by_version(final: pd.DataFrame, framework: Framework, versions: Mapping[int, Framework] | None = None,
                              scored_with: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score every agency-year with the framework version its submissions were loaded under (see `compute_scores_wide`).

    `versions` maps each stored version to its framework and `scored_with` gives agency_code, year and
    framework_version (`queries.load_result_versions`); without them (a built-in framework) every row is
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
    agencies = queries.load_agencies(engine) if agencies is None else agencies
    final = (queries.load_final_levels(engine, year, framework=framework.code) if final is None
             else final[final["year"] == year])
    scored = compute_scores_by_version(final, framework, versions, scored_with)
    if taking_part is None:
        taking_part = set(queries.load_submissions(engine, framework=framework.code)["agency_code"])
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


def compute_history(engine: Engine, framework: Framework, versions: Mapping[int, Framework] | None = None) -> pd.DataFrame:
    """Return the results of every year in the store with national rank and rank change vs the previous year.

    With `versions` ({stored version: framework}), each result is scored with the version it was loaded under.
    """
    agencies = queries.load_agencies(engine)
    final = queries.load_final_levels(engine, framework=framework.code)
    years = sorted(int(y) for y in queries.load_years(engine, framework=framework.code))
    taking_part = set(final["agency_code"])
    scored_with = queries.load_result_versions(engine, framework.code) if versions else None
    frames = [compute_results(engine, year, framework, agencies, final, taking_part, versions, scored_with)
              for year in years]
    if not frames:
        return pd.DataFrame(columns=[*result_columns(framework), *RANK_COLUMNS])
    history = pd.concat(frames, ignore_index=True)
    return add_ranks(history, framework)


def add_ranks(history: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Add national rank, peer ranks (same type; regencies and cities also within their province) and rank change."""
    from indicators.ranking import compute_rankings

    peer_province = history["agency_type"].where(history["agency_type"].isin(LOCAL_TYPES))
    frame = history.assign(peer_province=peer_province + ":" + history["province_code"].fillna(""))
    ranked = compute_rankings(frame, framework, agency_col="agency_code", group_cols=["agency_type", "peer_province"])
    return ranked.drop(columns=["peer_province"], errors="ignore").rename(
        columns={"rank_agency_type": "rank_type", "rank_peer_province": "rank_province"})


def load_agency_levels(engine: Engine, year: int, agency_code: str, framework_code: str) -> pd.DataFrame:
    """Return every score row of one agency, year and framework across stages (the profile's table and stage history)."""
    scores = queries.load_scores(engine, year=year, framework=framework_code)
    return scores[scores["agency_code"] == agency_code].reset_index(drop=True)
