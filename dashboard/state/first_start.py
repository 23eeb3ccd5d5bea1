"""On screen part of the first start: fill the empty default store with sample data, showing progress."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from i18n import t
from ingest.access.audit import save_audit


@st.cache_resource(show_spinner=False)
def _ready_stores() -> set[str]:
    # Store URLs this process has seen filled: every later rerun skips the check, its query and its lock.
    return set()


def ensure_sample(engine: Engine) -> None:
    """Generate and load the sample data when the default store is empty or its fill was cut off, with a progress bar (about 30 s)."""
    from ingest.sample.first_start import ensure_sample_data, needs_sample, wants_sample

    url = engine.url.render_as_string(hide_password=False)
    if url in _ready_stores() or not wants_sample():
        return
    if needs_sample(engine):
        with st.status(t("first_start.title"), expanded=True) as status:
            st.write(t("first_start.explain"))
            bar = st.progress(0.0)

            def progress(phase: str, done: int, total: int) -> None:
                bar.progress(done / max(total, 1), text=t(f"first_start.{phase}", done=done, total=total))

            loaded = ensure_sample_data(engine, progress=progress)
            if loaded:  # one summary entry: the sample is hundreds of files
                save_audit(engine, "tera (first start)", "load",
                           {"sample": True, "files": len(loaded),
                            **{o: sum(r.outcome == o for r in loaded) for o in ("loaded", "rejected")}},
                           "page: first start")
            status.update(label=t("first_start.done"), state="complete", expanded=False)
        # Years, sample flag and frames were cached while the store was empty.
        st.cache_data.clear()
    else:
        # Returns at once, or waits while another process is still filling the store.
        ensure_sample_data(engine)
    _ready_stores().add(url)
