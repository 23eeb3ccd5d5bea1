"""Widgets whose value lives in the URL as a code or slug, so any view can be shared as a link.

Why not only `bind="query-params"`: in Streamlit 1.67 a bound selectbox writes its *formatted*
option (the translated label) into the URL and drops the parameter when the value equals the
default. Tera's URLs must carry codes (`kode=35.10`, `predikat=baik`) in every language and always
carry `tahun`, so choice widgets are bound here by hand: the URL is the source of truth, read before
the widget is drawn and written back on every run. Free text (`cari`) uses `bind=` directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_WIDGET_PREFIX = "_url_"


def url_value(key: str, options: Sequence[Any], default: Any) -> Any:
    """Return the URL's value for `key` when it names one of `options` (compared as text), else `default`."""
    raw = st.query_params.get(key)
    if raw is not None:
        for option in options:
            if str(option) == raw:
                return option
    return default


def _write_back(key: str) -> None:
    _set_param(key, st.session_state.get(_WIDGET_PREFIX + key))


def _set_param(key: str, value: Any) -> None:
    # Written only when it changes: every write sends the browser the whole query string again.
    if value is None:
        if key in st.query_params:
            st.query_params.pop(key)
    elif st.query_params.get(key) != str(value) or len(st.query_params.get_all(key)) > 1:
        st.query_params[key] = str(value)


def url_selectbox(
    label: str,
    options: Sequence[Any],
    key: str,
    format_func: Callable[[Any], str] = str,
    default: Any = None,
    always: bool = False,
    container: Any = None,
    **kwargs: Any,
) -> Any:
    """Draw a selectbox whose selected code is the URL parameter `key`; return the selected option.

    `default` is used when the URL has no valid value; `always` writes the default into the URL too
    (the year is always in the link so a shared link keeps meaning the same round).
    """
    return _url_choice("selectbox", label, options, key, format_func, default, always, container, **kwargs)


def url_segmented(label: str, options: Sequence[Any], key: str, format_func: Callable[[Any], str] = str,
                  default: Any = None, container: Any = None, **kwargs: Any) -> Any:
    """Draw a segmented control (one choice, never none) whose code is the URL parameter `key`; return the choice.

    The default is left out of the URL, so the plain link shows the default choice.
    """
    return _url_choice("segmented_control", label, options, key, format_func, default, False, container,
                       required=True, **kwargs)


def _url_choice(widget: str, label: str, options: Sequence[Any], key: str, format_func: Callable[[Any], str],
                default: Any, always: bool, container: Any, **kwargs: Any) -> Any:
    widget_key = _WIDGET_PREFIX + key
    options = list(options)
    chosen = url_value(key, options, default)
    # The URL wins over widget memory: it changes on deep links and back/forward navigation, and the
    # on_change callback keeps it equal to the widget after a user's choice.
    if st.session_state.get(widget_key) != chosen or widget_key not in st.session_state:
        st.session_state[widget_key] = chosen
    target = container or st
    value = getattr(target, widget)(
        label, options, key=widget_key, format_func=format_func, on_change=_write_back, args=(key,), **kwargs
    )
    _set_param(key, None if value is None or (value == default and not always) else value)
    return value


# The selectbox's empty list says "No results" in English, written by the browser code; this shows the
# catalogue's words in its place (the span is Streamlit 1.67's empty-state element of a select widget).
_EMPTY_CSS = 'span.equpb2c9 {font-size: 0 !important} span.equpb2c9::after {content: "%s"; font-size: 0.875rem}'


def _labels(results: Any) -> dict[str, str]:
    from dashboard.logic.search import compute_picker_label

    labels: dict[str, str] = {}
    for code, name, kind in zip(results["agency_code"], results["agency_name"], results["agency_type"], strict=True):
        labels.setdefault(code, compute_picker_label(str(name), code, str(kind)))
    return labels


@st.cache_resource(show_spinner=False, max_entries=32)
def _picker_labels(codes: tuple[str, ...], names: tuple[str, ...], types: tuple[str, ...]) -> dict[str, str]:
    # The searchable label of every agency, worked out once per list (600 labels cost ~10 ms per run); shared by
    # every session, not copied for each (read only).
    return _labels({"agency_code": codes, "agency_name": names, "agency_type": types})


@st.cache_resource(show_spinner=False, max_entries=32)
def _picker_labels_of(rows_key: tuple, _results: Any) -> dict[str, str]:
    # The same labels found by the caller's key (its data state, view and year): hashing 600 names cost a tenth
    # of a profile's run at 30 sessions.
    return _labels(_results)


def url_agency_picker(results: Any, codes: Sequence[str], key: str, container: Any = None,
                      rows_key: tuple | None = None) -> str | None:
    """Draw the one agency picker (URL parameter `key`): typing a name as written or a code finds the agency.

    `results` has `agency_code`, `agency_name` and `agency_type`; `codes` are the options in their order;
    `rows_key`, when given, names `results` (data state, view and year) so its labels are found without hashing them.
    """
    from i18n import t

    labels = (_picker_labels(tuple(results["agency_code"]), tuple(results["agency_name"]), tuple(results["agency_type"]))
              if rows_key is None else _picker_labels_of(rows_key, results))
    empty = t("filter.agency_none").replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    st.html(f"<style>{_EMPTY_CSS % empty}</style>")
    return url_selectbox(t("filter.agency"), list(codes), key, format_func=lambda c: labels.get(c, c),
                         placeholder=t("filter.agency_hint"), container=container)
