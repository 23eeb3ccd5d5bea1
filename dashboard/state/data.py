"""Cached shell around `dashboard.logic.results`: one engine and framework per process, frames per data version.

Frames are cached by (store URL, year, data-as-of stamp): a new load changes the stamp, so the next
run recomputes, and a warm rerun only pays for drawing.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard.logic import results
from indicators import Framework, load_framework

FRAMEWORK_CODE = "spbe-2020"


@st.cache_resource(show_spinner=False)
def get_store(db_url: str | None = None) -> Engine:
    """Return the store engine (migrated on first open) for the URL, `DATABASE_URL` or the default file."""
    from ingest.store import get_engine

    return get_engine(db_url)


@st.cache_resource(show_spinner=False)
def get_framework(code: str = FRAMEWORK_CODE) -> Framework:
    """Return the loaded, validated framework."""
    return load_framework(code)


def data_stamp(engine: Engine) -> str:
    """Return the store's 'data as of' stamp (changes after every load) as cache key text."""
    return str(_data_as_of(engine.url.render_as_string(hide_password=False)))


@st.cache_data(ttl=30, show_spinner=False)
def _data_as_of(db_url: str):
    # A short TTL keeps the cheap freshness check off every rerun while still noticing new loads.
    from ingest.queries import load_data_as_of

    return load_data_as_of(get_store(db_url))


@st.cache_data(ttl=30, show_spinner=False)
def _store_facts(db_url: str) -> tuple[tuple[int, ...], bool]:
    from ingest.queries import load_years, store_has_sample

    engine = get_store(db_url)
    return tuple(int(y) for y in load_years(engine)), bool(store_has_sample(engine))


def store_url(engine: Engine) -> str:
    """Return the engine's URL as the text used in cache keys."""
    return engine.url.render_as_string(hide_password=False)


def years(engine: Engine) -> list[int]:
    """Return the years with data, newest last."""
    return sorted(_store_facts(store_url(engine))[0])


def has_sample(engine: Engine) -> bool:
    """True when the store holds synthetic sample data."""
    return _store_facts(store_url(engine))[1]


def data_as_of(engine: Engine):
    """Return the store's 'data as of' timestamp (or None for an empty store)."""
    return _data_as_of(store_url(engine))


@st.cache_data(show_spinner=False, max_entries=16)
def _history(db_url: str, stamp: str, framework_code: str) -> pd.DataFrame:
    return results.compute_history(get_store(db_url), get_framework(framework_code))


@st.cache_data(show_spinner=False, max_entries=64)
def _indicator_levels(db_url: str, stamp: str, year: int, agency_code: str) -> pd.DataFrame:
    return results.load_agency_levels(get_store(db_url), year, agency_code)


def history(engine: Engine) -> pd.DataFrame:
    """Return the results of every year with ranks (see `results.compute_history`)."""
    url = store_url(engine)
    return _history(url, str(_data_as_of(url)), FRAMEWORK_CODE)


def year_results(engine: Engine, year: int) -> pd.DataFrame:
    """Return one year's results (a slice of the cached history)."""
    frame = history(engine)
    return frame[frame["year"] == year].reset_index(drop=True)


def agency_levels(engine: Engine, year: int, agency_code: str) -> pd.DataFrame:
    """Return one agency's indicator levels of a year with explanations and stage history."""
    url = store_url(engine)
    return _indicator_levels(url, str(_data_as_of(url)), int(year), agency_code)


@st.cache_data(show_spinner=False, max_entries=16)
def _final_levels(db_url: str, stamp: str, year: int) -> pd.DataFrame:
    from ingest.queries import load_final_levels

    return load_final_levels(get_store(db_url), year)


def final_levels(engine: Engine, year: int) -> pd.DataFrame:
    """Return the year's final values of every agency (agency_code, code, kind, value, stage, invalid)."""
    url = store_url(engine)
    return _final_levels(url, str(_data_as_of(url)), int(year))


@st.cache_data(show_spinner=False, max_entries=512, hash_funcs={Framework: lambda fw: fw.code})
def chart_spec(builder: str, *args, **kwargs) -> dict:
    """Return the Vega-Lite spec of `dashboard.render.charts.<builder>(*args)`, cached by its arguments.

    Building an Altair chart costs tens of milliseconds (schema-checked objects); the spec of the
    same data is the same, so warm reruns reuse it.
    """
    from dashboard.render import charts

    return getattr(charts, builder)(*args, **kwargs).to_dict(validate=False)


@st.cache_data(show_spinner=False, max_entries=128, hash_funcs={Framework: lambda fw: fw.code})
def level_table(scores: pd.DataFrame, levels: dict, framework: Framework, lang: str) -> pd.DataFrame:
    """Return `instansi.level_table` for one agency, cached (it formats 47 rows of notes per rerun otherwise)."""
    from dashboard.logic import instansi

    return instansi.level_table(scores, levels, framework, lang)
