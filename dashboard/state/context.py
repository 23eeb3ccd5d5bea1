"""What the app shell decided for this run (store, framework, year, language), handed to the pages."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine

from indicators import Framework

_KEY = "_tera_shell"


@dataclass(frozen=True)
class Shell:
    """The run's store engine, framework, selected year, language and available years."""

    engine: Engine
    framework: Framework
    year: int | None
    lang: str
    years: tuple[int, ...]
    sample: bool
    as_of: object


def set_shell(shell: Shell) -> None:
    """Remember the shell of this run for the page script."""
    st.session_state[_KEY] = shell


def get_shell() -> Shell:
    """Return the shell set by `dashboard/app.py` in this run."""
    return st.session_state[_KEY]
