"""Cached shell around `dashboard.logic.results` and `ingest.access.reads`: every frame is read for a viewer.

Frames are cached by (store URL, framework, year, data-as-of stamp, publication stamp, viewer scope):
a new load or a publication change alters a stamp, so the next run recomputes, and a warm rerun only
pays for drawing. With several app processes on one store, `check_data_version` (called by the shell on
every rerun) drops this process's cached frames as soon as the store-wide data version moves. Every reader takes the framework code and the `Viewer`; pages never filter on their
own. Frameworks come from the store's catalogue (built-in files and the versions evaluators added),
cached per catalogue stamp.
"""

from __future__ import annotations

import threading

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard.state import history as history_state
from indicators import Framework
from ingest.access import Viewer

# Frames every session only reads are kept once per process in `st.cache_resource`: `st.cache_data` unpickles a
# copy for every hit, a per-session cost that grows with the data. They are shared: no caller may change them in
# place (pandas' copy-on-write keeps filtered or assigned frames separate; never write into the frame returned).
_shared_frame = st.cache_resource


@st.cache_resource(show_spinner=False)
def get_store(db_url: str | None = None) -> Engine:
    """Return the store engine (migrated on first open) for the URL, `DATABASE_URL` or the default file."""
    from ingest.store import get_engine

    return get_engine(db_url)


@st.cache_resource(show_spinner=False, max_entries=8)
def _catalog(db_url: str, stamp: str):
    from ingest.frameworks.catalog import FrameworkCatalog

    return FrameworkCatalog.from_store(get_store(db_url))


@st.cache_data(ttl=30, show_spinner=False)
def _framework_facts(db_url: str) -> tuple[str, tuple[tuple[int, str, int], ...], tuple[tuple[str, int, int, int], ...]]:
    # (catalogue stamp, (year, framework code, agencies) with current data, (code, year, version, agencies) scored
    # with each stored version); the stamp changes when a version is added, the last part after a rescore.
    from ingest.access import EVALUATOR_VIEWER
    from ingest.access.facts import load_framework_versions
    from ingest.access.reads import load_framework_years, load_result_versions

    engine = get_store(db_url)
    versions = load_framework_versions(engine)
    stamp = ",".join(f"{row['code']}:{row['version']}" for row in versions)
    used = load_framework_years(engine, EVALUATOR_VIEWER)  # every framework in use; pages get `framework_years`
    scored = load_result_versions(engine, EVALUATOR_VIEWER)
    scored = scored[scored["framework_version"].notna()] if len(scored) else scored
    counts = (scored.groupby(["framework_code", "year", "framework_version"]).size().items() if len(scored) else [])
    return stamp, tuple((int(y), str(c), int(n)) for y, c, n in
                        zip(used.get("year", []), used.get("framework_code", []), used.get("agencies", []), strict=True)), \
        tuple((str(c), int(y), int(v), int(n)) for (c, y, v), n in counts)


def result_versions(engine: Engine, framework_code: str, year: int) -> list[int]:
    """Return the stored versions of a framework that `year`'s results are scored with (empty for a built-in one)."""
    return sorted(v for c, y, v, _n in _framework_facts(store_url(engine))[2] if c == framework_code and y == int(year))


def catalog(engine: Engine):
    """Return the framework catalogue of the store (built-in and stored frameworks), cached per version stamp."""
    url = store_url(engine)
    return _catalog(url, _framework_facts(url)[0])


def get_framework(engine: Engine, code: str) -> Framework:
    """Return the framework with this code from the store's catalogue."""
    return catalog(engine).get(code)


def year_framework(engine: Engine, code: str, year: int) -> Framework:
    """Return the framework version `year`'s results are scored with (the newest of them when a year holds several),
    so pages name its nodes and ratings, and colour its bands, as that version did; the newest version otherwise."""
    versions = result_versions(engine, code, year)
    return catalog(engine).get(code, max(versions)) if versions else get_framework(engine, code)


@st.cache_data(show_spinner=False, max_entries=32)
def _visible_framework_years(db_url: str, stamp: str, published: str,
                             scope: tuple[str, tuple[str, ...]]) -> tuple[tuple[int, str], ...]:
    from ingest.access.reads import load_framework_years

    used = load_framework_years(get_store(db_url), _viewer(scope))
    return tuple((int(y), str(c)) for y, c in zip(used.get("year", []), used.get("framework_code", []), strict=True))


def framework_years(engine: Engine, viewer: Viewer) -> dict[str, list[int]]:
    """Return {framework code: years with current data the viewer may see}, in catalogue order."""
    url = store_url(engine)
    if viewer.is_evaluator:
        pairs = [(year, code) for year, code, _count in _framework_facts(url)[1]]
    else:  # unpublished frameworks are not even named to the public (picker, notes, every-framework table)
        pairs = list(_visible_framework_years(url, str(_data_as_of(url)), _publication(url)[1], _scope(viewer)))
    found: dict[str, list[int]] = {}
    for year, code in pairs:
        found.setdefault(code, []).append(year)
    order = {code: i for i, code in enumerate(catalog(engine).codes())}
    return dict(sorted(found.items(), key=lambda item: order.get(item[0], len(order))))


def frameworks_of_year(engine: Engine, year: int, viewer: Viewer) -> list[str]:
    """Return the codes of the frameworks with data in `year` the viewer may see, the year's default first."""
    codes = [code for code, years in framework_years(engine, viewer).items() if year in years]
    try:
        default = catalog(engine).default_code(year)
    except Exception:  # noqa: BLE001 - a missing default only changes the order
        default = None
    return sorted(codes, key=lambda code: code != default)


@st.cache_data(ttl=30, show_spinner=False)
def _data_as_of(db_url: str):
    # A short TTL keeps the cheap freshness check off every rerun while still noticing new loads.
    from ingest.access.facts import load_data_as_of

    return load_data_as_of(get_store(db_url))


@st.cache_data(ttl=30, show_spinner=False)
def _store_facts(db_url: str) -> tuple[tuple[int, ...], bool]:
    from ingest.access import EVALUATOR_VIEWER
    from ingest.access.facts import store_has_sample
    from ingest.access.reads import load_years

    engine = get_store(db_url)  # every year with data (the evaluator's list; others get `_visible_years`)
    return tuple(int(y) for y in load_years(engine, EVALUATOR_VIEWER)), bool(store_has_sample(engine))


def store_url(engine: Engine) -> str:
    """Return the engine's URL as the text used in cache keys."""
    return engine.url.render_as_string(hide_password=False)


@st.cache_data(ttl=30, show_spinner=False)
def _publication(db_url: str) -> tuple[frozenset[tuple[int, str]], str]:
    # Which (year, framework) pairs are public, and a stamp that changes with them (part of cache keys).
    from ingest.access import load_publication_stamp, load_published

    engine = get_store(db_url)
    return load_published(engine), load_publication_stamp(engine)


@st.cache_data(ttl=30, show_spinner=False)
def _snapshot_dates(db_url: str, published: str) -> dict[tuple[int, str], object]:
    from ingest.access.publication import load_snapshots

    return {key: taken for key, (taken, _ids) in load_snapshots(get_store(db_url)).items()}


def snapshot_date(engine: Engine, year: int, framework_code: str):
    """Return when the publication snapshot of a year × framework was taken (UTC), or None when not published."""
    url = store_url(engine)
    if (int(year), framework_code) not in _publication(url)[0]:
        return None
    return _snapshot_dates(url, _publication(url)[1]).get((int(year), framework_code))


def published(engine: Engine) -> frozenset[tuple[int, str]]:
    """Return the published (year, framework code) pairs (cached for a few seconds)."""
    return _publication(store_url(engine))[0]


def _scope(viewer: Viewer) -> tuple[str, tuple[str, ...]]:
    # What a viewer may see depends on role and agencies only: one cache entry per scope, not per person.
    return viewer.role, tuple(sorted(viewer.agency_codes))


def _viewer(scope: tuple[str, tuple[str, ...]]) -> Viewer:
    return Viewer(role=scope[0], agency_codes=frozenset(scope[1]))


@st.cache_data(show_spinner=False, max_entries=64)
def _visible_years(db_url: str, stamp: str, published: str, scope: tuple[str, tuple[str, ...]]) -> tuple[int, ...]:
    from ingest.access.reads import load_years

    return tuple(load_years(get_store(db_url), _viewer(scope)))


def years(engine: Engine, viewer: Viewer) -> list[int]:
    """Return the years with data the viewer may see, newest last."""
    url = store_url(engine)
    if viewer.is_evaluator:
        return sorted(_store_facts(url)[0])
    return sorted(_visible_years(url, str(_data_as_of(url)), _publication(url)[1], _scope(viewer)))


def has_data(engine: Engine) -> bool:
    """True when the store holds any current submission (whoever may see it)."""
    return bool(_store_facts(store_url(engine))[0])


def has_sample(engine: Engine) -> bool:
    """True when the store holds synthetic sample data."""
    return _store_facts(store_url(engine))[1]


def data_as_of(engine: Engine):
    """Return the store's 'data as of' timestamp (or None for an empty store)."""
    return _data_as_of(store_url(engine))


@_shared_frame(show_spinner=False, max_entries=16)
def _history(db_url: str, stamp: str, framework_code: str) -> pd.DataFrame:
    from dashboard.logic.stored_results import compute_stored_history
    from ingest.access import EVALUATOR_VIEWER
    from ingest.access.reads import load_result_rows

    # The results kept in the store at load (one row per agency and year), not recomputed from every score row.
    engine = get_store(db_url)
    return compute_stored_history(load_result_rows(engine, EVALUATOR_VIEWER, framework_code),
                                  get_framework(engine, framework_code))


@st.cache_data(show_spinner=False, max_entries=8)
def _published_history(db_url: str, stamp: str, published: str, framework_code: str) -> pd.DataFrame:
    # Computed once per data and publication state, then masked per viewer scope below.
    engine = get_store(db_url)
    # Read from the results kept at publication (each with the version it was scored with), not recomputed.
    return history_state.compute_published_history(engine, get_framework(engine, framework_code))


@_shared_frame(show_spinner=False, max_entries=32)
def _visible_history(db_url: str, stamp: str, published: str, framework_code: str,
                     scope: tuple[str, tuple[str, ...]]) -> pd.DataFrame:
    from ingest.access.reads import filter_results

    engine = get_store(db_url)
    return filter_results(_published_history(db_url, stamp, published, framework_code), _viewer(scope),
                          _publication(db_url)[0], get_framework(engine, framework_code))


@_shared_frame(show_spinner=False, max_entries=64)
def _indicator_levels(db_url: str, stamp: str, published: str, year: int, agency_code: str, framework_code: str,
                      scope: tuple[str, tuple[str, ...]]) -> pd.DataFrame:
    from ingest.access.reads import load_agency_levels

    return load_agency_levels(get_store(db_url), _viewer(scope), year, agency_code, framework_code)


def history(engine: Engine, framework_code: str, viewer: Viewer) -> pd.DataFrame:
    """Return the results of every year of one framework with ranks (see `results.compute_history`) the viewer may see
    (shared by sessions: read only)."""
    url = store_url(engine)
    stamp = _results_stamp(url)
    if viewer.is_evaluator:  # sees everything: the whole shared frame
        return _history(url, stamp, framework_code)
    return _visible_history(url, stamp, _publication(url)[1], framework_code, _scope(viewer))


def _results_stamp(url: str) -> str:
    # A rescore changes no file, so the versions results are scored with are part of the key.
    facts = _framework_facts(url)
    return f"{_data_as_of(url)}|{facts[0]}|{facts[2]}"


@_shared_frame(show_spinner=False, max_entries=32)
def _ranked_year(db_url: str, stamp: str, published: str, framework_code: str, year: int,
                 scope: tuple[str, tuple[str, ...]]) -> pd.DataFrame:
    from ingest.access.reads import load_ranked_results

    return _with_ranked_columns(db_url, framework_code, lambda engine: load_ranked_results(engine, _viewer(scope),
                                                                                           framework_code, year))


def _with_ranked_columns(db_url: str, framework_code: str, load) -> pd.DataFrame:
    # Rows read with their ranks (`load(engine)`), in the shape pages read (`compute_ranked_year`).
    from dashboard.logic.stored_results import compute_ranked_year

    engine = get_store(db_url)
    return compute_ranked_year(load(engine), get_framework(engine, framework_code))


def ranked_year(engine: Engine, year: int, framework_code: str, viewer: Viewer) -> pd.DataFrame:
    """Return one year's results with ranks the viewer may see, the rows `year_results` gives, reading only that year
    (ranked from those rows and the year before's rank bases; shared by sessions: read only)."""
    url = store_url(engine)
    published = "" if viewer.is_evaluator else _publication(url)[1]
    return _ranked_year(url, _results_stamp(url), published, framework_code, int(year), _scope(viewer))


@_shared_frame(show_spinner=False, max_entries=128)
def _agency_history(db_url: str, stamp: str, published: str, framework_code: str, agency_code: str,
                    scope: tuple[str, tuple[str, ...]]) -> pd.DataFrame:
    from ingest.access.reads import load_agency_results

    return _with_ranked_columns(db_url, framework_code, lambda engine: load_agency_results(engine, _viewer(scope),
                                                                                           framework_code, agency_code))


def agency_history(engine: Engine, framework_code: str, agency_code: str, viewer: Viewer) -> pd.DataFrame:
    """Return one agency's results of every year the viewer may see, oldest first, with ranks: its rows of `history`,
    reading only that agency's rows (ranks counted in SQL; shared by sessions: read only)."""
    url = store_url(engine)
    published = "" if viewer.is_evaluator else _publication(url)[1]
    return _agency_history(url, _results_stamp(url), published, framework_code, agency_code, _scope(viewer))


@st.cache_data(show_spinner=False, max_entries=64)
def _aggregates(db_url: str, stamp: str, published: str, framework_code: str, year: int | None, by: str | None,
                types: tuple[str, ...] | None, national: bool,
                scope: tuple[str, tuple[str, ...]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    from ingest.access.reads import load_result_aggregates

    found = load_result_aggregates(get_store(db_url), _viewer(scope), framework_code, year, by, types, national)
    return found.figures, found.ratings


def aggregates(engine: Engine, framework_code: str, viewer: Viewer, year: int | None = None, by: str | None = None,
               types: tuple[str, ...] | None = None, national: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (figures, ratings) per year (`year` only when given) and `by` group of the results the viewer may see
    (`logic.aggregates` columns); `national`: published years only for everybody but evaluators."""
    url = store_url(engine)
    published_stamp = "" if viewer.is_evaluator else _publication(url)[1]
    return _aggregates(url, _results_stamp(url), published_stamp, framework_code, None if year is None else int(year),
                       by, None if types is None else tuple(types), national, _scope(viewer))


@st.cache_data(show_spinner=False, max_entries=64)
def _previous_year(db_url: str, stamp: str, published: str, framework_code: str, year: int,
                   scope: tuple[str, tuple[str, ...]]) -> int | None:
    from ingest.access.reads import load_previous_result_year

    return load_previous_result_year(get_store(db_url), _viewer(scope), framework_code, year)


@st.cache_data(show_spinner=False, max_entries=64)
def _year_figures(db_url: str, stamp: str, published: str, framework_code: str, year: int,
                  scope: tuple[str, tuple[str, ...]], _rows: pd.DataFrame) -> pd.DataFrame:
    # The key says which rows these are (the year's national rows of that data, publication and scope).
    from dashboard.logic.aggregates import compute_aggregates

    return compute_aggregates(_rows)[0]


def national_figures(engine: Engine, framework_code: str, viewer: Viewer, year: int, rows: pd.DataFrame) -> pd.DataFrame:
    """Return the national figures (`aggregates` columns) of `year`, worked out from `rows` (its national results as
    `ranked_year` gives them, read already), and of the latest year before it with results (one small query): what
    the overview compares."""
    url = store_url(engine)
    published = "" if viewer.is_evaluator else _publication(url)[1]
    parts = [_year_figures(url, _results_stamp(url), published, framework_code, int(year), _scope(viewer), rows)]
    before = int(year)
    while (before := _previous_year(url, _results_stamp(url), published, framework_code, before,
                                    _scope(viewer))) is not None:
        found = aggregates(engine, framework_code, viewer, before, national=True)[0]
        if len(found):  # a year of the table without a row shown is no year of the figures
            parts.append(found)
            break
    return pd.concat([part for part in parts if len(part)] or parts[:1], ignore_index=True)


@st.cache_data(show_spinner=False, max_entries=32)
def _node_means(db_url: str, stamp: str, published: str, framework_code: str, codes: tuple[str, ...], national: bool,
                scope: tuple[str, tuple[str, ...]]) -> pd.DataFrame:
    from ingest.access.reads import load_result_node_means

    return load_result_node_means(get_store(db_url), _viewer(scope), framework_code, list(codes), national)


def node_means(engine: Engine, framework_code: str, codes: list[str], viewer: Viewer, national: bool = False) -> pd.DataFrame:
    """Return per year the mean index and mean score of each node in `codes` over the results the viewer may see."""
    url = store_url(engine)
    published_stamp = "" if viewer.is_evaluator else _publication(url)[1]
    return _node_means(url, _results_stamp(url), published_stamp, framework_code, tuple(codes), national,
                       _scope(viewer))


def year_results(engine: Engine, year: int, framework_code: str, viewer: Viewer) -> pd.DataFrame:
    """Return one year's results in one framework the viewer may see (a slice of the cached history)."""
    frame = history(engine, framework_code, viewer)
    return frame[frame["year"] == year].reset_index(drop=True)


def agency_levels(engine: Engine, year: int, agency_code: str, framework_code: str, viewer: Viewer) -> pd.DataFrame:
    """Return one agency's score rows of a year in one framework the viewer may see (notes and stages only within their detail)."""
    url = store_url(engine)
    # Outside the viewer's detail everyone sees the same published part: share one cache entry.
    scope = ("evaluator", ()) if viewer.sees_detail(agency_code) else ("public", ())
    return _indicator_levels(url, str(_data_as_of(url)), _publication(url)[1], int(year), agency_code,
                             framework_code, scope)


@st.cache_data(show_spinner=False, max_entries=16)
def _final_levels(db_url: str, stamp: str, published: str, year: int, framework_code: str,
                  scope: tuple[str, tuple[str, ...]]) -> pd.DataFrame:
    from ingest.access.reads import load_final_levels

    return load_final_levels(get_store(db_url), _viewer(scope), year, framework=framework_code)


def final_levels(engine: Engine, year: int, framework_code: str, viewer: Viewer) -> pd.DataFrame:
    """Return the year's final values in one framework (agency_code, code, kind, value, stage, invalid) the viewer may see."""
    url = store_url(engine)
    return _final_levels(url, str(_data_as_of(url)), _publication(url)[1], int(year), framework_code, _scope(viewer))


@_shared_frame(show_spinner=False, max_entries=128)
def _agency_final(db_url: str, stamp: str, published: str, year: int, agency_code: str, framework_code: str,
                  scope: tuple[str, tuple[str, ...]]) -> pd.DataFrame:
    from ingest.access.reads import load_agency_final_levels

    return load_agency_final_levels(get_store(db_url), _viewer(scope), year, agency_code, framework_code)


def agency_final(engine: Engine, year: int, agency_code: str, framework_code: str, viewer: Viewer) -> pd.DataFrame:
    """Return one agency's final values of a year in one framework the viewer may see (the agency's rows of
    `final_levels`, read alone: a profile never reads the year's)."""
    url = store_url(engine)
    # Within the viewer's detail everyone sees the values kept at load, outside it the published ones: one entry each.
    scope = ("evaluator", ()) if viewer.sees_detail(agency_code) else ("public", ())
    return _agency_final(url, str(_data_as_of(url)), _publication(url)[1], int(year), agency_code, framework_code,
                         scope)


@_shared_frame(show_spinner=False, max_entries=128)
def _profile_parts(db_url: str, stamp: str, published: str, year: int, framework_code: str,
                   scope: tuple[str, tuple[str, ...]], agency_code: str):
    from dashboard.logic import instansi
    from ingest.access.reads import load_learning_partners

    engine, viewer = get_store(db_url), _viewer(scope)
    framework = get_framework(engine, framework_code)
    results = ranked_year(engine, year, framework_code, viewer)  # the year's rows only (and the year before's rank bases)

    def partners(weakest: list[str], agency_type: str) -> pd.DataFrame:
        if viewer.is_evaluator:  # one query on the results kept in the store: the best few per indicator
            found = load_learning_partners(engine, viewer, year, framework_code, agency_code, agency_type,
                                           instansi.partner_thresholds(framework, weakest))
            return instansi.best_partners(found, weakest)
        # Everybody else: the published values of the others, as the year's results they see rank them.
        return instansi.learning_partners(final_levels(engine, year, framework_code, viewer), agency_code, weakest,
                                          results, framework)

    return instansi.assemble_profile_parts(agency_final(engine, year, agency_code, framework_code, viewer), results,
                                           agency_code, framework, partners)


def profile_parts(engine: Engine, year: int, agency_code: str, framework_code: str, viewer: Viewer):
    """Return `instansi.ProfileParts` of one agency and year, cached: its own final values, one query for its learning
    partners (evaluators; others read the published final values) and its peers' medians from the year's results."""
    url = store_url(engine)
    return _profile_parts(url, str(_data_as_of(url)), _publication(url)[1], int(year), framework_code, _scope(viewer),
                          agency_code)


@st.cache_data(show_spinner=False, max_entries=128)
def _results_everywhere(db_url: str, stamp: str, published: str, scope: tuple[str, tuple[str, ...]],
                        agency_code: str, lang: str) -> pd.DataFrame:
    from dashboard.logic import instansi

    engine, viewer = get_store(db_url), _viewer(scope)
    codes = framework_years(engine, viewer)
    # The agency's own rows of each framework, not every agency's history.
    return instansi.results_in_every_framework({c: agency_history(engine, c, agency_code, viewer) for c in codes},
                                               {c: get_framework(engine, c) for c in codes}, agency_code, lang)


def results_everywhere(engine: Engine, agency_code: str, viewer: Viewer, lang: str) -> pd.DataFrame:
    """Return `instansi.results_in_every_framework` for one agency, cached (it reads every framework's history)."""
    url = store_url(engine)
    return _results_everywhere(url, str(_data_as_of(url)), _publication(url)[1], _scope(viewer), agency_code, lang)


@st.cache_data(show_spinner=False, max_entries=8)
def _store_frames(db_url: str, stamp: str, scope: tuple[str, tuple[str, ...]]):
    from ingest.access import reads
    from ingest.access.facts import load_agencies

    engine, viewer = get_store(db_url), _viewer(scope)
    return load_agencies(engine), reads.load_files(engine, viewer), reads.load_submissions(engine, viewer,
                                                                                          current_only=False)


def store_frames(engine: Engine, viewer: Viewer) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the registry, the stored files and every submission revision the viewer may see."""
    url = store_url(engine)
    return _store_frames(url, str(_data_as_of(url)), _scope(viewer))


@st.cache_data(show_spinner=False, max_entries=64)
def _agency_revisions(db_url: str, stamp: str, agency_code: str, scope: tuple[str, tuple[str, ...]]) -> pd.DataFrame:
    from dashboard.logic.kualitas_data import agency_history
    from ingest.access.reads import load_agency_revisions

    submissions_all, files = load_agency_revisions(get_store(db_url), _viewer(scope), agency_code)
    return agency_history(submissions_all, files, agency_code)


def agency_revisions(engine: Engine, agency_code: str, viewer: Viewer) -> pd.DataFrame:
    """Return one agency's submissions, every revision, with file name, uploader and date, for a viewer who sees the
    agency's detail; reads that agency's revisions and files only (never a problem report)."""
    url = store_url(engine)
    return _agency_revisions(url, str(_data_as_of(url)), agency_code, _scope(viewer))


@st.cache_data(show_spinner=False, max_entries=8)
def _stage_scores(db_url: str, stamp: str, published: str, year: int, stage: str, framework_code: str,
                  scope: tuple[str, tuple[str, ...]]) -> pd.DataFrame:
    from ingest.access.reads import load_scores

    scores = load_scores(get_store(db_url), _viewer(scope), year=year, stage=stage, framework=framework_code)
    return scores[scores["kind"] == "indicator"]


def stage_scores(engine: Engine, year: int, stage: str, framework_code: str, viewer: Viewer) -> pd.DataFrame:
    """Return the indicator scores given at one stage of a year in one framework that the viewer may see."""
    url = store_url(engine)
    return _stage_scores(url, str(_data_as_of(url)), _publication(url)[1], int(year), stage, framework_code,
                         _scope(viewer))


def clear_framework_cache() -> None:
    """Forget the cached framework facts (versions stored, versions results use) after an evaluator re-scores."""
    _framework_facts.clear()


_seen_versions: dict[str, str] = {}
_seen_lock = threading.Lock()


def check_data_version(engine: Engine) -> bool:
    """Read the store-wide data version (one small query per rerun); when it moved since this process last looked
    (a load or publication made by any process), drop every cached frame and return True."""
    from ingest.store.version import load_data_version

    url, version = store_url(engine), load_data_version(engine)
    with _seen_lock:
        before = _seen_versions.get(url)
        _seen_versions[url] = version
    if before is None or before == version:
        return False
    # The 30-second stamps and every frame keyed by them go: the next reads see the new data at once.
    st.cache_data.clear()
    clear_shared_frames()
    return True


def clear_shared_frames() -> None:
    """Forget the frames shared by every session (`_shared_frame`); their keys hold the data stamps, so this only
    frees memory sooner and keeps them in step with `st.cache_data.clear()`."""
    for shared in (_history, _visible_history, _ranked_year, _agency_history, _ranking_reasons, _indicator_levels,
                   _agency_final, _profile_parts):
        shared.clear()


def clear_publication_cache() -> None:
    """Forget the cached publication state (after an evaluator changes it in this process)."""
    _publication.clear()
    _snapshot_dates.clear()


@st.cache_data(show_spinner=False, max_entries=128, hash_funcs={Framework: lambda fw: fw.code})
def level_table(scores: pd.DataFrame, levels: dict, framework: Framework, lang: str) -> pd.DataFrame:
    """Return `instansi.level_table` for one agency, cached (it formats 47 rows of notes per rerun otherwise)."""
    from dashboard.logic import instansi

    return instansi.level_table(scores, levels, framework, lang)


def framework_spans(engine: Engine, lang: str, viewer: Viewer) -> dict[str, tuple[str, list[int]]]:
    """Return {framework code: (title in `lang`, years with data)} for every framework the viewer may see."""
    return {code: (get_framework(engine, code).short_text(lang), years)
            for code, years in framework_years(engine, viewer).items()}


@_shared_frame(show_spinner=False, max_entries=16)
def _ranking_reasons(db_url: str, stamp: str, published: str, year: int, framework_code: str,
                     scope: tuple[str, tuple[str, ...]], lang: str) -> pd.Series:
    from dashboard.logic.changes import ranking_reasons

    engine, viewer = get_store(db_url), _viewer(scope)
    earlier = [y for y in years(engine, viewer) if y < year and y in framework_years(engine, viewer).get(framework_code, [])]
    if not earlier:
        return pd.Series(dtype=object)
    return ranking_reasons(final_levels(engine, max(earlier), framework_code, viewer),
                           final_levels(engine, year, framework_code, viewer), get_framework(engine, framework_code),
                           lang)


def ranking_reasons(engine: Engine, year: int, framework_code: str, viewer: Viewer, lang: str) -> pd.Series:
    """Return each agency's top contributor to its index change since the previous year ('I44 −0,08'), cached."""
    url = store_url(engine)
    return _ranking_reasons(url, str(_data_as_of(url)), _publication(url)[1], int(year), framework_code,
                            _scope(viewer), lang)


@st.cache_data(show_spinner=False, max_entries=32)
def _commitments(db_url: str, stamp: str, published: str, promised: str,
                 scope: tuple[str, tuple[str, ...]]) -> pd.DataFrame:
    from ingest.access.reads import load_commitments

    return load_commitments(get_store(db_url), _viewer(scope))


def commitments(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Return every commitment the viewer may see with its status (`reads.load_commitments`), cached per change."""
    from ingest.access.commitments import load_commitments_stamp

    url = store_url(engine)
    return _commitments(url, str(_data_as_of(url)), _publication(url)[1], load_commitments_stamp(engine),
                        _scope(viewer))


def view_stamp(engine: Engine, framework_code: str, viewer: Viewer) -> str:
    """Return a text that changes whenever the results of a framework the viewer may see change (data, scoring
    versions, publication): the cache key of display objects built from them, cheaper than hashing the frames."""
    url = store_url(engine)
    facts = _framework_facts(url)
    return f"{url}|{framework_code}|{_data_as_of(url)}|{facts[0]}|{facts[2]}|{_publication(url)[1]}|{_scope(viewer)}"
