"""Streamlit's AppTest for screen tests: open a page on a store, read its texts, links and table cells."""

from __future__ import annotations

from tests.support import REPO_ROOT

APP = str(REPO_ROOT / "dashboard" / "app.py")


def open_page(monkeypatch, db_url: str, page: str | None = None, viewer=None, **params):
    """Run the app through AppTest on the store `db_url`, switch to `screens/<page>.py`, and assert no exception.

    `viewer` (an `ingest.access.Viewer`) signs the session in as that person, as the sign-in page does.
    """
    from streamlit.testing.v1 import AppTest

    from dashboard.state.data import get_store
    from dashboard.state.identity import VIEWER_KEY

    monkeypatch.setenv("DATABASE_URL", db_url)
    get_store.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    if viewer is not None:
        at.session_state[VIEWER_KEY] = viewer
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_texts(at) -> str:
    """Return the visible texts of an AppTest run (titles, headers, text, notices, metric labels) as one string."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    parts = [e.value for kind in kinds for e in getattr(at, kind)]
    parts += [m.label for m in at.metric]
    return "\n".join(str(p) for p in parts)


def link_names(links) -> list[str]:
    """Return the agency names a ranking's link column shows (the link's text after '#')."""
    return [str(link).rpartition("#")[2] for link in links]


def table_cells(element) -> dict[str, list[str]]:
    """Return the cell texts an AppTest dataframe shows, per visible column (a Styler's display values when given).

    Without display values a float column is shown by the browser with a dot, so its cells are
    returned as Python writes them ("3.3"), which a no-dot-decimal check then catches.
    """
    import pyarrow as pa

    proto = element.proto
    raw = element.value.data if hasattr(element.value, "data") else element.value
    shown = pa.ipc.open_stream(proto.arrow_data.styler.display_values).read_all().to_pandas() \
        if proto.arrow_data.styler.display_values else None
    columns = list(proto.column_order) or list(raw.columns)
    cells: dict[str, list[str]] = {}
    for column in columns:
        if column not in raw.columns:
            continue
        values = shown[column] if shown is not None and column in shown.columns else raw[column]
        cells[column] = [text for text in map(_cell_text, values) if text is not None]
    return cells


def _cell_text(value) -> str | None:
    """A cell as the grid shows it: a list of labels (coloured pills) as its labels joined, a missing value as None."""
    import pandas as pd

    if value is None:
        return None
    if not isinstance(value, str) and hasattr(value, "__len__"):  # a pill cell: list or array of labels
        return " ".join(str(item) for item in value) or None
    return None if pd.isna(value) else str(value)
