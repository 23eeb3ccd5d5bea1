"""The viewer-aware read layer: every read takes a `Viewer` and returns only what that viewer may see.

Rules (the access matrix in docs/access.md):
- evaluator: everything, unchanged.
- agency: full detail (every stage, notes, reviews, revisions, files) of its own agencies; of the
  others only what is published.
- public: only published final results: index, rating, domain/aspect values, final indicator
  levels, ranks and trends of published years; never self-assessment (stage `mandiri`), evidence,
  explanations, justifications, review marks, files, problems or unpublished years.
A (year, framework) pair is published when an evaluator says so (`ingest.access.publication`); what
is shown of it outside a viewer's detail is its publication snapshot (the submissions current when it
was published or last republished), never a later load. Final values are computed first and masked
afterwards, so every viewer sees the same numbers for what they may see. The public API (also for a
static site reading as `PUBLIC_VIEWER`) is documented in docs/security.md.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence

import pandas as pd
from sqlalchemy import Engine, select

from indicators import Framework
from indicators.commitments import compute_commitment_status
from ingest import queries
from ingest.access.publication import load_published, load_snapshots
from ingest.access.users import count_users
from ingest.access.viewer import EVALUATOR, Viewer
from ingest.errors import AccessDenied, StoreError
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.ranking import add_ranks
from ingest.result_aggregates import (
    EVERYTHING,
    Aggregates,
    Scope,
    load_agency_history,
    load_aggregates,
    load_node_means,
    load_previous_year,
    load_ranked_year,
)
from ingest.result_queries import (
    load_agency_submission_rows,
    load_published_stored_final_levels,
    load_published_stored_results,
    load_stored_final_levels,
    load_stored_partners,
    load_stored_results,
    select_as_published,
)
from ingest.store.schema import agencies, commitments, published_results, results
from ingest.vocabulary import SELF_ASSESSMENT_STAGE, STAGES, UNPUBLISHED

SELF_ASSESSMENT = SELF_ASSESSMENT_STAGE  # the agency's own stage is never public
DETAIL_COLUMNS = ["review", "sheet", "cell", "explanation", "evidence", "justification", "file_id"]
NOTE_COLUMNS = ["explanation", "evidence", "justification", "review"]
RANK_COLUMNS = ["rank", "rank_type", "rank_province", "rank_change", "percentile"]
# index_status of another agency's row without a published result: no reason, stage or review mark shown.


def _detail_mask(frame: pd.DataFrame, viewer: Viewer, column: str = "agency_code") -> pd.Series:
    if viewer.role == EVALUATOR:
        return pd.Series(True, index=frame.index)
    return frame[column].isin(viewer.agency_codes)


def _published_mask(frame: pd.DataFrame, published: frozenset[tuple[int, str]]) -> pd.Series:
    # Publication is per year × framework: a row counts only under its own framework's setting.
    return pd.Series([(int(y), str(f)) in published for y, f in zip(frame["year"], frame["framework_code"], strict=True)],
                     index=frame.index, dtype=bool)


def _public_final(final: pd.DataFrame) -> pd.DataFrame:
    # A value whose latest stage is the self-assessment is not a result; review marks stay hidden.
    shown = final[final["stage"] != SELF_ASSESSMENT].copy()
    shown["invalid"] = False
    return shown


def load_years(engine: Engine, viewer: Viewer, framework: str | None = None) -> list[int]:
    """Return the years the viewer may see anything of (in one framework when given), ascending."""
    years = queries.load_all_years(engine, framework=framework)
    if viewer.role == EVALUATOR:
        return years
    visible = {y for y, code in load_published(engine) if framework in (None, code)}
    if viewer.agency_codes:
        subs = queries.load_all_submissions(engine, framework=framework)
        visible |= set(subs.loc[subs["agency_code"].isin(viewer.agency_codes), "year"].astype(int))
    return sorted(y for y in years if y in visible)


def _published_rows(engine: Engine, loader, year: int | None, framework: str | None) -> pd.DataFrame:
    """Return `loader`'s rows (scores or submissions) of every published year × framework as published: the
    revisions of its latest snapshot (a pair published before snapshots existed: its current rows)."""
    published = load_published(engine)
    snapshots = {key: ids for key, (_at, ids) in load_snapshots(engine).items()
                 if key in published and year in (None, key[0]) and framework in (None, key[1])}
    ids = set().union(*snapshots.values()) if snapshots else set()
    parts = [loader(engine, year=year, framework=framework, submission_ids=ids)]
    unsnapped = frozenset(published - set(snapshots))
    if unsnapped:
        current = loader(engine, year=year, framework=framework)
        parts.append(current[_published_mask(current, unsnapped)])
    return pd.concat(parts, ignore_index=True)


def load_result_rows(engine: Engine, viewer: Viewer, framework_code: str) -> pd.DataFrame:
    """Return the results kept in the store at load, one row per agency × year (`result_queries.load_stored_results`):
    the whole store's, so for an evaluator only (everybody else reads the published history, masked)."""
    if viewer.role != EVALUATOR:
        raise AccessDenied("the stored results of every agency are for evaluators; read the published history")
    return load_stored_results(engine, framework_code)


def load_published_result_rows(engine: Engine, viewer: Viewer, framework_code: str) -> pd.DataFrame:
    """Return the stored results as published, one row per agency × year (`result_queries.load_published_stored_results`):
    published years from their publication snapshot's copy, other years as now, unmasked, so for an evaluator only
    (the shared published history is computed from them once and masked per viewer by `filter_results`)."""
    if viewer.role != EVALUATOR:
        raise AccessDenied("the stored results of every agency are for evaluators; read the published history")
    return load_published_stored_results(engine, framework_code)


def load_final_levels(engine: Engine, viewer: Viewer, year: int | None = None,
                      framework: str | None = None) -> pd.DataFrame:
    """Return final values per agency × year × framework × code (see `queries.compute_final_levels`) the viewer may see.

    Outside the viewer's detail the values are those of the publication snapshot (see `load_published_final_levels`).
    """
    final = load_stored_final_levels(engine, year, framework=framework)  # kept at load, not recomputed per read
    if viewer.role == EVALUATOR:
        return final
    detail = _detail_mask(final, viewer)
    # Published pairs only, as their snapshot's copy kept at publication (not recomputed per read).
    others = load_published_stored_final_levels(engine, year, framework, published_only=True)
    others = _public_final(others[~_detail_mask(others, viewer)])
    return pd.concat([final[detail], others], ignore_index=True)


def load_published_final_levels(engine: Engine, framework: str) -> pd.DataFrame:
    """Return the final values as published, unmasked (for results computed once and masked per viewer): published
    years × framework from their latest snapshot (the copy kept at publication), other years as they are now."""
    return load_published_stored_final_levels(engine, framework=framework)


def _masked_scores(final: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    shown = final.assign(revision=pd.NA, **{c: None for c in DETAIL_COLUMNS})
    return shown[columns]


def load_scores(engine: Engine, viewer: Viewer, year: int | None = None, stage: str | None = None,
                framework: str | None = None, agency_code: str | None = None) -> pd.DataFrame:
    """Return the long score table (see `queries.load_all_scores`) the viewer may see.

    Agencies outside the viewer's detail appear only in published years, with the final values of the
    publication snapshot as single rows (notes, reviews, cells and files empty; never the self-assessment).
    """
    full = queries.load_all_scores(engine, year=year, framework=framework, agency_code=agency_code)
    if viewer.role != EVALUATOR:
        detail = _detail_mask(full, viewer)
        others = _published_rows(engine, queries.load_all_scores, year, framework)
        public = _public_final(queries.compute_final_levels(others[~_detail_mask(others, viewer)]))
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
    """Return submissions the viewer may see: own agencies' all, others' published (snapshot) non-self-assessment, no files."""
    subs = queries.load_all_submissions(engine, year=year, current_only=current_only, framework=framework)
    if viewer.role == EVALUATOR:
        return subs
    detail = _detail_mask(subs, viewer)
    others = _published_rows(engine, queries.load_all_submissions, year, framework)
    others = others[~_detail_mask(others, viewer) & (others["stage"] != SELF_ASSESSMENT)]
    others = others.assign(file_id=pd.NA, sheet=None)
    return pd.concat([subs[detail], others], ignore_index=True)


def _own_file_ids(engine: Engine, viewer: Viewer) -> set[int]:
    subs = queries.load_all_submissions(engine, current_only=False)
    return set(subs.loc[subs["agency_code"].isin(viewer.agency_codes), "file_id"].astype(int))


def load_files(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Return stored files' metadata and problems: all for evaluators, own agencies' files for agencies, none for the public."""
    frame = queries.load_all_files(engine)
    if viewer.role == EVALUATOR:
        return frame
    return frame[frame["id"].isin(_own_file_ids(engine, viewer))].reset_index(drop=True)


def load_file_content(engine: Engine, viewer: Viewer, file_id: int) -> bytes:
    """Return a stored file's bytes when the viewer may have it; raises `AccessDenied` otherwise."""
    if viewer.role != EVALUATOR and int(file_id) not in _own_file_ids(engine, viewer):
        raise AccessDenied("this file belongs to an agency whose detail you may not see")
    return queries.load_all_file_content(engine, file_id)


def filter_results(history: pd.DataFrame, viewer: Viewer, published: frozenset[tuple[int, str]],
                   framework: Framework) -> pd.DataFrame:
    """Return the rows of a results frame (`dashboard` history: one row per agency × year) the viewer may see.

    Other agencies appear only in published years; a result resting on the self-assessment alone is
    blanked; another agency's row without a published result says only that (`index_status`
    "unpublished": no stage, review marks or reasons). Ranks are ranks among the published results
    (the same for every viewer, no gaps); unpublished years and changes against them have none.
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
    self_only = frame["stage"] == SELF_ASSESSMENT
    if (self_only & ~detail).any():
        frame.loc[self_only & ~detail, scores] = pd.NA
        frame.loc[self_only & ~detail, "submitted"] = False
    if "index_status" in frame:
        hidden = ~detail & (frame["index_status"] != "not_submitted") & frame["index"].isna()
        frame.loc[hidden, "index_status"] = UNPUBLISHED
        frame.loc[hidden, "stage"] = None
        for column in ("empty_codes", "invalid_codes"):
            frame[column] = [() if h else v for h, v in zip(hidden, frame[column], strict=True)]
    # Ranked among the published results only: a self-assessment or a hidden year leaves no gap.
    rankable = year_public & ~self_only
    if "agency_type" in frame:
        unranked = frame.drop(columns=RANK_COLUMNS, errors="ignore")
        ranked = add_ranks(unranked.assign(index=frame["index"].where(rankable)), framework)
        for column in RANK_COLUMNS:
            frame[column] = ranked[column]
    ranks = [c for c in RANK_COLUMNS if c in frame]
    frame.loc[~year_public, ranks] = pd.NA
    if "rank_change" in frame:
        frame.loc[~prev_public, "rank_change"] = pd.NA
    return frame.reset_index(drop=True)


def load_result_versions(engine: Engine, viewer: Viewer, framework: str | None = None) -> pd.DataFrame:
    """Return the framework version each agency-year's results are scored with (`queries.load_all_result_versions`),
    for the year × framework pairs the viewer may see (published ones, and their own agencies' for agency users)."""
    scored = queries.load_all_result_versions(engine, framework)
    if viewer.role == EVALUATOR or scored.empty:
        return scored
    visible = _published_mask(scored, frozenset(load_published(engine)))
    if viewer.agency_codes:
        visible |= scored["agency_code"].isin(viewer.agency_codes)
    return scored[visible].reset_index(drop=True)


def load_framework_years(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Return which frameworks the viewer may see in which years: year, framework_code, agencies (count of all)."""
    used = queries.load_all_framework_years(engine)
    if viewer.role == EVALUATOR or used.empty:
        return used
    visible = set(load_published(engine))
    if viewer.agency_codes:
        subs = queries.load_all_submissions(engine)
        own = subs[subs["agency_code"].isin(viewer.agency_codes)]
        visible |= set(zip(own["year"].astype(int), own["framework_code"], strict=True))
    return used[_published_mask(used, frozenset(visible))].reset_index(drop=True)


def demo_forced() -> bool:
    """True when the operator set `TERA_DEMO=1`: every anonymous visitor is a demo evaluator, whatever the store holds."""
    return os.environ.get("TERA_DEMO", "").strip() == "1"


def default_viewer(engine: Engine, provider_configured: bool) -> Viewer:
    """Return the viewer of a visitor who has not signed in: public, or a demo evaluator while nothing is real.

    The demo evaluator applies only while every file and submission in the store is sample data, there
    are no users and no identity provider is set up (or `TERA_DEMO=1` says so explicitly). The first
    real file ends it for good: stored files are never deleted, and the sample is what `clear-sample` removes.
    """
    if demo_forced():
        return Viewer(role=EVALUATOR, demo=True)
    if provider_configured or queries.store_has_real_data(engine) or not queries.store_has_sample(engine):
        return Viewer()
    return Viewer(role=EVALUATOR, demo=True) if count_users(engine) == 0 else Viewer()


def _preferred(catalog: FrameworkCatalog, year: int, codes: list[str]) -> str:
    # The year's default framework when the viewer may see it, else the first one they may.
    try:
        default = catalog.default_code(year)
    except Exception:  # noqa: BLE001 - no default for the year only changes the choice
        default = None
    return default if default in codes else codes[0]


def load_levels_table(engine: Engine, viewer: Viewer, year: int, agency_code: str, lang: str = "id",
                      framework_code: str | None = None) -> pd.DataFrame:
    """Return one row per indicator of an agency's year: code, name, level, the level of each stage and the notes.

    Columns the viewer may not see are left out (code, name, level only outside their detail);
    raises `AccessDenied` for an unpublished year outside the viewer's detail, `StoreError` when empty.
    """
    detail = viewer.sees_detail(agency_code)
    rows = load_agency_levels(engine, viewer, year, agency_code, framework=framework_code)
    if not detail and rows.empty:
        # Same answer whether nothing was sent, only a self-assessment, or an unpublished framework: none is published.
        raise AccessDenied(f"the results of {agency_code} for {year} are not published")
    if rows.empty:
        raise StoreError(f"no indicator levels of {agency_code} for {year} in the store")
    # Only frameworks the viewer may see are candidates, so the default never lands on an unpublished one.
    catalog = FrameworkCatalog.from_store(engine)
    visible = list(dict.fromkeys(rows["framework_code"]))
    framework = catalog.get(framework_code or _preferred(catalog, year, visible))
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
    # Only the commitments' agencies of the registry (a profile asks on every first view; the registry may be 20,000).
    registry = queries._frame(engine, select(agencies.c.code.label("agency_code"), agencies.c.name.label("agency_name"),
                                             agencies.c.type.label("agency_type"), agencies.c.province_code)
                              .where(agencies.c.code.in_(sorted(set(rows["agency_code"])))))
    rows = rows.merge(registry, on="agency_code", how="left")
    levels, statuses = [], []
    finals: dict[tuple[int, str], tuple[dict[tuple[str, str], float], set[str]]] = {}
    for item in rows.itertuples(index=False):
        key = (int(item.target_year), str(item.framework_code))
        if key not in finals:
            final = _final_levels_of(engine, viewer, key[0], key[1],
                                     set(rows.loc[(rows["target_year"].astype(int) == key[0])
                                                  & (rows["framework_code"] == key[1]), "agency_code"]))
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


# --- ranks and aggregates computed in SQL (issue 20) ---


# The public source of ranks and aggregates: published year × framework pairs from their publication snapshot's
# copy (`published_results`), every other pair (an agency user's own unpublished years) as it is now.
PUBLIC_RESULTS = select_as_published(results, published_results)


def _result_scope(engine: Engine, viewer: Viewer, framework_code: str) -> Scope:
    """The part of the kept results a viewer reads ranks and aggregates from: everything for evaluators; for anybody
    else the published years (ranked among published results, a self-assessment alone blanked outside their detail)."""
    if viewer.role == EVALUATOR:
        return EVERYTHING
    years = frozenset(int(y) for y, code in load_published(engine) if code == framework_code)
    return Scope(table=PUBLIC_RESULTS, years=years, self_assessment=SELF_ASSESSMENT, detail=frozenset(viewer.agency_codes))


def load_ranked_results(engine: Engine, viewer: Viewer, framework_code: str, year: int) -> pd.DataFrame:
    """Return one year's kept results the viewer may see with rank, rank_type, rank_province, rank_change and
    percentile computed in SQL (`result_aggregates.load_ranked_year`): what `filter_results` leaves of that year."""
    scope = _result_scope(engine, viewer, framework_code)
    if scope.allows(year):
        return load_ranked_year(engine, framework_code, year, scope)
    # An unpublished year: only the viewer's own agencies, unranked (ranks are ranks among published results).
    own = load_ranked_year(engine, framework_code, year)
    own = own[own["agency_code"].isin(viewer.agency_codes)].reset_index(drop=True)
    return own.assign(**{column: pd.array([pd.NA] * len(own), dtype="Int64") for column in RANK_COLUMNS[:-1]},
                      percentile=float("nan"))


def load_agency_results(engine: Engine, viewer: Viewer, framework_code: str, agency_code: str) -> pd.DataFrame:
    """Return one agency's kept results of every year the viewer may see, oldest first, with the ranks
    `load_ranked_results` gives them (`result_aggregates.load_agency_history`): the agency's rows of what
    `filter_results` leaves of the history, reading only that agency's rows and a count per year."""
    return load_agency_history(engine, framework_code, agency_code, _result_scope(engine, viewer, framework_code))


def load_previous_result_year(engine: Engine, viewer: Viewer, framework_code: str, year: int) -> int | None:
    """Return the latest year before `year` of the kept results the viewer may see nationally (published years for
    everybody but evaluators), or None (`result_aggregates.load_previous_year`)."""
    return load_previous_year(engine, framework_code, year, _result_scope(engine, viewer, framework_code))


def load_result_aggregates(engine: Engine, viewer: Viewer, framework_code: str, year: int | None = None,
                           by: str | None = None, types: Collection[str] | None = None,
                           national: bool = False) -> Aggregates:
    """Return counts, mean, median, minimum and maximum of the index and rating counts (`result_aggregates.
    load_aggregates`) of the results the viewer may see; `national`: of published years only, for everybody but
    evaluators (an agency user's own rows of other years left out)."""
    return load_aggregates(engine, framework_code, year, by, _result_scope(engine, viewer, framework_code), types,
                           detail_everywhere=not national)


def load_result_node_means(engine: Engine, viewer: Viewer, framework_code: str, codes: Sequence[str],
                           national: bool = False) -> pd.DataFrame:
    """Return per year the mean index and mean score of each node in `codes` over the results the viewer may see
    (`result_aggregates.load_node_means`); `national` as in `load_result_aggregates`."""
    return load_node_means(engine, framework_code, codes, _result_scope(engine, viewer, framework_code),
                           detail_everywhere=not national)


# --- one agency's profile (issue 20): the rows a profile shows, not the year's ---


def load_agency_final_levels(engine: Engine, viewer: Viewer, year: int, agency_code: str,
                             framework: str) -> pd.DataFrame:
    """Return one agency's final values of a year in one framework as the viewer may see them: the agency's rows of
    `load_final_levels` (kept at load within the viewer's detail, the publication snapshot's outside it), reading
    that agency's rows only."""
    if viewer.sees_detail(agency_code):
        return load_stored_final_levels(engine, year, framework=framework, agency_code=agency_code)
    # The publication snapshot's copy kept at publication, of this agency only.
    return _public_final(load_published_stored_final_levels(engine, year, framework, published_only=True,
                                                            agency_code=agency_code)).reset_index(drop=True)


def load_learning_partners(engine: Engine, viewer: Viewer, year: int, framework: str, agency_code: str,
                           agency_type: str, thresholds: dict[str, float], per_indicator: int = 3) -> pd.DataFrame:
    """Return an agency's candidate learning partners from the results kept in the store
    (`result_queries.load_stored_partners`: same type, with a result, value at least the threshold of each indicator
    asked): the current results of every agency, so for evaluators only (everybody else's come from the published
    final values and history)."""
    if viewer.role != EVALUATOR:
        raise AccessDenied("the stored results of every agency are for evaluators; read the published final values")
    return load_stored_partners(engine, year, framework, agency_code, agency_type, thresholds, per_indicator)


def load_agency_revisions(engine: Engine, viewer: Viewer, agency_code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return one agency's submission revisions and their files' metadata (no problem reports) for a viewer who sees
    the agency's detail (`result_queries.load_agency_submission_rows`); raises `AccessDenied` for anyone else."""
    if not viewer.sees_detail(agency_code):
        raise AccessDenied("an agency's revisions and files are for evaluators and the agency's own users")
    return load_agency_submission_rows(engine, agency_code)


def _final_levels_of(engine: Engine, viewer: Viewer, year: int, framework: str, agency_codes: set[str]) -> pd.DataFrame:
    """Return the rows of `load_final_levels` of a few agencies: for an evaluator those agencies' rows only (the
    commitments' status reads its agencies, not the year's); for others the published year's, filtered."""
    if viewer.role == EVALUATOR:
        return load_stored_final_levels(engine, year, framework=framework, agency_code=agency_codes)
    final = load_final_levels(engine, viewer, year, framework=framework)
    return final[final["agency_code"].isin(agency_codes)]
