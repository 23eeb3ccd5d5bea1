"""Match an agency name as written (report, workbook, recap) to one registry code, or say why not.

A doubtful match is never taken silently: the result is `exact`, `alias` or a confident `fuzzy`
match with a code, or `unknown` / `ambiguous` without one; every result carries the best three
candidates so the loader can ask "did you mean …".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from ingest.errors import AmbiguousAgencyError, UnknownAgencyError
from ingest.registry.index import NameEntry, Registry, get_registry
from ingest.registry.model import REGION_TYPES, Agency
from ingest.registry.normalize import compute_alias_key, compute_name_parts

Status = Literal["exact", "alias", "fuzzy", "unknown", "ambiguous"]

# A fuzzy match is taken only when it is this close (0–100, rapidfuzz ratio of the name keys)...
CONFIDENT_SCORE = 90.0
# ...and this far ahead of the next agency; otherwise it is reported as ambiguous.
CONFIDENT_MARGIN = 5.0
# Short names lose many points per typo ("Bogr" vs "Bogor" is 88.9), so a slightly lower score is
# also taken when no other agency comes anywhere near.
CLEAR_SCORE = 85.0
CLEAR_MARGIN = 20.0
# Below this the best candidate is just a suggestion: the name is unknown.
AMBIGUOUS_SCORE = 75.0
# Province context is matched more loosely: it only narrows, never decides.
PROVINCE_SCORE = 80.0
_FUZZY_POOL = 60
# Secretariats through which an agency is evaluated: "Sekretariat Jenderal X", "Setjen X" resolve to X.
_SECRETARIAT = re.compile(
    r"^\s*(?:sekretariat\s+jenderal(?:\s+dan\s+kepaniteraan)?|sekretariat\s+utama|sekretariat|setjen[d]?|settama|sestama)\b\.?\s+(.+)$",
    re.IGNORECASE)
# Agency types evaluated through their secretariat (a ministry's secretariat general is a unit of it).
_THROUGH_SECRETARIAT = ("lpnk", "lns", "sekretariat-lembaga-negara", "lembaga-lainnya", "alat-negara")
# A name written like a code ("BEL", "bol") is never matched fuzzily: three letters are as close to
# a dozen regencies as to the one meant.
_CODE_LIKE = re.compile(r"^(?:[A-Z]{1,5}|[a-z]{1,3})$")


@dataclass(frozen=True)
class Candidate:
    """One possible agency for a name, with its similarity score (0–100)."""

    code: str
    name: str
    score: float


@dataclass(frozen=True)
class Match:
    """Outcome of matching one name: a code when `status` is exact/alias/fuzzy, else None."""

    status: Status
    code: str | None
    score: float
    candidates: tuple[Candidate, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the name resolved to exactly one agency."""
        return self.code is not None


def resolve_province(text: str | None, registry: Registry | None = None) -> str | None:
    """Return the province code named by `text` ('Jawa Barat', 'Prov. NTT', '32', misspellings), or None."""
    if not text or not str(text).strip():
        return None
    registry = registry or get_registry()
    code = registry.normalize_code(text)
    if code and code in registry.agencies and registry.agencies[code].type == "provinsi":
        return code
    key = compute_name_parts(text).key
    entries = registry.exact.get(("provinsi", key))
    if entries:
        return entries[0].code
    best = process.extractOne(
        key, [e.key for e in registry.by_type["provinsi"]], scorer=fuzz.ratio, score_cutoff=PROVINCE_SCORE
    )
    return registry.by_type["provinsi"][best[2]].code if best else None


def _fits(agency: Agency, province_code: str | None, year: int | None) -> bool:
    if not agency.exists_in(year):
        return False
    return province_code is None or not agency.is_region or agency.province_code == province_code


def _candidates(scored: dict[str, float], registry: Registry) -> tuple[Candidate, ...]:
    best = sorted(scored.items(), key=lambda item: (-item[1], item[0]))[:3]
    return tuple(Candidate(code, registry.agencies[code].name, round(score, 1)) for code, score in best)


def _types_for(type_hint: str | None) -> tuple[str | None, ...]:
    return (type_hint,) if type_hint else (None, *REGION_TYPES)


def _exact(registry: Registry, type_hint: str | None, key: str) -> list[NameEntry]:
    found: list[NameEntry] = []
    for type_ in _types_for(type_hint):
        found.extend(registry.exact.get((type_, key), ()))
    return found


def _fuzzy_scores(registry: Registry, type_hint: str | None, key: str) -> dict[str, float]:
    scored: dict[str, float] = {}
    for type_ in _types_for(type_hint):
        entries = registry.by_type.get(type_, [])
        hits = process.extract(key, [e.key for e in entries], scorer=fuzz.ratio, limit=_FUZZY_POOL)
        for _, score, index in hits:
            code = entries[index].code
            scored[code] = max(score, scored.get(code, 0.0))
    return scored


def match_agency(
    name: str,
    province: str | None = None,
    year: int | None = None,
    aliases: Mapping[str, str] | None = None,
    registry: Registry | None = None,
) -> Match:
    """Match a name as written to an agency code, using province context and year when given.

    `aliases` maps user alias keys (`compute_alias_key`) to codes and wins over everything else.
    `year` keeps only agencies that existed that year; `province` (name or code, may be misspelt)
    keeps only regions inside it. Agency codes ('3201', 'K-BPS') are accepted as names.
    """
    registry = registry or get_registry()
    if aliases:
        code = aliases.get(compute_alias_key(name))
        if code and code in registry.agencies:
            return Match("alias", code, 100.0, (Candidate(code, registry.agencies[code].name, 100.0),))
    code = registry.normalize_code(name)
    if code and code in registry.agencies:
        return Match("exact", code, 100.0, (Candidate(code, registry.agencies[code].name, 100.0),))

    province_code = resolve_province(province, registry)
    parts = compute_name_parts(name)
    if not parts.key:
        return Match("unknown", None, 0.0)

    exact = _exact(registry, parts.type_hint, parts.key)
    fitting = [e for e in exact if _fits(registry.agencies[e.code], province_code, year)]
    codes = {e.code for e in fitting}
    if len(codes) == 1:
        entry = fitting[0]
        candidate = Candidate(entry.code, registry.agencies[entry.code].name, 100.0)
        return Match("alias" if entry.via_alias else "exact", entry.code, 100.0, (candidate,))
    if len(codes) > 1:
        return Match("ambiguous", None, 100.0, _candidates(dict.fromkeys(codes, 100.0), registry))

    through = _through_secretariat(name, province, year, aliases, registry)
    if through is not None:
        return through
    scored = _fuzzy_scores(registry, parts.type_hint, parts.key)
    # Exact spellings excluded by year or province stay visible as suggestions.
    for entry in exact:
        scored[entry.code] = 100.0
    fitting_scores = {c: s for c, s in scored.items() if _fits(registry.agencies[c], province_code, year)}
    ranked = sorted(fitting_scores.values(), reverse=True)
    if exact or not ranked:
        return Match("unknown", None, ranked[0] if ranked else 0.0, _candidates(scored, registry))
    best = ranked[0]
    second = ranked[1] if len(ranked) > 1 else 0.0
    candidates = _candidates(fitting_scores, registry)
    confident = best >= CONFIDENT_SCORE and best - second >= CONFIDENT_MARGIN
    clear = best >= CLEAR_SCORE and best - second >= CLEAR_MARGIN
    if _is_code_like(name):
        return Match("unknown", None, best, candidates)
    if confident or clear:
        return Match("fuzzy", candidates[0].code, best, candidates)
    if best >= AMBIGUOUS_SCORE:
        return Match("ambiguous", None, best, candidates)
    return Match("unknown", None, best, candidates)


def _is_code_like(name: str) -> bool:
    """True for a name whose last word alone is a short code-like token ('BEL', 'Kab. BOL')."""
    words = name.replace(".", " ").split()
    return bool(words) and len(words) <= 2 and _CODE_LIKE.match(words[-1]) is not None


def _through_secretariat(name: str, province: str | None, year: int | None, aliases: Mapping[str, str] | None,
                         registry: Registry) -> Match | None:
    """Return the match of X for 'Sekretariat (Jenderal) X' / 'Setjen X' when X is evaluated through its secretariat."""
    found = _SECRETARIAT.match(name)
    if found is None:
        return None
    inner = match_agency(found.group(1), province=province, year=year, aliases=aliases, registry=registry)
    if inner.code is None or registry.agencies[inner.code].type not in _THROUGH_SECRETARIAT:
        return None
    return inner


def resolve_agency(
    name: str,
    province: str | None = None,
    year: int | None = None,
    aliases: Mapping[str, str] | None = None,
) -> str:
    """Return the one agency code for a name, raising `UnknownAgencyError` or `AmbiguousAgencyError`."""
    match = match_agency(name, province=province, year=year, aliases=aliases)
    if match.ok:
        return match.code  # type: ignore[return-value]
    hint = ", ".join(f"{c.name} ({c.code})" for c in match.candidates)
    suffix = f"; did you mean: {hint}" if hint else ""
    if match.status == "ambiguous":
        raise AmbiguousAgencyError(f"{name!r} matches several agencies{suffix}")
    raise UnknownAgencyError(f"{name!r} matches no agency{suffix}")
