"""The viewer-aware read layer: every read takes a `Viewer` and returns only what that viewer may see.

Rules (the access matrix in docs/access.md):
- evaluator: everything, unchanged.
- agency: full detail (every stage, notes, reviews, revisions, files) of its own agencies; of the
  others only what is published.
- public: only published final results: index, rating, domain/aspect values, final indicator
  levels, ranks and trends of published years; never self-assessment (stage `mandiri`), evidence,
  explanations, justifications, review marks, files, problems or unpublished years.
A (year, framework) pair is published when an evaluator says so (`ingest.access.publication`).
Final values are computed from the whole store first and masked afterwards, so every viewer sees the
same numbers for what they may see.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from indicators import Framework
from indicators.commitments import compute_commitment_status
from ingest import queries
from ingest.access.publication import load_published
from ingest.access.users import count_users
from ingest.access.viewer import EVALUATOR, Viewer
from ingest.errors import AccessDenied, StoreError
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.result_queries import load_stored_final_levels
from ingest.store.schema import commitments
from ingest.vocabulary import SELF_ASSESSMENT_STAGE, STAGES

SELF_ASSESSMENT = SELF_ASSESSMENT_STAGE  # the agency's own stage is never public
DETAIL_COLUMNS = ["review", "sheet", "cell", "explanation", "evidence", "justification", "file_id"]
NOTE_COLUMNS = ["explanation", "evidence", "justification", "review"]
RANK_COLUMNS = ["rank", "rank_type", "rank_province", "rank_change", "percentile"]


def _detail_mask(frame: pd.DataFrame, viewer: Viewer, column: str = "agency_code") -> pd.Series:
    if viewer.role == EVALUATOR:
        return pd.Series(True, index=frame.index)
    return frame[column].isin(viewer.agency_codes)


def load_published_pairs(engine: Engine, year: int | None = None) -> pd.DataFrame:
    """Return the (agency_code, year) pairs whose current submissions fall under a published (year, framework)."""
    published = load_published(engine)
    subs = queries.load_submissions(engine, year=year)
    if subs.empty or not published:
        return pd.DataFrame({"agency_code": pd.Series(dtype=object), "year": pd.Series(dtype="int64")})
    keys = list(zip(subs["year"].astype(int), subs["framework_code"], strict=True))
    chosen = subs[[key in published for key in keys]]
    return chosen[["agency_code", "year"]].drop_duplicates().reset_index(drop=True)


def _in_pairs(frame: pd.DataFrame, pairs: pd.DataFrame) -> pd.Series:
    wanted = set(zip(pairs["agency_code"], pairs["year"].astype(int), strict=True))
    return pd.Series([(a, int(y)) in wanted for a, y in zip(frame["agency_code"], frame["year"], strict=True)],
                     index=frame.index, dtype=bool)


def _public_final(final: pd.DataFrame) -> pd.DataFrame:
    # A value whose latest stage is the self-assessment is not a result; review marks stay hidden.
    shown = final[final["stage"] != SELF_ASSESSMENT].copy()
    shown["invalid"] = False
    return shown


def load_years(engine: Engine, viewer: Viewer) -> list[int]:
    """Return the years the viewer may see anything of, ascending."""
    years = queries.load_years(engine)
    if viewer.role == EVALUATOR:
        return years
    pairs = load_published_pairs(engine)
    visible = set(pairs["year"].astype(int))
    if viewer.agency_codes:
        subs = queries.load_submissions(engine)
        visible |= set(subs.loc[subs["agency_code"].isin(viewer.agency_codes), "year"].astype(int))
    return sorted(y for y in years if y in visible)


def load_final_levels(engine: Engine, viewer: Viewer, year: int | None = None,
                      framework: str | None = None) -> pd.DataFrame:
    """Return final values per agency × year × framework × code (see `queries.compute_final_levels`) the viewer may see."""
    final = load_stored_final_levels(engine, year, framework=framework)  # kept at load, not recomputed per read
    if viewer.role == EVALUATOR:
        return final
    detail = _detail_mask(final, viewer)
    others = final[~detail]
    others = _public_final(others[_in_pairs(others, load_published_pairs(engine, year))])
    return pd.concat([final[detail], others]).sort_index(kind="stable").reset_index(drop=True)


def _masked_scores(final: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    shown = final.assign(revision=pd.NA, **{c: None for c in DETAIL_COLUMNS})
    return shown[columns]


def load_scores(engine: Engine, viewer: Viewer, year: int | None = None, stage: str | None = None,
                framework: str | None = None, agency_code: str | None = None) -> pd.DataFrame:
    """Return the long score table (see `queries.load_scores`) the viewer may see.

    Agencies outside the viewer's detail appear only in published years, with their final values as
    single rows (notes, reviews, cells and files empty; never the self-assessment).
    """
    full = queries.load_scores(engine, year=year, framework=framework, agency_code=agency_code)
    if viewer.role != EVALUATOR:
        detail = _detail_mask(full, viewer)
        others = full[~detail]
        others = others[_in_pairs(others, load_published_pairs(engine, year))]
        public = _public_final(queries.compute_final_levels(others))
        full = pd.concat([full[detail], _masked_scores(public, list(full.columns))], ignore_index=True)
    if stage is not None:
        full = full[full["stage"] == stage]
    return full.reset_index(drop=True)


def load_agency_levels(engine: Engine, viewer: Viewer, year: int, agency_code: str,
                       framework: str | None = None) -> pd.DataFrame:
    """Return every score row of one agency and year (in one framework when given) the viewer may see."""
    scores = load_scores(engine, viewer, year=year, framework=framework, agency_code=agency_code)
    return scores[scores["agency_code"] == agency_code].reset_index(drop=True)


def load_submissions(engine: Engine, viewer: Viewer, year: int | None = None, current_only: bool = True,
                     framework: str | None = None) -> pd.DataFrame:
    """Return submissions the viewer may see: own agencies' all, others' published non-self-assessment, no files."""
    subs = queries.load_submissions(engine, year=year, current_only=current_only, framework=framework)
    if viewer.role == EVALUATOR:
        return subs
    detail = _detail_mask(subs, viewer)
    others = subs[~detail]
    others = others[_in_pairs(others, load_published_pairs(engine, year)) & (others["stage"] != SELF_ASSESSMENT)]
    others = others.assign(file_id=pd.NA, sheet=None)
    return pd.concat([subs[detail], others]).sort_index(kind="stable").reset_index(drop=True)


def _own_file_ids(engine: Engine, viewer: Viewer) -> set[int]:
    subs = queries.load_submissions(engine, current_only=False)
    return set(subs.loc[subs["agency_code"].isin(viewer.agency_codes), "file_id"].astype(int))


def load_files(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Return stored files' metadata and problems: all for evaluators, own agencies' files for agencies, none for the public."""
    frame = queries.load_files(engine)
    if viewer.role == EVALUATOR:
        return frame
    return frame[frame["id"].isin(_own_file_ids(engine, viewer))].reset_index(drop=True)


def load_file_content(engine: Engine, viewer: Viewer, file_id: int) -> bytes:
    """Return a stored file's bytes when the viewer may have it; raises `AccessDenied` otherwise."""
    if viewer.role != EVALUATOR and int(file_id) not in _own_file_ids(engine, viewer):
        raise AccessDenied("this file belongs to an agency whose detail you may not see")
    return queries.load_file_content(engine, file_id)


def filter_results(history: pd.DataFrame, viewer: Viewer, published: frozenset[tuple[int, str]],
                   framework: Framework) -> pd.DataFrame:
    """Return the rows of a results frame (`dashboard` history: one row per agency × year) the viewer may see.

    Other agencies appear only in published years; a result resting on the self-assessment alone is
    blanked; ranks of unpublished years and rank changes against an unpublished year are blanked.
    """
    if viewer.role == EVALUATOR or history.empty:
        return history
    years = history["year"].astype(int)
    year_public = years.map(lambda y: (y, framework.code) in published)
    prev_public = years.map(lambda y: (y - 1, framework.code) in published)
    detail = _detail_mask(history, viewer)
    frame = history[detail | year_public].copy()
    detail, year_public, prev_public = detail[frame.index], year_public[frame.index], prev_public[frame.index]
    scores = [c for c in frame.columns if c in ("index", "rating", *RANK_COLUMNS) or c in framework.nodes]
    self_only = ~detail & (frame["stage"] == SELF_ASSESSMENT)
    if self_only.any():
        frame.loc[self_only, scores] = pd.NA
        frame.loc[self_only, "submitted"] = False
    ranks = [c for c in RANK_COLUMNS if c in frame]
    frame.loc[~year_public, ranks] = pd.NA
    if "rank_change" in frame:
        frame.loc[~prev_public, "rank_change"] = pd.NA
    return frame.reset_index(drop=True)


def default_viewer(engine: Engine, provider_configured: bool) -> Viewer:
    """Return the viewer of a visitor who has not signed in: public, or a demo evaluator on a store with the sample.

    The demo evaluator applies only while the store holds the sample data, has no users and no
    identity provider is set up, so the first start of a fresh checkout still shows everything (and
    a file uploaded to try it out does not lock the visitor out); clearing the sample or adding the
    first user ends it.
    """
    if not provider_configured and queries.store_has_sample(engine) and count_users(engine) == 0:
        return Viewer(role=EVALUATOR, demo=True)
    return Viewer()


def load_levels_table(engine: Engine, viewer: Viewer, year: int, agency_code: str, lang: str = "id",
                      framework_code: str | None = None) -> pd.DataFrame:
    """Return one row per indicator of an agency's year: code, name, level, the level of each stage and the notes.

    Columns the viewer may not see are left out (code, name, level only outside their detail);
    raises `AccessDenied` for an unpublished year outside the viewer's detail, `StoreError` when empty.
    """
    detail = viewer.sees_detail(agency_code)
    rows = load_agency_levels(engine, viewer, year, agency_code)
    if not detail and rows.empty:
        # Same answer whether nothing was sent or only a self-assessment: neither is published.
        raise AccessDenied(f"the results of {agency_code} for {year} are not published")
    subs = queries.load_submissions(engine, year=year)
    codes = subs.loc[subs["agency_code"] == agency_code, "framework_code"]
    if framework_code is not None:
        codes = codes[codes == framework_code]
    if rows.empty or codes.empty:
        raise StoreError(f"no indicator levels of {agency_code} for {year} in the store")
    framework = FrameworkCatalog.from_store(engine).get(framework_code or codes.mode().iloc[0])
    rows = rows[rows["framework_code"] == framework.code]
    indicators = rows[rows["kind"] == "indicator"]
    final = queries.compute_final_levels(indicators)
    if not detail:
        final = _public_final(final)
    table = pd.DataFrame({"code": [n.code for n in framework.leaves],
                          "name": [framework.name_of(n.code, lang) for n in framework.leaves]})
    table["level"] = table["code"].map(final.set_index("code")["value"])
    if not detail:
        return table
    ordered = indicators.assign(rank=indicators["stage"].map({s: r for r, s in enumerate(STAGES)}))
    ordered = ordered.sort_values("rank", kind="stable")
    for stage in STAGES:
        table[f"level_{stage}"] = table["code"].map(ordered[ordered["stage"] == stage].set_index("code")["value"])
    for column in NOTE_COLUMNS:
        given = ordered[ordered[column].notna() & (ordered[column].astype(str).str.strip() != "")]
        table[column] = table["code"].map(given.drop_duplicates("code", keep="last").set_index("code")[column])
    return table


# --- commitments (issue 21) ---

COMMITMENT_COLUMNS = ["id", "agency_code", "agency_name", "agency_type", "province_code", "framework_code",
                      "indicator", "target_level", "target_year", "base_year", "base_level", "level", "status",
                      "responsible", "note", "meeting", "public", "created_by", "created_at", "withdrawn_at",
                      "withdrawn_by", "withdrawn_reason", "carried_from"]


def load_commitments(engine: Engine, viewer: Viewer, *, agency_code: str | None = None,
                     framework: str | None = None) -> pd.DataFrame:
    """Return the commitments the viewer may see, each with its target round's final level and status.

    Evaluators see all; an agency's users their own agencies' and the public ones; the public only
    those of meetings an evaluator made public. The status (`indicators.commitments`) reads the
    target round's final levels as this viewer may see them, never a self-assessment: a result the
    viewer may not see leaves the commitment open.
    """
    query = select(commitments).order_by(commitments.c.id)
    if agency_code is not None:
        query = query.where(commitments.c.agency_code == agency_code)
    if framework is not None:
        query = query.where(commitments.c.framework_code == framework)
    with engine.connect() as conn:
        rows = pd.DataFrame([dict(r) for r in conn.execute(query).mappings()],
                            columns=[c.name for c in commitments.columns])
    if viewer.role != EVALUATOR:
        rows = rows[rows["public"].astype(bool) | _detail_mask(rows, viewer)]
    registry = queries.load_agencies(engine)[["code", "name", "type", "province_code"]].rename(
        columns={"code": "agency_code", "name": "agency_name", "type": "agency_type"})
    rows = rows.merge(registry, on="agency_code", how="left")
    levels, statuses = [], []
    finals: dict[tuple[int, str], tuple[dict[tuple[str, str], float], set[str]]] = {}
    for item in rows.itertuples(index=False):
        key = (int(item.target_year), str(item.framework_code))
        if key not in finals:
            final = load_final_levels(engine, viewer, key[0], framework=key[1])
            final = final[final["stage"] != SELF_ASSESSMENT]
            given = final[(final["kind"] == "indicator") & final["value"].notna()]
            finals[key] = (dict(zip(zip(given["agency_code"], given["code"], strict=True), given["value"].astype(float),
                                    strict=True)), set(final["agency_code"]))
        values, took_part = finals[key]
        level = values.get((item.agency_code, item.indicator))
        levels.append(level)
        statuses.append(compute_commitment_status(item.target_level, item.base_level, level,
                                                  has_result=item.agency_code in took_part,
                                                  withdrawn=pd.notna(item.withdrawn_at)))
    rows = rows.assign(level=levels, status=statuses)
    return rows.reindex(columns=COMMITMENT_COLUMNS).reset_index(drop=True)
