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

from i18n import t
from indicators import Framework
from indicators.rating import compute_ratings
from indicators.results import STATUS_COLUMNS, index_statuses  # noqa: F401 - pages import them here

# Final values are scored in ingest, so a load can show its effect before it stores anything (the CLI too).
from ingest.final_scores import INDEX_ONLY, STAGE_RANK, compute_scores_wide, group_levels, node_columns  # noqa: F401

RESULT_KEYS = ["agency_code", "agency_name", "agency_type", "province_code", "province_name", "year", "submitted",
               "stage"]
PROVINCE_PREFIX = "Provinsi "
RANK_COLUMNS = ["rank", "rank_type", "rank_province", "rank_change", "percentile"]


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
