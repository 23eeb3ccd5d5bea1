"""Message catalogue shared by the dashboard and the CLIs: every user-facing string goes through `t(key, **fmt)`.

Each language is a folder of YAML files (`i18n/id/*.yaml`, `i18n/en/*.yaml`) merged into one flat
key → text mapping; a key defined in two files is an error, so areas can keep their own file without
silently shadowing each other. Indonesian is the default.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import cache
from pathlib import Path

import yaml

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"
CATALOGUE_DIR = Path(__file__).resolve().parent

# A context variable, not a module global: Streamlit runs each browser session's script in its own
# thread, and one session switching to English must not switch the others.
_current: ContextVar[str] = ContextVar("tera_language", default=DEFAULT_LANGUAGE)


# libyaml's safe loader where PyYAML has it (its wheels do): the same documents, ten times faster, and every
# process (the app's, each reader worker's) reads the catalogues when it starts.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogueError(ValueError):
    """A catalogue file is unreadable or defines a key twice."""


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Return the flat key → text mapping of one language, merged from every YAML file of its folder."""
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in sorted((CATALOGUE_DIR / lang).glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
        for key, value in data.items():
            key = str(key)
            if key in merged:
                raise CatalogueError(f"message key {key!r} is defined in both {origin[key]} and {path.name}")
            merged[key] = str(value)
            origin[key] = path.name
    return merged


def set_language(lang: str | None) -> str:
    """Make `lang` the language of this session's run (unknown codes fall back to Indonesian)."""
    chosen = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    _current.set(chosen)
    return chosen


def get_language() -> str:
    """Return the language of the current run."""
    return _current.get()


# A word that follows a count: "{n|agency|agencies}" is "agency" when n is 1, else "agencies" (English only needs it).
_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def _is_one(value: object) -> bool:
    return str(value).strip() in ("1", "1.0", "1,0")


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """Return the message `key` in the current (or given) language, formatted with `fmt` ({n|one|other} picks a plural)."""
    text = catalogue(lang or get_language()).get(key)
    if text is None:
        # A missing key is a bug the catalogue test catches; show the key rather than crash a meeting.
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    if "|" in text:
        text = _PLURAL.sub(lambda m: m.group(2) if _is_one(fmt.get(m.group(1))) else m.group(3), text)
    return text.format(**fmt) if fmt else text
