"""Load a maturity framework from YAML, validate it, and answer questions about its structure."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from indicators.errors import FrameworkError
from indicators.model import KINDS, Band, LevelScale, Node, NodeKind, Scale

FRAMEWORK_DIR = Path(__file__).resolve().parent.parent / "data" / "frameworks"
# Weights are written with at most two decimals; sums are compared with this tolerance.
WEIGHT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Framework:
    """A validated framework: its tree of nodes, level names, rating bands and reference figures."""

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

    # --- structure -------------------------------------------------------------------------------
    @cached_property
    def _by_kind(self) -> dict[str, tuple[Node, ...]]:
        # Readers ask for the indicators per cell; build the tuples once per framework.
        return {kind: tuple(node for node in self.nodes.values() if node.kind == kind) for kind in KINDS}

    def of_kind(self, kind: NodeKind) -> tuple[Node, ...]:
        """Return every node of one kind in framework order."""
        return self._by_kind[kind]

    @property
    def domains(self) -> tuple[Node, ...]:
        """The domains in framework order."""
        return self.of_kind("domain")

    @property
    def aspects(self) -> tuple[Node, ...]:
        """The aspects in framework order."""
        return self.of_kind("aspect")

    @property
    def indicators(self) -> tuple[Node, ...]:
        """The indicators in framework order."""
        return self.of_kind("indicator")

    def node(self, code: str) -> Node:
        """Return the node with this exact code or raise FrameworkError naming it."""
        try:
            return self.nodes[code]
        except KeyError:
            raise FrameworkError(f"{self.code}: no node with code {code!r}") from None

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Return the codes above a node, nearest first (an indicator gives its aspect, then domain)."""
        chain: list[str] = []
        parent = self.node(code).parent
        while parent is not None:
            chain.append(parent)
            parent = self.nodes[parent].parent
        return tuple(chain)

    def leaves(self, code: str) -> tuple[str, ...]:
        """Return the indicator codes under a node (the node itself for an indicator)."""
        node = self.node(code)
        if node.kind == "indicator":
            return (code,)
        return tuple(leaf for child in node.children for leaf in self.leaves(child))

    def applies_to(self, year: int) -> bool:
        """True when the framework is in force for this evaluation year."""
        return year >= self.year_from and (self.year_to is None or year <= self.year_to)

    def normalize_code(self, text: Any, kind: NodeKind | None = None) -> str | None:
        """Return the node code a header or cell names ('ID-7', 'Indikator 7', 'i7' → 'I7'), or None.

        A bare number ('7') is read as a node number only when `kind` says which kind is meant.
        """
        if text is None:
            return None
        if isinstance(text, float) and text.is_integer():
            text = int(text)
        raw = " ".join(str(text).split())
        if not raw:
            return None
        kinds = (kind,) if kind else KINDS
        if raw.isdigit():
            if kind is None:
                return None
            return self._by_number(kind, int(raw))
        for candidate in kinds:
            for pattern in self.code_patterns[candidate]:
                match = pattern.fullmatch(raw)
                if match:
                    return self._by_number(candidate, int(match.group(1)))
        upper = raw.upper()
        if upper in self.nodes and (kind is None or self.nodes[upper].kind == kind):
            return upper
        return None

    def _by_number(self, kind: NodeKind, number: int) -> str | None:
        return self._numbers[kind].get(number)

    @cached_property
    def _numbers(self) -> dict[str, dict[int, str]]:
        return {kind: {node.number: node.code for node in self.of_kind(kind)} for kind in KINDS}

    def level_name(self, code: str, level: int, lang: str = "id") -> str:
        """Return the name of `level` (1..max) on the scale of indicator `code`, '' for other values."""
        node = self.node(code)
        names = self.level_scales[node.level_scale].levels.get(int(level)) if node.level_scale else None
        return (names.get(lang) or names["id"]) if names else ""

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
        for band in self.rating_bands:
            if band.min <= value < band.max or (value == band.max == self.scale.max):
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
        """Return the published national figures of `year` (index, domain values, agencies) or None."""
        return self.reference.get("national", {}).get(int(year))


def round_half_up(value: float, decimals: int | None) -> float:
    """Round like the published tables (half away from zero) after removing float noise; None keeps it."""
    if decimals is None:
        return float(value)
    factor = 10.0**decimals
    # Rounding the scaled value to 6 decimals first turns 328.24999999 (binary noise) back into 328.25.
    return math.floor(round(abs(value) * factor, 6) + 0.5) / factor * (1 if value >= 0 else -1)


def _label_key(text: str) -> str:
    return re.sub(r"[\s_-]+", "", str(text)).casefold()


# --- loading and validation ---------------------------------------------------------------------


def list_frameworks(directory: Path = FRAMEWORK_DIR) -> list[str]:
    """Return the codes of the framework files shipped in `directory`, sorted."""
    return sorted(path.stem for path in directory.glob("*.yaml"))


def framework_for_year(year: int, directory: Path = FRAMEWORK_DIR) -> Framework:
    """Return the shipped framework in force in `year` (the newest when several claim it)."""
    matches = [fw for fw in (load_framework(code, directory) for code in list_frameworks(directory)) if fw.applies_to(year)]
    if not matches:
        raise FrameworkError(f"no framework in {directory} applies to year {year}")
    return max(matches, key=lambda fw: fw.year_from)


def load_framework(code_or_path: str | Path, directory: Path = FRAMEWORK_DIR) -> Framework:
    """Load and validate a framework by code (a file in data/frameworks) or by path to a YAML file."""
    path = Path(code_or_path)
    if path.suffix not in {".yaml", ".yml"}:
        path = directory / f"{code_or_path}.yaml"
    return _load_path(str(path.resolve()))


@cache
def _load_path(path: str) -> Framework:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkError(f"cannot read framework file {path}: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path}: not valid YAML: {exc}") from None
    return parse_framework(data, source=path)


def parse_framework(data: Any, source: str = "<data>") -> Framework:
    """Validate a framework given as plain data (as read from YAML) and build it; errors name the node."""
    v = _Validator(source)
    root = v.mapping(data, "framework")
    code = v.text(root, "code", "framework")
    where = f"framework {code}"
    scale_data = v.mapping(root.get("scale"), f"{where} › scale")
    scale = Scale(
        min=v.integer(scale_data, "min", f"{where} › scale"),
        max=v.integer(scale_data, "max", f"{where} › scale"),
        not_answered=scale_data.get("not_answered"),
        decimals=int(scale_data.get("decimals", 2)),
    )
    if scale.max <= scale.min:
        v.fail(f"{where} › scale: max ({scale.max}) must be above min ({scale.min})")
    level_scales = {
        key: LevelScale(code=key, name=dict(value.get("name", {})), levels={int(k): dict(n) for k, n in value.get("levels", {}).items()})
        for key, value in v.mapping(root.get("level_scales", {}), f"{where} › level_scales").items()
    }
    nodes = _parse_tree(v, root, where, level_scales)
    total_weight = float(root.get("total_weight", 100.0))
    domain_sum = sum(node.weight for node in nodes.values() if node.kind == "domain")
    if abs(domain_sum - total_weight) > WEIGHT_TOLERANCE:
        v.fail(f"{where}: domain weights add up to {domain_sum:g}, expected {total_weight:g}")
    bands = _parse_bands(v, root, where, scale)
    rating = v.mapping(root.get("rating"), f"{where} › rating")
    basis = v.mapping(rating.get("basis", {}), f"{where} › rating › basis")
    default_rounding = v.mapping(basis.get("default", {}), f"{where} › rating › basis › default").get("round")
    rounding = {int(year): v.mapping(rule, f"{where} › rating › basis › years › {year}").get("round") for year, rule in (basis.get("years") or {}).items()}
    years = v.mapping(root.get("years"), f"{where} › years")
    patterns = _parse_patterns(v, root.get("code_patterns", {}), where)
    return Framework(
        code=code,
        title=dict(v.mapping(root.get("title"), f"{where} › title")),
        legal_basis=tuple(root.get("legal_basis", ())),
        year_from=v.integer(years, "from", f"{where} › years"),
        year_to=years.get("to"),
        scale=scale,
        total_weight=total_weight,
        nodes=nodes,
        level_scales=level_scales,
        rating_bands=bands,
        rating_rounding=rounding,
        default_rounding=default_rounding,
        code_patterns=patterns,
        reference=dict(root.get("reference") or {}),
        source=source,
    )


class _Validator:
    """Small helpers that raise FrameworkError naming the file and node."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, message: str) -> None:
        raise FrameworkError(f"{self.source}: {message}")

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(f"{where}: expected a mapping, found {type(value).__name__}")
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{where}: '{key}' must be a non-empty text")
        return value.strip()

    def integer(self, data: Mapping[str, Any], key: str, where: str) -> int:
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(f"{where}: '{key}' must be a whole number, found {value!r}")
        return value

    def number(self, data: Mapping[str, Any], key: str, where: str) -> float:
        value = data.get(key)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or value <= 0:
            self.fail(f"{where}: '{key}' must be a positive number, found {value!r}")
        return float(value)


_CHILD_KEY = {"domain": "aspects", "aspect": "indicators"}


def _parse_tree(v: _Validator, root: Mapping[str, Any], where: str, level_scales: dict[str, LevelScale]) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    counters = dict.fromkeys(KINDS, 0)

    def visit(item: Any, kind: NodeKind, parent: str | None, inherited_scale: str | None, path: str) -> Node:
        data = v.mapping(item, path)
        code = v.text(data, "code", path)
        here = f"{path.rsplit(' › ', 1)[0]} › {kind} {code}"
        if code in nodes:
            v.fail(f"{here}: code {code} is used twice")
        counters[kind] += 1
        weight = v.number(data, "weight", here)
        name = v.mapping(data.get("name"), f"{here} › name")
        if not name.get("id"):
            v.fail(f"{here} › name: an Indonesian name ('id') is required")
        scale = data.get("level_scale", inherited_scale)
        if scale is not None and scale not in level_scales:
            v.fail(f"{here}: level_scale {scale!r} is not defined under level_scales")
        children: tuple[str, ...] = ()
        # Reserve the slot so framework order is parents before children.
        nodes[code] = None  # type: ignore[assignment]
        if kind in _CHILD_KEY:
            key = _CHILD_KEY[kind]
            items = data.get(key)
            if not isinstance(items, list) or not items:
                v.fail(f"{here}: needs a non-empty list '{key}'")
            child_kind: NodeKind = "aspect" if kind == "domain" else "indicator"
            built = [visit(child, child_kind, code, scale, f"{here} › {key}[{i}]") for i, child in enumerate(items)]
            children = tuple(child.code for child in built)
            child_sum = sum(child.weight for child in built)
            if abs(child_sum - weight) > WEIGHT_TOLERANCE:
                v.fail(f"{here}: weight is {weight:g} but its {key} add up to {child_sum:g}")
        elif scale is None:
            v.fail(f"{here}: an indicator needs a level_scale (on itself or its aspect)")
        node = Node(code=code, kind=kind, number=int(data.get("number", counters[kind])), name=dict(name),
                    weight=weight, parent=parent, children=children, level_scale=scale if kind == "indicator" else None)
        nodes[code] = node
        return node

    domains = root.get("domains")
    if not isinstance(domains, list) or not domains:
        v.fail(f"{where}: needs a non-empty list 'domains'")
    for i, item in enumerate(domains):
        visit(item, "domain", None, None, f"{where} › domains[{i}]")
    return nodes


_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def _parse_bands(v: _Validator, root: Mapping[str, Any], where: str, scale: Scale) -> tuple[Band, ...]:
    rating = v.mapping(root.get("rating"), f"{where} › rating")
    items = rating.get("bands")
    if not isinstance(items, list) or not items:
        v.fail(f"{where} › rating: needs a non-empty list 'bands'")
    bands = []
    for i, item in enumerate(items):
        data = v.mapping(item, f"{where} › rating › bands[{i}]")
        slug = v.text(data, "slug", f"{where} › rating › bands[{i}]")
        here = f"{where} › rating › band {slug}"
        low, high = data.get("min"), data.get("max")
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (low, high)) or low >= high:
            v.fail(f"{here}: needs numbers min < max, found min={low!r} max={high!r}")
        color = str(data.get("color", ""))
        if not _HEX.fullmatch(color):
            v.fail(f"{here}: color must be '#RRGGBB', found {color!r}")
        label = v.mapping(data.get("label"), f"{here} › label")
        if not label.get("id"):
            v.fail(f"{here} › label: an Indonesian label ('id') is required")
        bands.append(Band(slug=slug, label=dict(label), min=float(low), max=float(high), color=color.upper()))
    if len({b.slug for b in bands}) != len(bands):
        v.fail(f"{where} › rating: band slugs must be unique")
    ordered = sorted(bands, key=lambda b: b.min)
    if ordered[0].min > scale.floor:
        v.fail(f"{where} › rating › band {ordered[0].slug}: starts at {ordered[0].min:g}, leaving {scale.floor:g}–{ordered[0].min:g} without a rating")
    if ordered[-1].max < scale.max:
        v.fail(f"{where} › rating › band {ordered[-1].slug}: ends at {ordered[-1].max:g}, below the scale's top {scale.max}")
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if abs(lower.max - upper.min) > WEIGHT_TOLERANCE:
            kind = "gap" if lower.max < upper.min else "overlap"
            v.fail(f"{where} › rating › band {upper.slug}: {kind} with band {lower.slug} ({lower.max:g} vs {upper.min:g})")
    # Best band first, as every table and legend lists them.
    return tuple(reversed(ordered))


def _parse_patterns(v: _Validator, data: Any, where: str) -> dict[str, tuple[re.Pattern[str], ...]]:
    data = v.mapping(data, f"{where} › code_patterns")
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for kind in KINDS:
        patterns = []
        for text in data.get(kind, ()):
            if "{n}" not in text:
                v.fail(f"{where} › code_patterns › {kind}: pattern {text!r} needs a '{{n}}' placeholder")
            head, tail = (re.escape(part).replace(r"\ ", r"[\s._-]*") for part in text.split("{n}", 1))
            patterns.append(re.compile(rf"{head}[\s._-]*0*(\d+){tail}", re.IGNORECASE))
        compiled[kind] = tuple(patterns)
    return compiled
