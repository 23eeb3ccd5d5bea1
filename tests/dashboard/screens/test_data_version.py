"""Several app processes: a write made elsewhere (another process, the CLI) drops this process's cached frames at the next rerun."""

from __future__ import annotations

import streamlit as st

from dashboard.state import data
from ingest.store import save_file


def test_a_write_elsewhere_clears_the_cached_frames(store_engine):
    calls: list[int] = []

    @st.cache_data
    def cached_frame() -> int:
        calls.append(1)
        return len(calls)

    cached_frame.clear()  # the same function of the other backend's run may have left a value
    assert data.check_data_version(store_engine) is False  # first look: nothing to compare with
    assert cached_frame() == cached_frame() == 1
    assert data.check_data_version(store_engine) is False  # unchanged store: the cache stays
    assert cached_frame() == 1
    with store_engine.begin() as conn:  # what another process's load leaves behind
        save_file(conn, b"x", "x.xlsx", "xlsx", kind="workbook")
    assert data.check_data_version(store_engine) is True
    assert cached_frame() == 2
