"""A validated maturity framework of any depth, and loading it from a YAML file or a framework workbook."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from indicators.errors import FrameworkError
from indicators.model import INDICATOR, Band, Level, LevelScale, Node, NodeKind, Scale

FRAMEWORK_DIR = Path(__file__).resolve().parent.parent / "data" / "frameworks"
FRAMEWORK_SUFFIXES = (".yaml", ".yml", ".xlsx")

__all__ = ["FRAMEWORK_DIR", "FRAMEWORK_SUFFIXES", "Framework", "round_half_up"]


@dataclass(frozen=True)
class Framework:
    """A validated framework: its tree of nodes (any depth), level names, scales, rating bands and reference figures."""

    code: str
    title: dict[str, str]
    legal_basis: tuple[str, ...]
    year_from: int
    year_to: int | None
    scale: Scale
    total_weight: float
    nodes: dict[str, Node]
    level_scales: dict[str, LevelScale]
    rating_bands: tuple[Band, ...]
    rating_rounding: dict[int, int | None]
    default_rounding: int | None
    code_patterns: dict[str, tuple[re.Pattern[str], ...]]
    reference: dict[str, Any]
    source: str
    levels: tuple[Level, ...] = ()
    weighting: str = "percent"
    decimals: int = 2
    rating_name: dict[str, str] = field(default_factory=lambda: {"id": "Predikat", "en": "Rating"})
    index_range: tuple[float, float] = (0.0, 5.0)
    # A name for headings, slides and menus ("Indeks SPBE"); the full title stays in captions and reports.
    short_title: dict[str, str] | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    # Links: an indicator's level may exceed each indicator it rests on by at most N ({practice: {policy: N}}).
    needs: dict[str, dict[str, float]] = field(default_factory=dict)
    needs_note: dict[str, str] | None = None

    # --- structure -------------------------------------------------------------------------------
    @property
    def depth(self) -> int:
        """Number of levels under the index (≥ 1)."""
        return len(self.levels)

    @property
    def years(self) -> tuple[int, int | None]:
        """First and last year the framework is in force (last None: open-ended)."""
        return self.year_from, self.year_to

    @property
    def scales(self) -> dict[str, LevelScale]:
        """The indicator scales by code."""
        return self.level_scales

    def title_text(self, lang: str = "id") -> str:
        """Return the framework's title in `lang`, falling back to Indonesian."""
        return self.title.get(lang) or self.title["id"]

    def short_text(self, lang: str = "id") -> str:
        """Return the framework's short title in `lang` for headings, else its title in `lang` (a reader of
        English gets the English full title before the Indonesian short one)."""
        short = self.short_title or {}
        if lang in short:
            return short[lang]
        if lang in self.title and lang != "id":
            return self.title[lang]
        return short.get("id") or self.title_text(lang)

    def level_label(self, depth: int, lang: str = "id") -> str:
        """Return the name of the level at `depth` (1 = top) in `lang`, falling back to Indonesian."""
        return self.levels[depth - 1].label(lang)

    @cached_property
    def _by_kind(self) -> dict[str, tuple[Node, ...]]:
        # Readers ask for the indicators per cell; build the tuples once per framework.
        return _grouped(self.nodes.values(), lambda node: node.kind)

    @cached_property
    def _by_depth(self) -> dict[int, tuple[Node, ...]]:
        return _grouped(self.nodes.values(), lambda node: node.depth)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The level keys top to bottom (SPBE: domain, aspect, indicator)."""
        return tuple(level.key for level in self.levels)

    def depth_of(self, kind: NodeKind) -> int:
        """Return the depth (1 = top) of the level with key `kind`; FrameworkError when there is none."""
        try:
            return self.kinds.index(kind) + 1
        except ValueError:
            raise FrameworkError(f"{self.code}: no level {kind!r} (levels: {', '.join(self.kinds)})") from None

    def of_kind(self, kind: NodeKind) -> tuple[Node, ...]:
        """Return every node of one level key in framework order (empty when the framework has no such level)."""
        return self._by_kind.get(kind, ())

    def nodes_at(self, depth: int) -> tuple[Node, ...]:
        """Return the nodes at `depth` (1 = top level) in framework order."""
        return self._by_depth.get(depth, ())

    @property
    def top_nodes(self) -> tuple[Node, ...]:
        """The nodes directly under the index (SPBE: the domains)."""
        return self.nodes_at(1)

    @property
    def leaves(self) -> tuple[Node, ...]:
        """The indicators (bottom level) in framework order."""
        return self.of_kind(INDICATOR)

    @property
    def domains(self) -> tuple[Node, ...]:
        """The nodes of level key 'domain' (SPBE-shaped frameworks; empty otherwise)."""
        return self.of_kind("domain")

    @property
    def aspects(self) -> tuple[Node, ...]:
        """The nodes of level key 'aspect' (empty when the framework has no aspect level)."""
        return self.of_kind("aspect")

    @property
    def indicators(self) -> tuple[Node, ...]:
        """The indicators in framework order."""
        return self.leaves

    def node(self, code: str) -> Node:
        """Return the node with this exact code or raise FrameworkError naming it."""
        try:
            return self.nodes[code]
        except KeyError:
            raise FrameworkError(f"{self.code}: no node with code {code!r}") from None

    def name_of(self, code: str, lang: str = "id") -> str:
        """Return a node's name in `lang`, falling back to Indonesian."""
        return self.node(code).label(lang)

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Return the codes above a node, nearest first (an indicator gives its aspect, then domain)."""
        chain: list[str] = []
        parent = self.node(code).parent
        while parent is not None:
            chain.append(parent)
            parent = self.nodes[parent].parent
        return tuple(chain)

    def leaves_under(self, code: str) -> tuple[str, ...]:
        """Return the indicator codes under a node (the node itself for an indicator)."""
        node = self.node(code)
        if node.is_leaf:
            return (code,)
        return tuple(leaf for child in node.children for leaf in self.leaves_under(child))

    def applies_to(self, year: int) -> bool:
        """True when the framework is in force for this evaluation year."""
        return year >= self.year_from and (self.year_to is None or year <= self.year_to)

    # --- scales ----------------------------------------------------------------------------------
    def scale_for(self, code: str) -> LevelScale:
        """Return the scale of indicator `code` (named levels or continuous range)."""
        node = self.node(code)
        if node.level_scale is None:
            raise FrameworkError(f"{self.code}: {code} is not an indicator and has no scale")
        return self.level_scales[node.level_scale]

    def level_name(self, code: str, level: float, lang: str = "id") -> str:
        """Return the name of a named level on the scale of indicator `code`, '' for other values."""
        return self.scale_for(code).label(level, lang)

    # --- codes -----------------------------------------------------------------------------------
    def normalize_code(self, text: Any, kind: NodeKind | None = None) -> str | None:
        """Return the node code a header or cell names ('ID-7', 'Indikator 7', 'i7' → 'I7'), or None.

        A bare number ('7') is read as a node number only when `kind` says which level is meant.
        """
        if text is None:
            return None
        if isinstance(text, float) and text.is_integer():
            text = int(text)
        raw = " ".join(str(text).split())
        if not raw:
            return None
        if raw in self.nodes and (kind is None or self.nodes[raw].kind == kind):
            return raw
        kinds = (kind,) if kind else self.kinds
        if raw.isdigit():
            return self._numbers.get(kind, {}).get(int(raw)) if kind else None
        for candidate in kinds:
            for pattern in self.code_patterns.get(candidate, ()):
                match = pattern.fullmatch(raw)
                if match:
                    return self._numbers.get(candidate, {}).get(int(match.group(1)))
        return self._upper.get(raw.upper()) if kind is None or self._kind_of_upper(raw) == kind else None

    def _kind_of_upper(self, raw: str) -> str | None:
        code = self._upper.get(raw.upper())
        return self.nodes[code].kind if code else None

    @cached_property
    def _upper(self) -> dict[str, str]:
        return {code.upper(): code for code in self.nodes}

    @cached_property
    def _numbers(self) -> dict[str, dict[int, str]]:
        return {kind: {node.number: node.code for node in nodes} for kind, nodes in self._by_kind.items()}

    # --- rating ----------------------------------------------------------------------------------
    def rating_decimals(self, year: int | None) -> int | None:
        """Return the decimals the index is rounded to before rating in `year` (None: unrounded)."""
        if year is None:
            return self.default_rounding
        return self.rating_rounding.get(int(year), self.default_rounding)

    def rating_basis(self, index: float, year: int | None) -> float:
        """Return the index value the rating of `year` is read from (rounded half up where the year says)."""
        return round_half_up(index, self.rating_decimals(year))

    def rating_for(self, index: float | None, year: int | None) -> Band | None:
        """Return the rating band of an index in `year`, or None for a missing index."""
        if index is None or (isinstance(index, float) and math.isnan(index)):
            return None
        value = self.rating_basis(index, year)
        top = max(band.max for band in self.rating_bands)
        for band in self.rating_bands:
            if band.min <= value < band.max or (value == band.max == top):
                return band
        raise FrameworkError(f"{self.code}: index {index!r} lies outside every rating band")

    def band(self, slug: str) -> Band:
        """Return the rating band with this slug."""
        for band in self.rating_bands:
            if band.slug == slug:
                return band
        raise FrameworkError(f"{self.code}: no rating band {slug!r}")

    def band_by_label(self, text: str) -> Band | None:
        """Return the band whose label (any language) or slug matches `text`, ignoring case and spaces."""
        key = _label_key(text)
        for band in self.rating_bands:
            if key in {_label_key(band.slug), *(_label_key(v) for v in band.label.values())}:
                return band
        return None

    def reference_for(self, year: int) -> dict[str, Any] | None:
        """Return the published national figures of `year` (index, top-level values, agencies) or None."""
        return (self.reference.get("national") or {}).get(int(year))


def round_half_up(value: float, decimals: int | None) -> float:
    """Round like the published tables (half away from zero) after removing float noise; None keeps it."""
    if decimals is None:
        return float(value)
    factor = 10.0**decimals
    # Rounding the scaled value to 6 decimals first turns 328.24999999 (binary noise) back into 328.25.
    return math.floor(round(abs(value) * factor, 6) + 0.5) / factor * (1 if value >= 0 else -1)


def _grouped(nodes, key) -> dict:
    grouped: dict = {}
    for node in nodes:
        grouped.setdefault(key(node), []).append(node)
    return {k: tuple(v) for k, v in grouped.items()}


def _label_key(text: str) -> str:
    return re.sub(r"[\s_-]+", "", str(text)).casefold()
