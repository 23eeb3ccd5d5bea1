"""Validate a framework given as plain data (the YAML shape) and build it, collecting every located problem."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from indicators.collect import Collector, join, read_number, read_whole
from indicators.errors import FrameworkError, Problem
from indicators.framework import Framework
from indicators.links import check_needs, check_needs_note
from indicators.model import INDICATOR, KINDS, Band, Level, LevelScale, Scale
from indicators.tree import MAX_DEPTH, WEIGHT_TOLERANCE, WEIGHTINGS, TreeWalker, tree_depth

# Level names the SPBE-shaped files and workbooks use, and the key code knows them by.
KNOWN_LEVEL_KEYS = {"domain": "domain", "aspek": "aspect", "aspect": "aspect", "indikator": INDICATOR,
                    "indicator": INDICATOR}
LEGACY_LEVELS = ({"id": "Domain", "en": "Domain"}, {"id": "Aspek", "en": "Aspect"},
                 {"id": "Indikator", "en": "Indicator"})
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def level_key(name: str) -> str:
    """Return the code key of a level name ('Aspek' → 'aspect', 'Pilar' → 'pilar')."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "level"
    return KNOWN_LEVEL_KEYS.get(slug, slug)


def check_framework(data: Any, source: str = "<data>") -> tuple[Any, list[Problem]]:
    """Return (Framework or None, every located problem) for a framework given as plain data."""
    c = Collector(source)
    root = c.mapping(data, "", "framework")
    if root is None:
        return None, c.problems
    code = c.text(root, "code", "", "framework") or "?"
    where = f"framework {code}"
    title = c.names(root.get("title"), "title", where, "title")
    short_title = _short_title(c, root, where)
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
                                                f"found {weighting!r}", weighting, found=repr(weighting),
              known=", ".join(WEIGHTINGS))
        weighting = "unchecked"  # weights cannot be judged without knowing what they mean
    total = c.number(root.get("total_weight", 100.0), "total_weight", f"{where} › total_weight", positive=True) or 100.0
    tree = TreeWalker(c, levels, scales, weighting, total, where)
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
    needs = check_needs(c, tree.raw, where)
    needs_note = check_needs_note(c, root, where)
    if c.problems:
        return None, c.problems
    framework = Framework(
        code=code, title=title, legal_basis=tuple(root.get("legal_basis") or ()), year_from=year_from,
        year_to=year_to, scale=_summary_scale(scales, nodes, decimals, index_range),
        # Node weights are percent of the index whatever the file's total, so the total is 100.
        total_weight=100.0, nodes=nodes, level_scales=scales,
        rating_bands=bands, rating_rounding=rounding, default_rounding=default_rounding,
        code_patterns=patterns, reference=dict(root.get("reference") or {}), source=source,
        levels=tuple(levels), weighting=weighting, decimals=decimals, rating_name=rating_name,
        index_range=index_range, short_title=short_title, data=dict(root), needs=needs,
        needs_note=needs_note,
    )
    return framework, []


# A short title is for headings and menus; longer ones wrap on a phone and on slides.
SHORT_TITLE_MAX = 40


def _short_title(c: Collector, root: dict, where: str) -> dict[str, str] | None:
    if root.get("short_title") is None:
        return None
    names = c.names(root["short_title"], "short_title", where, "short_title")
    for lang, text in (names or {}).items():
        if len(text) > SHORT_TITLE_MAX:
            c.add("long-short-title", f"short_title.{lang}", f"{where} › short_title › {lang}: at most "
                  f"{SHORT_TITLE_MAX} characters (it heads pages and slides), found {len(text)}; put the rest in "
                  "title", text, lang=lang, most=SHORT_TITLE_MAX, found=len(text))
    return names


def parse_framework(data: Any, source: str = "<data>"):
    """Validate a framework given as plain data (as read from YAML) and build it; FrameworkError lists every problem."""
    framework, problems = check_framework(data, source)
    if problems:
        raise FrameworkError("; ".join(str(p) for p in problems), problems)
    return framework


def _summary_scale(scales: dict[str, LevelScale], nodes: dict, decimals: int,
                   index_range: tuple[float, float]) -> Scale:
    """Return the legacy one-scale summary: lowest indicator minimum, common top, lowest not-answered value."""
    used = [scales[code] for code in {node.level_scale for node in nodes.values() if node.is_leaf} if code in scales]
    floors = [s.not_answered for s in used if s.not_answered is not None and s.not_answered < s.min]
    return Scale(min=min((s.min for s in used), default=index_range[0]), max=index_range[1],
                 not_answered=min(floors) if floors else None,
                 decimals=decimals)


def _parse_levels(c: Collector, root: Mapping[str, Any], where: str) -> list[Level]:
    items = root.get("levels")
    if items is None:
        if "tree" in root:
            c.add("missing-levels", "levels", f"{where}: 'levels' must name every level of the tree, top to bottom",
                  key="missing-levels-tree")
            # Stand-in levels as deep as the tree keep every other check meaningful (and quiet about depth).
            depth = tree_depth(root.get("tree"))
            return [Level(key=INDICATOR if d == depth else f"level-{d}", name={"id": f"?{d}"})
                    for d in range(1, depth + 1)]
        items = list(LEGACY_LEVELS)
    if not isinstance(items, list) or not items or len(items) > MAX_DEPTH:
        c.add("missing-levels", "levels", f"{where}: 'levels' must be a list of 1 to {MAX_DEPTH} level names",
              most=MAX_DEPTH)
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
        if key in {level.key for level in levels} or names["id"].casefold() in {lv.name["id"].casefold() for lv in levels}:
            c.add("duplicate-level", f"levels[{i}]", f"{where} › levels[{i}]: level {names['id']!r} is named twice",
                  key="duplicate-tree-level", level=names["id"])
        levels.append(Level(key=key, name={k: v for k, v in names.items() if k in ("id", "en")}))
    return levels


def _parse_scales(c: Collector, root: Mapping[str, Any], where: str,
                  legacy: Mapping[str, Any]) -> dict[str, LevelScale]:
    key = "scales" if "scales" in root else "level_scales"
    data = c.mapping(root.get(key, {}), key, f"{where} › {key}") or {}
    legacy_answer = read_number(legacy.get("not_answered")) if legacy else None
    scales: dict[str, LevelScale] = {}
    for name, value in data.items():
        path = f"{key}.{name}"
        here = f"{where} › scale {name}"
        item = c.mapping(value, path, here)
        if item is None:
            continue
        names = c.names(item.get("name") or {"id": str(name)}, join(path, "name"), here)
        kind = item.get("kind", "named")
        if kind == "continuous":
            low = c.number(item.get("min"), join(path, "min"), f"{here} › min")
            high = c.number(item.get("max"), join(path, "max"), f"{here} › max")
            if low is None or high is None:
                continue
            if high <= low:
                c.add("scale-range", join(path, "max"), f"{here}: max ({high:g}) must be above min ({low:g})", high,
                      scale=str(name), low=float(low), high=float(high))
                continue
            step = c.number(item.get("step", (high - low) / 10), join(path, "step"), f"{here} › step", positive=True)
            scales[str(name)] = LevelScale(code=str(name), name=names or {"id": str(name)}, kind="continuous",
                                           min=low, max=high, step=step or (high - low) / 10)
            continue
        if kind != "named":
            c.add("unknown-scale-kind", join(path, "kind"), f"{here}: kind must be 'named' or 'continuous', found {kind!r}",
                  kind, scale=str(name), found=repr(kind))
            continue
        legacy_range = key == "level_scales" and read_whole(legacy.get("min")) is not None and read_whole(legacy.get("max")) is not None
        if legacy_range and not item.get("levels"):
            # Legacy files may leave levels unnamed: the global scale's whole levels, without names.
            levels: dict[int, dict[str, str]] = {v: {} for v in range(read_whole(legacy["min"]), read_whole(legacy["max"]) + 1)}
        else:
            levels = _named_levels(c, item.get("levels"), join(path, "levels"), here)
        if not levels:
            continue
        answer = item.get("not_answered", legacy_answer)
        answer = None if answer is None else c.whole(answer, join(path, "not_answered"), f"{here} › not_answered")
        low, high = min(levels), max(levels)
        if answer is not None and low <= answer <= high and answer != low:
            c.add("not-answered-inside", join(path, "not_answered"),
                  f"{here}: the not-answered value {answer} must be the lowest level or below it", answer,
                  scale=str(name), answer=answer, low=low)
        if sorted(levels) != list(range(low, high + 1)):
            c.add("levels-not-consecutive", join(path, "levels"),
                  f"{here}: levels must be consecutive whole numbers, found {sorted(levels)}",
                  scale=str(name), found=", ".join(map(str, sorted(levels))))
        scales[str(name)] = LevelScale(code=str(name), name=names or {"id": str(name)}, levels=levels, kind="named",
                                       min=float(low), max=float(high),
                                       not_answered=None if answer is None else float(answer), step=1.0)
    return scales


def _named_levels(c: Collector, data: Any, path: str, here: str) -> dict[int, dict[str, str]]:
    items = c.mapping(data, path, f"{here} › levels")
    if items is None:
        return {}
    if not items:
        c.add("empty-scale", path, f"{here}: a named scale needs at least one level", what=here)
        return {}
    levels: dict[int, dict[str, str]] = {}
    for value, names in items.items():
        number = c.whole(value, join(path, str(value)), f"{here} › level {value!r}")
        label = c.names(names, join(path, str(value)), f"{here} › level {value}")
        if number is not None:
            # A level without its name is still there: its number counts for the consecutive check
            # (the missing name is already reported, and a framework with problems is never built).
            levels[number] = label or {}
    return levels


def _rounding(c: Collector, rule: Any, path: str, where: str) -> int | None:
    data = c.mapping(rule, path, f"{where} › {path}")
    if data is None or data.get("round") is None:
        return None
    digits = c.whole(data.get("round"), join(path, "round"), f"{where} › {path} › round")
    if digits is not None and not 0 <= digits <= 6:
        c.add("bad-rounding", join(path, "round"), f"{where} › {path}: round must be 0 to 6 digits, found {digits}", digits,
              found=digits)
    return digits


def _index_range(c: Collector, leaf_scales: list[str], scales: dict[str, LevelScale], where: str) -> tuple[float, float]:
    used = [scales[code] for code in leaf_scales if code in scales]
    if not used:
        return (0.0, 1.0)
    tops = sorted({s.max for s in used})
    if len(tops) > 1:
        c.add("scales-differ", "scales", f"{where}: every indicator scale must share one top value (the index is a "
                                         f"weighted mean of them), found {', '.join(f'{t:g}' for t in tops)}",
              found=", ".join(f"{t:g}" for t in tops))
    # With differing tops, the first indicator's scale decides, so the bands are judged against one range.
    top = used[0].max
    return (min(s.floor for s in used if s.max == top), top)


def _parse_bands(c: Collector, rating: Mapping[str, Any], where: str, index_range: tuple[float, float]) -> tuple[Band, ...]:
    items = rating.get("bands")
    if not isinstance(items, list) or not items:
        c.add("missing-bands", "rating.bands", f"{where} › rating: needs a non-empty list 'bands'", table="Predikat")
        return ()
    bands: list[tuple[Band, int]] = []
    for i, item in enumerate(items):
        path = f"rating.bands[{i}]"
        data = c.mapping(item, path, f"{where} › rating › bands[{i}]")
        if data is None:
            continue
        slug = c.text(data, "slug", path, f"{where} › rating › bands[{i}]")
        here = f"{where} › rating › band {slug}"
        low, high = read_number(data.get("min")), read_number(data.get("max"))
        ok = True
        if low is None or high is None or low >= high:
            c.add("band-range", join(path, "min" if low is None else "max"),
                  f"{here}: needs numbers min < max, found min={data.get('min')!r} max={data.get('max')!r}",
                  band=slug, low=repr(data.get("min")), high=repr(data.get("max")))
            ok = False
        color = str(data.get("color", ""))
        if not _HEX.fullmatch(color):
            c.add("band-color", join(path, "color"), f"{here}: color must be '#RRGGBB', found {color!r}", color, band=slug,
                  found=repr(color))
            ok = False
        label = c.names(data.get("label"), join(path, "label"), here, "label")
        if ok and slug and label:
            bands.append((Band(slug=slug, label=label, min=low, max=high, color=color.upper()), i))
    slugs = [b.slug for b, _ in bands]
    for band, i in bands:
        if slugs.count(band.slug) > 1 and slugs.index(band.slug) != [j for _, j in bands].index(i):
            c.add("duplicate-band", f"rating.bands[{i}].slug", f"{where} › rating: band slug {band.slug} is used twice",
                  band=band.slug)
    if not bands:
        return ()
    ordered = sorted(bands, key=lambda pair: pair[0].min)
    floor, top = index_range
    first, last = ordered[0], ordered[-1]
    if first[0].min > floor:
        c.add("band-gap", f"rating.bands[{first[1]}].min", f"{where} › rating › band {first[0].slug}: starts at "
              f"{first[0].min:g}, leaving {floor:g}–{first[0].min:g} without a rating", first[0].min,
              key="band-gap-floor", band=first[0].slug, low=float(floor), high=float(first[0].min))
    if last[0].max < top:
        c.add("band-gap", f"rating.bands[{last[1]}].max", f"{where} › rating › band {last[0].slug}: ends at "
              f"{last[0].max:g}, below the scale's top {top:g}", last[0].max,
              key="band-gap-top", band=last[0].slug, low=float(last[0].max), high=float(top))
    for (lower, _), (upper, j) in zip(ordered, ordered[1:], strict=False):
        if abs(lower.max - upper.min) > WEIGHT_TOLERANCE:
            kind = "gap" if lower.max < upper.min else "overlap"
            c.add("band-gap" if kind == "gap" else "band-overlap", f"rating.bands[{j}].min",
                  f"{where} › rating › band {upper.slug}: {kind} with band {lower.slug} ({lower.max:g} vs {upper.min:g})",
                  upper.min, band=upper.slug, other=lower.slug, low=float(lower.max), high=float(upper.min))
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
                                                           f"({', '.join(keys)})", key,
                  level=key, known=", ".join(keys))
            continue
        patterns = []
        for i, text in enumerate(texts or ()):
            if "{n}" not in str(text):
                c.add("bad-pattern", f"code_patterns.{key}[{i}]",
                      f"{where} › code_patterns › {key}: pattern {text!r} needs a '{{n}}' placeholder", text,
                      level=key, pattern=repr(text))
                continue
            patterns.append(_pattern(str(text)))
        compiled[key] = tuple(patterns)
    return compiled


def _pattern(text: str) -> re.Pattern[str]:
    head, tail = (re.escape(part).replace(r"\ ", r"[\s._-]*") for part in text.split("{n}", 1))
    return re.compile(rf"{head}[\s._-]*0*(\d+){tail}", re.IGNORECASE)
