"""Message catalogue: every user-facing string goes through `t(key, **fmt)`; Indonesian is the default."""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path

import yaml

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"
MESSAGES_DIR = Path(__file__).resolve().parent / "messages"

# A context variable, not a module global: Streamlit runs each browser session's script in its own
# thread, and one session switching to English must not switch the others.
_current: ContextVar[str] = ContextVar("tera_language", default=DEFAULT_LANGUAGE)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Return the flat key → text mapping of one language."""
    data = yaml.safe_load((MESSAGES_DIR / f"{lang}.yaml").read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in data.items()}


def set_language(lang: str | None) -> str:
    """Make `lang` the language of this session's run (unknown codes fall back to Indonesian)."""
    chosen = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    _current.set(chosen)
    return chosen


def get_language() -> str:
    """Return the language of the current run."""
    return _current.get()


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """Return the message `key` in the current (or given) language, formatted with `fmt`."""
    text = catalogue(lang or get_language()).get(key)
    if text is None:
        # A missing key is a bug the catalogue test catches; show the key rather than crash a meeting.
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**fmt) if fmt else text
