"""Validate a framework given as plain data (the YAML shape) and build it, collecting every located problem."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from indicators.errors import FrameworkError, FrameworkProblem
from indicators.model import INDICATOR, KINDS, Band, Level, LevelScale, Node

# Weights are written with at most a few decimals; sums are compared with this tolerance.
WEIGHT_TOLERANCE = 1e-6
WEIGHTINGS = ("percent", "relative", "bottom-percent")
# Level names the SPBE-shaped files and workbooks use, and the key code knows them by.
KNOWN_LEVEL_KEYS = {"domain": "domain", "aspek": "aspect", "aspect": "aspect", "indikator": INDICATOR,
                    "indicator": INDICATOR}
LEGACY_LEVELS = ({"id": "Domain", "en": "Domain"}, {"id": "Aspek", "en": "Aspect"},
                 {"id": "Indikator", "en": "Indicator"})
# Legacy files nest domains › aspects › indicators; generic ones nest tree › children.
CHILD_KEYS = ("children", "aspects", "indicators")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


class Collector:
    """Collects located problems; helpers return None (and record a problem) where a value does not fit."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[FrameworkProblem] = []

    def add(self, type_: str, path: str, message: str, value: Any = None) -> None:
        self.problems.append(FrameworkProblem(type=type_, message=message, path=path, value=value, file=self.source))

    def mapping(self, value: Any, path: str, what: str, required: bool = True) -> Mapping[str, Any] | None:
        if value is None and not required:
            return {}
        if not isinstance(value, Mapping):
            self.add("not-a-mapping", path, f"{what}: expected a mapping, found {type(value).__name__}", value)
            return None
        return value

    def text(self, data: Mapping[str, Any], key: str, path: str, what: str) -> str | None:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add("missing-text", _join(path, key), f"{what}: '{key}' must be a non-empty text", value)
            return None
        return value.strip()

    def whole(self, value: Any, path: str, what: str) -> int | None:
        number = _whole(value)
        if number is None:
            self.add("not-a-whole-number", path, f"{what} must be a whole number, found {value!r}", value)
        return number

    def number(self, value: Any, path: str, what: str, positive: bool = False) -> float | None:
        number = _number(value)
        if number is None or (positive and number <= 0):
            kind = "a positive number" if positive else "a number"
            self.add("not-a-number", path, f"{what} must be {kind}, found {value!r}", value)
            return None
        return number

    def names(self, value: Any, path: str, what: str, word: str = "name") -> dict[str, str] | None:
        data = self.mapping(value, path, f"{what} › {word}")
        if data is None:
            return None
        names = {str(k): str(v).strip() for k, v in data.items() if v is not None and str(v).strip()}
        if not names.get("id"):
            self.add("missing-name", _join(path, "id"), f"{what} › {word}: an Indonesian {word} ('id') is required")
            return None
        return names


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", ".")) if value.strip() else None
        except ValueError:
            return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


def _whole(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number.is_integer() else None


def level_key(name: str) -> str:
    """Return the code key of a level name ('Aspek' → 'aspect', 'Pilar' → 'pilar')."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "level"
    return KNOWN_LEVEL_KEYS.get(slug, slug)


def check_framework(data: Any, source: str = "<data>") -> tuple[Any, list[FrameworkProblem]]:
    """Return (Framework or None, every located problem) for a framework given as plain data."""
    from indicators.framework import Framework  # the class module imports this one for loading

    c = Collector(source)
    root = c.mapping(data, "", "framework")
    if root is None:
        return None, c.problems
    code = c.text(root, "code", "", "framework") or "?"
    where = f"framework {code}"
    title = c.names(root.get("title"), "title", where, "title")
    years = c.mapping(root.get("years"), "years", f"{where} › years")
    year_from = c.whole(years.get("from"), "years.from", f"{where} › years › from") if years is not None else None
    year_to = years.get("to") if years is not None else None
    if year_to is not None:
        year_to = c.whole(year_to, "years.to", f"{where} › years › to")
    legacy_scale = c.mapping(root.get("scale"), "scale", f"{where} › scale", required=False) or {}
    decimals = c.whole(root.get("decimals", legacy_scale.get("decimals", 2)), "decimals", f"{where} › decimals")
    levels = _parse_levels(c, root, where)
    scales = _parse_scales(c, root, where, legacy_scale)
    weighting = root.get("weighting", "percent")
    if weighting not in WEIGHTINGS:
        c.add("unknown-weighting", "weighting", f"{where}: weighting must be one of {', '.join(WEIGHTINGS)}, "
                                                f"found {weighting!r}", weighting)
        weighting = "unchecked"  # weights cannot be judged without knowing what they mean
    total = c.number(root.get("total_weight", 100.0), "total_weight", f"{where} › total_weight", positive=True) or 100.0
    tree = _Tree(c, levels, scales, weighting, total, where)
    tree.parse(root)
    nodes = tree.build()
    index_range = _index_range(c, [r["scale"] for r in tree.raw.values() if r["scale"]], scales, where)
    rating = c.mapping(root.get("rating"), "rating", f"{where} › rating")
    bands = _parse_bands(c, rating or {}, where, index_range)
    basis = c.mapping((rating or {}).get("basis", {}), "rating.basis", f"{where} › rating › basis") or {}
    default_rounding = _rounding(c, basis.get("default", {}), "rating.basis.default", where)
    rounding: dict[int, int | None] = {}
    years_basis = c.mapping(basis.get("years") or {}, "rating.basis.years", f"{where} › rating › basis › years") or {}
    for year, rule in years_basis.items():
        number = c.whole(year, f"rating.basis.years.{year}", f"{where} › rating › basis › years › {year}")
        if number is not None:
            rounding[number] = _rounding(c, rule, f"rating.basis.years.{year}", where)
    rating_name = (rating or {}).get("name") or {"id": "Predikat", "en": "Rating"}
    rating_name = c.names(rating_name, "rating.name", f"{where} › rating") or {"id": "Predikat"}
    patterns = _parse_patterns(c, root.get("code_patterns", {}), where, levels)
    if c.problems:
        return None, c.problems
    low, high = index_range
    floors = [s.not_answered for s in scales.values() if s.not_answered is not None and s.not_answered < s.min]
    framework = Framework(
        code=code, title=title, legal_basis=tuple(root.get("legal_basis") or ()), year_from=year_from,
        year_to=year_to, scale=_summary_scale(scales, nodes, decimals, floors, low, high),
        total_weight=total if weighting == "percent" else 100.0, nodes=nodes, level_scales=scales,
        rating_bands=bands, rating_rounding=rounding, default_rounding=default_rounding,
        code_patterns=patterns, reference=dict(root.get("reference") or {}), source=source,
        levels=tuple(levels), weighting=weighting, decimals=decimals, rating_name=rating_name,
        index_range=index_range, data=dict(root),
    )
    return framework, []


def parse_framework(data: Any, source: str = "<data>"):
    """Validate a framework given as plain data (as read from YAML) and build it; FrameworkError lists every problem."""
    framework, problems = check_framework(data, source)
    if problems:
        raise FrameworkError("; ".join(str(p) for p in problems), problems)
    return framework


def _summary_scale(scales, nodes, decimals, floors, low, high):
    from indicators.model import Scale

    used = {nodes[code].level_scale for code in nodes if nodes[code].is_leaf}
    mins = [scales[s].min for s in used if s in scales]
    return Scale(min=min(mins) if mins else low, max=high, not_answered=min(floors) if floors else None,
                 decimals=decimals)


def _parse_levels(c: Collector, root: Mapping[str, Any], where: str) -> list[Level]:
    items = root.get("levels")
    if items is None:
        if "tree" in root:
            c.add("missing-levels", "levels", f"{where}: 'levels' must name every level of the tree, top to bottom")
            # Stand-in levels as deep as the tree keep every other check meaningful (and quiet about depth).
            depth = _depth(root.get("tree"))
            return [Level(key=INDICATOR if d == depth else f"level-{d}", name={"id": f"?{d}"})
                    for d in range(1, depth + 1)]
        items = list(LEGACY_LEVELS)
    if not isinstance(items, list) or not items:
        c.add("missing-levels", "levels", f"{where}: 'levels' must be a non-empty list of level names")
        return []
    levels: list[Level] = []
    for i, item in enumerate(items):
        names = c.names(item, f"levels[{i}]", f"{where} › levels[{i}]")
        if names is None:
            continue
        last = i == len(items) - 1
        key = INDICATOR if last else str(item.get("key") or level_key(names["id"]))
        if key == INDICATOR and not last:
            key = f"{INDICATOR}-{i + 1}"
        if key in {level.key for level in levels}:
            c.add("duplicate-level", f"levels[{i}]", f"{where} › levels[{i}]: level {names['id']!r} is named twice")
        levels.append(Level(key=key, name={k: v for k, v in names.items() if k in ("id", "en")}))
    return levels


def _depth(items: Any) -> int:
    if not isinstance(items, list):
        return 0
    deepest = 0
    for item in items:
        if isinstance(item, Mapping):
            children = next((item[k] for k in CHILD_KEYS if k in item), None)
            deepest = max(deepest, 1 + _depth(children))
    return deepest


def _parse_scales(c: Collector, root: Mapping[str, Any], where: str,
                  legacy: Mapping[str, Any]) -> dict[str, LevelScale]:
    key = "scales" if "scales" in root else "level_scales"
    data = c.mapping(root.get(key, {}), key, f"{where} › {key}") or {}
    legacy_answer = _number(legacy.get("not_answered")) if legacy else None
    scales: dict[str, LevelScale] = {}
    for name, value in data.items():
        path = f"{key}.{name}"
        here = f"{where} › scale {name}"
        item = c.mapping(value, path, here)
        if item is None:
            continue
        names = c.names(item.get("name") or {"id": str(name)}, _join(path, "name"), here)
        kind = item.get("kind", "named")
        if kind == "continuous":
            low = c.number(item.get("min"), _join(path, "min"), f"{here} › min")
            high = c.number(item.get("max"), _join(path, "max"), f"{here} › max")
            if low is None or high is None:
                continue
            if high <= low:
                c.add("scale-range", _join(path, "max"), f"{here}: max ({high:g}) must be above min ({low:g})", high)
                continue
            step = c.number(item.get("step", (high - low) / 10), _join(path, "step"), f"{here} › step", positive=True)
            scales[str(name)] = LevelScale(code=str(name), name=names or {"id": str(name)}, kind="continuous",
                                           min=low, max=high, step=step or (high - low) / 10)
            continue
        if kind != "named":
            c.add("unknown-scale-kind", _join(path, "kind"), f"{here}: kind must be 'named' or 'continuous', found {kind!r}",
                  kind)
            continue
        legacy_range = key == "level_scales" and _whole(legacy.get("min")) is not None and _whole(legacy.get("max")) is not None
        if legacy_range and not item.get("levels"):
            # Legacy files may leave levels unnamed: the global scale's whole levels, without names.
            levels: dict[int, dict[str, str]] = {v: {} for v in range(_whole(legacy["min"]), _whole(legacy["max"]) + 1)}
        else:
            levels = _named_levels(c, item.get("levels"), _join(path, "levels"), here)
        if not levels:
            continue
        answer = item.get("not_answered", legacy_answer)
        answer = None if answer is None else c.whole(answer, _join(path, "not_answered"), f"{here} › not_answered")
        low, high = min(levels), max(levels)
        if answer is not None and low <= answer <= high and answer != low:
            c.add("not-answered-inside", _join(path, "not_answered"),
                  f"{here}: the not-answered value {answer} must be the lowest level or below it", answer)
        if sorted(levels) != list(range(low, high + 1)):
            c.add("levels-not-consecutive", _join(path, "levels"),
                  f"{here}: levels must be consecutive whole numbers, found {sorted(levels)}")
        scales[str(name)] = LevelScale(code=str(name), name=names or {"id": str(name)}, levels=levels, kind="named",
                                       min=float(low), max=float(high),
                                       not_answered=None if answer is None else float(answer), step=1.0)
    return scales


def _named_levels(c: Collector, data: Any, path: str, here: str) -> dict[int, dict[str, str]]:
    items = c.mapping(data, path, f"{here} › levels")
    if items is None:
        return {}
    if not items:
        c.add("empty-scale", path, f"{here}: a named scale needs at least one level")
        return {}
    levels: dict[int, dict[str, str]] = {}
    for value, names in items.items():
        number = c.whole(value, _join(path, str(value)), f"{here} › level {value!r}")
        label = c.names(names, _join(path, str(value)), f"{here} › level {value}")
        if number is not None and label is not None:
            levels[number] = label
    return levels


def _rounding(c: Collector, rule: Any, path: str, where: str) -> int | None:
    data = c.mapping(rule, path, f"{where} › {path}")
    if data is None or data.get("round") is None:
        return None
    digits = c.whole(data.get("round"), _join(path, "round"), f"{where} › {path} › round")
    if digits is not None and not 0 <= digits <= 6:
        c.add("bad-rounding", _join(path, "round"), f"{where} › {path}: round must be 0 to 6 digits, found {digits}", digits)
    return digits


class _Tree:
    """Walks the nested tree, records nodes with their depth, checks weights for the framework's weighting."""

    def __init__(self, c: Collector, levels: list[Level], scales: dict[str, LevelScale], weighting: str,
                 total: float, where: str) -> None:
        self.c, self.levels, self.scales, self.weighting, self.total, self.where = c, levels, scales, weighting, total, where
        self.raw: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        self.counters: dict[int, int] = {}

    def kind(self, depth: int) -> str:
        return self.levels[depth - 1].key if 0 < depth <= len(self.levels) else f"node-{depth}"

    def parse(self, root: Mapping[str, Any]) -> None:
        key = "tree" if "tree" in root else "domains"
        items = root.get(key)
        if not isinstance(items, list) or not items:
            self.c.add("empty-tree", key, f"{self.where}: needs a non-empty list '{key}'")
            return
        top = [self.visit(item, 1, None, None, f"{key}[{i}]") for i, item in enumerate(items)]
        self.check_sum([t for t in top if t], None, key)
        if self.weighting == "bottom-percent":
            given = [r["weight_given"] for r in self.raw.values() if not r["children"]]
            total = sum(w for w in given if w is not None)
            if None not in given and abs(total - 100.0) > WEIGHT_TOLERANCE:
                name = self.levels[-1].label() if self.levels else "indicator"
                self.c.add("weights-sum", key, f"{self.where}: {name} weights add up to {total:g}, expected 100 "
                                               "(percent of the index)", total)

    def visit(self, item: Any, depth: int, parent: str | None, inherited: str | None, path: str) -> str | None:
        c = self.c
        data = c.mapping(item, path, f"{self.where} › {path}")
        if data is None:
            return None
        kind = self.kind(depth)
        code = c.text(data, "code", path, f"{self.where} › {path}")
        if code is None:
            return None
        here = f"{kind} {code}"
        if code in self.raw:
            c.add("duplicate-code", _join(path, "code"), f"{here}: code {code} is used twice", code)
            code = f"{code}\x00{len(self.raw)}"  # keep walking the subtree without clobbering the first node
        names = c.names(data.get("name"), _join(path, "name"), here)
        self.counters[depth] = self.counters.get(depth, 0) + 1
        written = data.get("scale", data.get("level_scale"))
        scale = inherited if written is None else str(written)
        if written is not None and scale not in self.scales:
            c.add("unknown-scale", _join(path, "scale" if "scale" in data else "level_scale"),
                  f"{here}: level_scale {scale!r} is not defined under scales", written)
        child_key = next((k for k in CHILD_KEYS if k in data), None)
        items = data.get(child_key) if child_key else None
        record = {"code": code, "kind": kind, "depth": depth, "parent": parent, "name": names or {"id": code},
                  "number": data.get("number", self.counters[depth]), "path": path, "children": [],
                  "scale": None,
                  "weight_given": self.weight(data, path, here, leaf=not items or depth >= len(self.levels))}
        self.raw[code] = record
        self.order.append(code)
        if child_key and (not isinstance(items, list) or not items):
            c.add("empty-children", _join(path, child_key), f"{here}: needs a non-empty list '{child_key}'")
        if items:
            if depth >= len(self.levels):
                c.add("too-deep", _join(path, child_key), f"{here}: has children but {self.kind(depth)} is the bottom "
                                                          f"level of 'levels'")
                return code
            kids = [self.visit(child, depth + 1, code, scale, _join(_join(path, child_key), i))
                    for i, child in enumerate(items)]
            record["children"] = [k for k in kids if k]
            self.check_sum(record["children"], record, _join(path, child_key))
            return code
        if self.levels and depth != len(self.levels):
            c.add("leaf-too-high", path, f"{here}: has no children but only the bottom level "
                                         f"({self.levels[-1].label()}) may; add its children or move it")
        if scale is None:
            c.add("missing-scale", path, f"{here}: an indicator needs a scale (on itself or a node above it)")
        elif scale in self.scales:
            record["scale"] = scale
        return code

    def weight(self, data: Mapping[str, Any], path: str, here: str, leaf: bool) -> float | None:
        value = data.get("weight")
        if self.weighting == "unchecked":
            return _number(value)
        if self.weighting == "bottom-percent" and not leaf:
            if value is not None:
                self.c.add("weight-not-allowed", _join(path, "weight"),
                           f"{here}: with weights in percent on the bottom level only, {here} takes no weight", value)
            return None
        return self.c.number(value, _join(path, "weight"), f"{here}: 'weight'", positive=True)

    def check_sum(self, codes: list[str], parent: dict[str, Any] | None, path: str) -> None:
        if self.weighting != "percent":
            return
        weights = [self.raw[code]["weight_given"] for code in codes]
        if any(w is None for w in weights):
            return
        total = sum(weights)
        if parent is None:
            if abs(total - self.total) > WEIGHT_TOLERANCE:
                self.c.add("weights-sum", path, f"{self.where}: {self.kind(1)} weights add up to {total:g}, "
                                                f"expected {self.total:g}", total)
            return
        own = parent["weight_given"]
        if own is not None and abs(total - own) > WEIGHT_TOLERANCE:
            words = path.rsplit(".", 1)[-1]
            self.c.add("weights-sum", _join(parent["path"], "weight"),
                       f"{parent['kind']} {parent['code']}: weight is {own:g} but its {words} add up to {total:g}", own)

    def build(self) -> dict[str, Node]:
        if self.c.problems or not self.raw:
            return {}
        shares = self.shares()
        return {code: Node(code=code, kind=r["kind"], number=int(_whole(r["number"]) or 0), name=r["name"],
                           weight=self.percent(code, shares[code]), parent=r["parent"], children=tuple(r["children"]),
                           level_scale=r["scale"], depth=r["depth"], weight_given=r["weight_given"])
                for code, r in ((code, self.raw[code]) for code in self.order)}

    def percent(self, code: str, share: float) -> float:
        given = self.raw[code]["weight_given"]
        return given * 100.0 / self.total if self.weighting == "percent" else 100.0 * share

    def shares(self) -> dict[str, float]:
        """Return every node's fraction of the index for the framework's weighting."""
        shares: dict[str, float] = {}
        if self.weighting == "percent":
            # Divide last so that a total of 100 keeps the written percent exactly.
            return {code: r["weight_given"] * 100.0 / self.total / 100.0 for code, r in self.raw.items()}
        if self.weighting == "bottom-percent":
            for code in reversed(self.order):
                r = self.raw[code]
                shares[code] = (r["weight_given"] / 100.0 if not r["children"]
                                else sum(shares[k] for k in r["children"]))
            return shares
        # relative: a node's share is its parent's share split in proportion to the siblings' weights.
        groups: dict[str | None, list[str]] = {}
        for code in self.order:
            groups.setdefault(self.raw[code]["parent"], []).append(code)
        for code in self.order:
            r = self.raw[code]
            siblings = groups[r["parent"]]
            above = 1.0 if r["parent"] is None else shares[r["parent"]]
            shares[code] = above * r["weight_given"] / sum(self.raw[s]["weight_given"] for s in siblings)
        return shares


def _index_range(c: Collector, leaf_scales: list[str], scales: dict[str, LevelScale], where: str) -> tuple[float, float]:
    used = [scales[code] for code in leaf_scales if code in scales]
    if not used:
        return (0.0, 1.0)
    tops = sorted({s.max for s in used})
    if len(tops) > 1:
        c.add("scales-differ", "scales", f"{where}: every indicator scale must share one top value (the index is a "
                                         f"weighted mean of them), found {', '.join(f'{t:g}' for t in tops)}")
    # With differing tops, the first indicator's scale decides, so the bands are judged against one range.
    top = used[0].max
    return (min(s.floor for s in used if s.max == top), top)


def _parse_bands(c: Collector, rating: Mapping[str, Any], where: str, index_range: tuple[float, float]) -> tuple[Band, ...]:
    items = rating.get("bands")
    if not isinstance(items, list) or not items:
        c.add("missing-bands", "rating.bands", f"{where} › rating: needs a non-empty list 'bands'")
        return ()
    bands: list[tuple[Band, int]] = []
    for i, item in enumerate(items):
        path = f"rating.bands[{i}]"
        data = c.mapping(item, path, f"{where} › rating › bands[{i}]")
        if data is None:
            continue
        slug = c.text(data, "slug", path, f"{where} › rating › bands[{i}]")
        here = f"{where} › rating › band {slug}"
        low, high = _number(data.get("min")), _number(data.get("max"))
        ok = True
        if low is None or high is None or low >= high:
            c.add("band-range", _join(path, "min" if low is None else "max"),
                  f"{here}: needs numbers min < max, found min={data.get('min')!r} max={data.get('max')!r}")
            ok = False
        color = str(data.get("color", ""))
        if not _HEX.fullmatch(color):
            c.add("band-color", _join(path, "color"), f"{here}: color must be '#RRGGBB', found {color!r}", color)
            ok = False
        label = c.names(data.get("label"), _join(path, "label"), here, "label")
        if ok and slug and label:
            bands.append((Band(slug=slug, label=label, min=low, max=high, color=color.upper()), i))
    slugs = [b.slug for b, _ in bands]
    for band, i in bands:
        if slugs.count(band.slug) > 1 and slugs.index(band.slug) != [j for _, j in bands].index(i):
            c.add("duplicate-band", f"rating.bands[{i}].slug", f"{where} › rating: band slug {band.slug} is used twice")
    if not bands:
        return ()
    ordered = sorted(bands, key=lambda pair: pair[0].min)
    floor, top = index_range
    first, last = ordered[0], ordered[-1]
    if first[0].min > floor:
        c.add("band-gap", f"rating.bands[{first[1]}].min", f"{where} › rating › band {first[0].slug}: starts at "
              f"{first[0].min:g}, leaving {floor:g}–{first[0].min:g} without a rating", first[0].min)
    if last[0].max < top:
        c.add("band-gap", f"rating.bands[{last[1]}].max", f"{where} › rating › band {last[0].slug}: ends at "
              f"{last[0].max:g}, below the scale's top {top:g}", last[0].max)
    for (lower, _), (upper, j) in zip(ordered, ordered[1:], strict=False):
        if abs(lower.max - upper.min) > WEIGHT_TOLERANCE:
            kind = "gap" if lower.max < upper.min else "overlap"
            c.add(f"band-{kind}", f"rating.bands[{j}].min", f"{where} › rating › band {upper.slug}: {kind} with band "
                  f"{lower.slug} ({lower.max:g} vs {upper.min:g})", upper.min)
    # Best band first, as every table and legend lists them.
    return tuple(band for band, _ in reversed(ordered))


def _parse_patterns(c: Collector, data: Any, where: str, levels: list[Level]) -> dict[str, tuple[re.Pattern[str], ...]]:
    data = c.mapping(data, "code_patterns", f"{where} › code_patterns") or {}
    keys = [level.key for level in levels] or list(KINDS)
    # Without patterns of its own a level is still named by "<level name> <number>" ("Indikator 4", "Pillar 2").
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {
        level.key: tuple(_pattern(f"{name} {{n}}") for name in dict.fromkeys(level.name.values())) for level in levels}
    for key, texts in data.items():
        if key not in compiled:
            c.add("unknown-level", f"code_patterns.{key}", f"{where} › code_patterns: {key!r} is not a level key "
                                                           f"({', '.join(keys)})", key)
            continue
        patterns = []
        for i, text in enumerate(texts or ()):
            if "{n}" not in str(text):
                c.add("bad-pattern", f"code_patterns.{key}[{i}]",
                      f"{where} › code_patterns › {key}: pattern {text!r} needs a '{{n}}' placeholder", text)
                continue
            patterns.append(_pattern(str(text)))
        compiled[key] = tuple(patterns)
    return compiled


def _pattern(text: str) -> re.Pattern[str]:
    head, tail = (re.escape(part).replace(r"\ ", r"[\s._-]*") for part in text.split("{n}", 1))
    return re.compile(rf"{head}[\s._-]*0*(\d+){tail}", re.IGNORECASE)
