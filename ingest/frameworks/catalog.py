"""Every framework Tera can use: the built-in files of `data/frameworks/` and the versions evaluators stored.

A stored framework is rebuilt from its original bytes with the same loader `framework add` used,
once per content (cached by SHA-256). Built-in codes are reserved: a stored file cannot replace one.
A catalogue also keeps every framework it handed out, so a load asking for the same code once per file
pays a dictionary look-up, not a path resolution; a new catalogue (a new session, or after a version
is added) starts empty, and a pickled one travels without it and is rebuilt once per process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from indicators import (
    Framework,
    compute_default_code,
    list_frameworks,
    load_framework,
    no_default_message,
    read_framework_defaults,
)
from ingest.errors import FrameworkChoiceError, UnknownFrameworkError
from ingest.frameworks.parse import parse_framework_content

if TYPE_CHECKING:
    # Only named: a reader worker imports the catalogue, and SQLAlchemy would add a fifth of its start-up.
    from sqlalchemy import Engine

_PARSED: dict[str, Framework] = {}


@dataclass(frozen=True)
class StoredVersion:
    """One stored version of an evaluator-added framework (its bytes and where they came from)."""

    code: str
    version: int
    sha256: str
    original_name: str
    format: str
    content: bytes


@lru_cache(maxsize=8)
def _catalog_of(stored: tuple[StoredVersion, ...]) -> FrameworkCatalog:
    """Return the catalogue of these stored versions, one per process (how a pickled catalogue is rebuilt)."""
    return FrameworkCatalog(stored)


class FrameworkCatalog:
    """Frameworks by code (built-in and stored), the version of each, and the default framework of a year."""

    def __init__(self, stored: Iterable[StoredVersion] = ()) -> None:
        self._builtin = tuple(list_frameworks())
        self._versions: dict[tuple[str, int], StoredVersion] = {
            (item.code, item.version): item for item in stored if item.code not in self._builtin}
        self._stored: dict[str, StoredVersion] = {}
        for (code, _version), item in sorted(self._versions.items()):
            self._stored[code] = item  # the newest version of a code comes last
        self._got: dict[tuple[str, int | None], Framework] = {}

    def __reduce__(self) -> tuple[Any, tuple[tuple[StoredVersion, ...]]]:
        # Sent to the reader worker with every file: rebuilt there once per process for the same stored versions
        # (with the frameworks it handed out), not once per file; the frameworks themselves are never pickled.
        return _catalog_of, (tuple(self._versions[key] for key in sorted(self._versions)),)

    @classmethod
    def from_store(cls, engine: Engine) -> FrameworkCatalog:
        """Return the catalogue of the built-in frameworks and every stored version of the other ones."""
        from ingest.queries import load_framework_versions

        rows = load_framework_versions(engine, with_content=True)
        return cls(StoredVersion(**{key: row[key] for key in StoredVersion.__dataclass_fields__}) for row in rows)

    def codes(self) -> list[str]:
        """Return every available framework code: built-in ones first, then stored ones, each sorted."""
        return [*self._builtin, *sorted(self._stored)]

    def __contains__(self, code: object) -> bool:
        return code in self._builtin or code in self._stored

    def is_builtin(self, code: str) -> bool:
        """True when `code` is a built-in framework of `data/frameworks/`."""
        return code in self._builtin

    def version(self, code: str) -> int | None:
        """Return the stored version in use for `code` (None for a built-in framework)."""
        item = self._stored.get(code)
        return item.version if item else None

    def versions(self, code: str) -> list[int]:
        """Return the stored versions of `code`, oldest first (empty for a built-in framework)."""
        return sorted(version for stored, version in self._versions if stored == code)

    def version_frameworks(self, code: str) -> dict[int, Framework]:
        """Return {version: framework} of every stored version of `code` (empty for a built-in framework)."""
        return {version: self.get(code, version) for version in self.versions(code)}

    def get(self, code: str, version: int | None = None) -> Framework:
        """Return the framework with this code (its newest version, or `version`); UnknownFrameworkError lists the known codes."""
        got = self._got.get((code, version))
        if got is None:
            got = self._got[(code, version)] = self._get(code, version)
        return got

    def _get(self, code: str, version: int | None) -> Framework:
        if code in self._builtin:
            return load_framework(code)
        item = self._stored.get(code) if version is None else self._versions.get((code, int(version)))
        if item is None and version is not None and code in self._stored:
            raise UnknownFrameworkError(f"framework {code!r} has no version {version}; stored: "
                                        f"{', '.join(map(str, self.versions(code)))}")
        if item is None:
            found = self.find(code)
            if found is not None:
                return self.get(found)
            raise UnknownFrameworkError(
                f"no framework {code!r}; known: {', '.join(self.codes())} (add one with: python -m ingest framework add FILE)")
        if item.sha256 not in _PARSED:
            _PARSED[item.sha256] = parse_framework_content(item.content, name=item.original_name)
        return _PARSED[item.sha256]

    def find(self, text: Any) -> str | None:
        """Return the code named by `text` (a code in any case, or a title), or None."""
        key = " ".join(str(text or "").split()).casefold()
        if not key:
            return None
        for code in self.codes():
            if code.casefold() == key:
                return code
        for code in self.codes():
            if key in {" ".join(str(t).split()).casefold() for t in self.get(code).title.values()}:
                return code
        return None

    def applying_to(self, year: int) -> list[Framework]:
        """Return the frameworks whose years include `year`, in catalogue order."""
        return [fw for fw in (self.get(code) for code in self.codes()) if fw.applies_to(year)]

    def default_code(self, year: int | None) -> str:
        """Return the default framework of `year`: the settings file's entry for the year, else the only framework
        covering it; FrameworkChoiceError lists the frameworks to choose from when there is none or several."""
        applying = self.applying_to(year) if year is not None else [self.get(code) for code in self.codes()]
        code = compute_default_code(read_framework_defaults(), year, applying)
        if code is None and not applying:
            raise FrameworkChoiceError(f"no framework covers the year {year} (known: {', '.join(self.codes())}); "
                                       "choose one with --framework CODE or add one with: python -m ingest framework add FILE")
        if code is None:
            raise FrameworkChoiceError(no_default_message(year, applying), year,
                                       tuple(f"{fw.code} ({fw.title_text('id')})" for fw in applying))
        return self._known(code, year)

    def _known(self, code: str, year: int | None) -> str:
        if code not in self:
            raise UnknownFrameworkError(f"the settings file names framework {code!r} for {year or 'the default'}, "
                                        f"but it is neither built in nor stored; known: {', '.join(self.codes())}")
        return code

    def default_for(self, year: int | None) -> Framework:
        """Return the default framework of `year` (see `default_code`)."""
        return self.get(self.default_code(year))

    def resolve(self, framework: Framework | str | None, year: int | None) -> Framework:
        """Return the framework given (object or code), else the default one of `year`."""
        if isinstance(framework, Framework):
            return framework
        return self.get(framework) if framework else self.default_for(year)


@cache
def builtin_catalog() -> FrameworkCatalog:
    """Return one shared catalogue of the built-in frameworks alone, for callers that pass none.

    Built-in frameworks are files shipped with Tera, never changed while it runs, so what the catalogue
    handed out stays valid; the settings file is still read (by its change time) at every `default_code`.
    """
    return FrameworkCatalog()
