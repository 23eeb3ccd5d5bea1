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

import pandas as pd
from sqlalchemy import Engine

from indicators import Framework
from indicators.rating import compute_ratings
from ingest import queries

# Final values are scored in ingest, so a load can show its effect before it stores anything (the CLI too).
from ingest.final_scores import INDEX_ONLY, STAGE_RANK, compute_scores_wide, group_levels, node_columns  # noqa: F401

RESULT_KEYS = ["agency_code", "agency_name", "agency_type", "province_code", "province_name", "year", "submitted",
               "stage"]
PROVINCE_PREFIX = "Provinsi "
RANK_COLUMNS = ["rank", "rank_type", "rank_province", "rank_change", "percentile"]
# Regencies and cities are also compared within their province.
LOCAL_TYPES = ("kabupaten", "kota")
# Why an agency has or lacks an index: see `index_statuses`.
STATUS_COLUMNS = ["took_part", "index_status", "empty_codes", "invalid_codes"]
INDEX_STATUSES = ("scored", "incomplete", "invalid", "not_submitted")


def result_columns(framework: Framework) -> list[str]:
    """Return the columns of a results frame in order."""
    return [*RESULT_KEYS, "index", "rating", *node_columns(framework), "complete", "missing", "index_kind", *STATUS_COLUMNS]


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


def compute_results(engine: Engine, year: int, framework: Framework, agencies: pd.DataFrame | None = None,
                    final: pd.DataFrame | None = None, taking_part: set[str] | None = None) -> pd.DataFrame:
    """Return one row per agency of `year` taking part in the framework, with scores and rating (NaN when not submitted).

    `taking_part` is the set of agencies that ever submitted in this framework (default: looked up).
    """
    agencies = queries.load_agencies(engine) if agencies is None else agencies
    final = (queries.load_final_levels(engine, year, framework=framework.code) if final is None
             else final[final["year"] == year])
    scored = compute_scores_wide(final, framework)
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
    frame["rating"] = compute_ratings(frame["index"], framework, int(year)) if len(frame) else pd.Series(dtype=object)
    frame["complete"] = frame["complete"].astype("boolean")
    return frame[result_columns(framework)].reset_index(drop=True)


def index_statuses(frame: pd.DataFrame, final: pd.DataFrame) -> pd.DataFrame:
    """Return per results row whether the agency took part and why it has (or lacks) an index.

    `index_status` is "scored" (has an index), "incomplete" (some values empty: `empty_codes`),
    "invalid" (values reviewed Tidak Valid: `invalid_codes`, nothing empty) or "not_submitted".
    """
    given = set(final["agency_code"])
    invalid = final[final["invalid"].astype(bool)] if "invalid" in final else final.iloc[0:0]
    invalid_by = invalid.groupby("agency_code")["code"].agg(tuple).to_dict()
    rows = []
    for code, index, missing in zip(frame["agency_code"], frame["index"], frame["missing"], strict=True):
        took_part = code in given
        bad = tuple(invalid_by.get(code, ()))
        empty = tuple(c for c in (missing if isinstance(missing, tuple | list) else ()) if c not in bad)
        if not took_part:
            status = "not_submitted"
        elif not pd.isna(index):
            status = "scored"
        else:
            status = "incomplete" if empty or not bad else "invalid"
        rows.append((took_part, status, empty, bad))
    return pd.DataFrame(rows, columns=STATUS_COLUMNS, index=frame.index)


def compute_history(engine: Engine, framework: Framework) -> pd.DataFrame:
    """Return the results of every year in the store with national rank and rank change vs the previous year."""
    agencies = queries.load_agencies(engine)
    final = queries.load_final_levels(engine, framework=framework.code)
    years = sorted(int(y) for y in queries.load_years(engine, framework=framework.code))
    taking_part = set(final["agency_code"])
    frames = [compute_results(engine, year, framework, agencies, final, taking_part) for year in years]
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
