"""Walk the nested tree of a framework: depth and level of every node, indicator scales, weights per weighting."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indicators.collect import Collector, join, read_number, read_whole
from indicators.conversion import parse_conversion
from indicators.model import Level, LevelScale, Node

# Weights are written with at most a few decimals; sums are compared with this tolerance.
WEIGHT_TOLERANCE = 1e-6
WEIGHTINGS = ("percent", "relative", "bottom-percent")
# Deeper than any real index; a hostile file nested further is refused instead of exhausting the stack.
MAX_DEPTH = 20
# Legacy files nest domains › aspects › indicators; generic ones nest tree › children.
CHILD_KEYS = ("children", "aspects", "indicators")


def tree_depth(items: Any, below: int = 0) -> int:
    """Return how many levels a nested list of node mappings has (0 for anything else; at most MAX_DEPTH + 1)."""
    if not isinstance(items, list) or below > MAX_DEPTH:
        return 0
    deepest = 0
    for item in items:
        if isinstance(item, Mapping):
            children = next((item[k] for k in CHILD_KEYS if k in item), None)
            deepest = max(deepest, 1 + tree_depth(children, below + 1))
    return deepest



class TreeWalker:
    """Walks the nested tree, records nodes with their depth, checks weights for the framework's weighting."""

    def __init__(self, c: Collector, levels: list[Level], scales: dict[str, LevelScale], weighting: str,
                 total: float, where: str) -> None:
        self.c, self.levels, self.scales, self.weighting, self.total, self.where = c, levels, scales, weighting, total, where
        self.raw: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        self.counters: dict[int, int] = {}

    def kind(self, depth: int) -> str:
        """Return the level key of `depth` (1 = top)."""
        return self.levels[depth - 1].key if 0 < depth <= len(self.levels) else f"node-{depth}"

    def parse(self, root: Mapping[str, Any]) -> None:
        """Walk the whole tree of the framework data, recording nodes and problems."""
        key = "tree" if "tree" in root else "domains"
        items = root.get(key)
        if not isinstance(items, list) or not items:
            self.c.add("empty-tree", key, f"{self.where}: needs a non-empty list '{key}'", name=key)
            return
        top = [self.visit(item, 1, None, None, f"{key}[{i}]") for i, item in enumerate(items)]
        self.check_sum([t for t in top if t], None, key)
        if self.weighting == "bottom-percent":
            leaves = [r for r in self.raw.values() if not r["children"]]
            given = [r["weight_given"] for r in leaves]
            total = sum(w for w in given if w is not None)
            if None not in given and abs(total - 100.0) > WEIGHT_TOLERANCE:
                name = self.levels[-1].label() if self.levels else "indicator"
                # A duplicate code walks on under a private suffix; the evaluator wrote the plain code.
                rows = " + ".join(f"{r['code'].split(chr(0))[0]} {r['weight_given']:g}" for r in leaves)
                self.c.add("weights-sum", key, f"{self.where}: {name} weights add up to {total:g}, expected 100 "
                                               f"(percent of the index): {rows}", total,
                           total=float(total), expected=100.0, rows=rows, sum=total)

    def visit(self, item: Any, depth: int, parent: str | None, inherited: str | None, path: str) -> str | None:
        """Record one node and its subtree; return its code (None when the node cannot be read)."""
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
            c.add("duplicate-code", join(path, "code"), f"{here}: code {code} is used twice", code, code=code)
            code = f"{code}\x00{len(self.raw)}"  # keep walking the subtree without clobbering the first node
        names = c.names(data.get("name"), join(path, "name"), here)
        self.counters[depth] = self.counters.get(depth, 0) + 1
        written = data.get("scale", data.get("level_scale"))
        scale = inherited if written is None else str(written)
        if written is not None and scale not in self.scales:
            c.add("unknown-scale", join(path, "scale" if "scale" in data else "level_scale"),
                  f"{here}: level_scale {scale!r} is not defined under scales", written,
                  code=code, scale=scale, known=", ".join(self.scales) or "-")
        child_key = next((k for k in CHILD_KEYS if k in data), None)
        items = data.get(child_key) if child_key else None
        record = {"code": code, "kind": kind, "depth": depth, "parent": parent, "name": names or {"id": code},
                  "number": data.get("number", self.counters[depth]), "path": path, "children": [],
                  "scale": None, "conversion": None, "needs": data.get("needs", data.get("butuh")),
                  "needs_key": "needs" if "needs" in data else "butuh",
                  "weight_given": self.weight(data, path, here, leaf=child_key is None or depth >= len(self.levels))}
        self.raw[code] = record
        self.order.append(code)
        if child_key and (not isinstance(items, list) or not items):
            c.add("empty-children", join(path, child_key), f"{here}: needs a non-empty list '{child_key}'", code=code,
                  name=child_key)
            return code
        if items:
            if depth >= len(self.levels):
                c.add("too-deep", join(path, child_key), f"{here}: has children but {self.kind(depth)} is the bottom "
                                                          f"level of 'levels'", key="too-deep-level", code=code,
                      level=self.kind(depth))
                return code
            if data.get("conversion") is not None:
                c.add("conversion-not-leaf", join(path, "conversion"), f"{here}: only an indicator takes a conversion; "
                      "move it to the indicator", code=code)
            kids = [self.visit(child, depth + 1, code, scale, join(join(path, child_key), i))
                    for i, child in enumerate(items)]
            record["children"] = [k for k in kids if k]
            self.check_sum(record["children"], record, join(path, child_key))
            return code
        if self.levels and depth != len(self.levels):
            c.add("leaf-too-high", path, f"{here}: has no children but only the bottom level "
                                         f"({self.levels[-1].label()}) may; add its children or move it",
                  code=code, level=self.levels[-1].label())
        if scale is None:
            c.add("missing-scale", path, f"{here}: an indicator needs a scale (on itself or a node above it)", code=code)
        elif scale in self.scales:
            record["scale"] = scale
        if data.get("conversion") is not None:
            record["conversion"] = parse_conversion(c, data["conversion"], join(path, "conversion"), here,
                                                    self.scales.get(scale) if scale else None)
        return code

    def weight(self, data: Mapping[str, Any], path: str, here: str, leaf: bool) -> float | None:
        """Return the node's weight as the weighting reads it (None where it takes none), recording problems."""
        value = data.get("weight")
        if self.weighting == "unchecked":
            return read_number(value)
        if self.weighting == "bottom-percent" and not leaf:
            if value is not None:
                self.c.add("weight-not-allowed", join(path, "weight"),
                           f"{here}: with weights in percent on the bottom level only, {here} takes no weight", value,
                           code=here.split(" ", 1)[-1])
            return None
        return self.c.number(value, join(path, "weight"), f"{here}: 'weight'", positive=True)

    def check_sum(self, codes: list[str], parent: dict[str, Any] | None, path: str) -> None:
        """With weights in percent on every node, check that children add up to their parent (or the total)."""
        if self.weighting != "percent":
            return
        weights = [self.raw[code]["weight_given"] for code in codes]
        if any(w is None for w in weights):
            return
        total = sum(weights)
        rows = " + ".join(f"{code.split(chr(0))[0]} {weight:g}" for code, weight in zip(codes, weights, strict=True))
        if parent is None:
            if abs(total - self.total) > WEIGHT_TOLERANCE:
                self.c.add("weights-sum", path, f"{self.where}: {self.kind(1)} weights add up to {total:g}, "
                                                f"expected {self.total:g}: {rows}", total,
                           total=float(total), expected=float(self.total), rows=rows)
            return
        own = parent["weight_given"]
        if own is not None and abs(total - own) > WEIGHT_TOLERANCE:
            words = path.rsplit(".", 1)[-1]
            self.c.add("weights-sum", join(parent["path"], "weight"),
                       f"{parent['kind']} {parent['code']}: weight is {own:g} but its {words} add up to {total:g}: {rows}",
                       own, key="weights-sum-parent", code=parent["code"], own=float(own), total=float(total), rows=rows)

    def build(self) -> dict[str, Node]:
        """Return the nodes in framework order with weights in percent of the index ({} when problems were found)."""
        if self.c.problems or not self.raw:
            return {}
        shares = self.shares()
        return {code: Node(code=code, kind=r["kind"], number=int(read_whole(r["number"]) or 0), name=r["name"],
                           weight=self.percent(code, shares[code]), parent=r["parent"], children=tuple(r["children"]),
                           level_scale=r["scale"], depth=r["depth"], weight_given=r["weight_given"],
                           conversion=r["conversion"])
                for code, r in ((code, self.raw[code]) for code in self.order)}

    def percent(self, code: str, share: float) -> float:
        """Return a node's percent of the index (as written for the 'percent' weighting)."""
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
