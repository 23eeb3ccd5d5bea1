"""Plain frozen data classes describing a maturity framework of any depth."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# A node's kind is the key of its level ("domain", "aspect", "pilar", ...); the bottom level is always
# "indicator". The alias stays for the callers that still name it.
NodeKind = str
INDICATOR = "indicator"
# The level keys of the SPBE-shaped (legacy) files, top to bottom.
KINDS: tuple[str, ...] = ("domain", "aspect", "indicator")


@dataclass(frozen=True)
class Level:
    """One level of the tree (Domain, Aspek, Indikator...): its key and its name per language."""

    key: str
    name: dict[str, str]

    def label(self, lang: str = "id") -> str:
        """Return the level's name in `lang`, falling back to Indonesian."""
        return self.name.get(lang) or self.name["id"]


@dataclass(frozen=True)
class Node:
    """One node of the tree; `weight` is its percent of the whole index (derived for every weighting)."""

    code: str
    kind: NodeKind
    number: int
    name: dict[str, str]
    weight: float
    parent: str | None
    children: tuple[str, ...] = ()
    level_scale: str | None = None
    depth: int = 1
    weight_given: float | None = None
    # An indicator whose raw value has its own scale (a 0–100 survey): `indicators.conversion.Conversion`.
    conversion: Any = None

    @property
    def share(self) -> float:
        """The node's fraction (0–1) of the index."""
        return self.weight / 100.0

    @property
    def is_leaf(self) -> bool:
        """True for an indicator (a node without children)."""
        return not self.children

    def label(self, lang: str = "id") -> str:
        """Return the node's name in `lang` ('id' or 'en'), falling back to Indonesian."""
        return self.name.get(lang) or self.name["id"]


@dataclass(frozen=True)
class Band:
    """One rating band: index in [min, max), the top band also including max."""

    slug: str
    label: dict[str, str]
    min: float
    max: float
    color: str

    def text(self, lang: str = "id") -> str:
        """Return the band's label in `lang`, falling back to Indonesian."""
        return self.label.get(lang) or self.label["id"]


@dataclass(frozen=True)
class Scale:
    """Summary of the index range (legacy): lowest scale minimum, highest maximum, not-answered value."""

    min: float
    max: float
    not_answered: float | None
    decimals: int

    @property
    def floor(self) -> float:
        """Lowest value any score can take (the not-answered value when it lies below min)."""
        return float(min(self.min, self.not_answered if self.not_answered is not None else self.min))

    def allowed(self) -> tuple[float, ...]:
        """Every whole level from min to max, not-answered included, ascending (named scales only)."""
        levels = set(range(int(self.min), int(self.max) + 1))
        if self.not_answered is not None:
            levels.add(self.not_answered)
        return tuple(sorted(levels))


@dataclass(frozen=True)
class LevelScale:
    """The scale of an indicator: named whole levels (1–5, 0–5...) or a continuous range (0–1, 0–100)."""

    code: str
    name: dict[str, str]
    levels: dict[int, dict[str, str]] = field(default_factory=dict)
    kind: str = "named"
    min: float = 1.0
    max: float = 5.0
    not_answered: float | None = None
    step: float = 1.0

    @property
    def continuous(self) -> bool:
        """True for a continuous scale (any number from min to max)."""
        return self.kind == "continuous"

    @property
    def floor(self) -> float:
        """Lowest value an indicator on this scale can hold (not-answered included)."""
        return float(min(self.min, self.not_answered if self.not_answered is not None else self.min))

    def allowed(self) -> tuple[float, ...]:
        """Every value a named scale admits (its levels plus not-answered), ascending; () when continuous."""
        if self.continuous:
            return ()
        values = {float(v) for v in self.levels}
        if self.not_answered is not None:
            values.add(float(self.not_answered))
        return tuple(sorted(values))

    def fits(self, value: float) -> bool:
        """True when `value` is a valid value on this scale."""
        if self.continuous:
            return self.min <= value <= self.max
        return value in self._admitted

    @cached_property
    def _admitted(self) -> frozenset[float]:
        # Scoring checks every level of every load against its scale: the set is made once per scale.
        return frozenset(self.allowed())

    def label(self, value: float, lang: str = "id") -> str:
        """Return the name of a named level, '' for not-answered, unnamed or continuous values."""
        if self.continuous or value is None or float(value) != int(value):
            return ""
        names = self.levels.get(int(value))
        return (names.get(lang) or names["id"]) if names else ""
