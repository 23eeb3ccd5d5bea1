"""Plain frozen data classes describing a maturity framework."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

NodeKind = Literal["domain", "aspect", "indicator"]
KINDS: tuple[NodeKind, ...] = ("domain", "aspect", "indicator")


@dataclass(frozen=True)
class Node:
    """One domain, aspect or indicator with its weight in percent of the whole index."""

    code: str
    kind: NodeKind
    number: int
    name: dict[str, str]
    weight: float
    parent: str | None
    children: tuple[str, ...] = ()
    level_scale: str | None = None

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
    """The level scale: whole levels from min to max, plus the value meaning 'not answered'."""

    min: int
    max: int
    not_answered: int | None
    decimals: int

    @property
    def floor(self) -> float:
        """Lowest value any score can take (the not-answered value when it lies below min)."""
        return float(min(self.min, self.not_answered if self.not_answered is not None else self.min))

    def allowed(self) -> tuple[int, ...]:
        """Every level a cell may hold, not-answered included, ascending."""
        levels = set(range(self.min, self.max + 1))
        if self.not_answered is not None:
            levels.add(self.not_answered)
        return tuple(sorted(levels))


@dataclass(frozen=True)
class LevelScale:
    """Names of the levels of one kind of capability (process, service...)."""

    code: str
    name: dict[str, str]
    levels: dict[int, dict[str, str]] = field(default_factory=dict)
