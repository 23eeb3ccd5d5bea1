"""Links between indicators (`needs`/`butuh`): an indicator's level may exceed the one it rests on by at most N.

Written on an indicator as a code (`needs: I1`), a mapping (`needs: {code: I1, by: 1}`) or a list of
either; `by` (alias `selisih`) defaults to 0. Checked like the rest of a framework: an unknown code, a
link from or to a node that is not an indicator, a negative allowance and a cycle are located problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indicators.collect import Collector, join, read_number

__all__ = ["allowed_level", "check_needs", "check_needs_note", "compute_link_breaches"]


def check_needs(c: Collector, raw: Mapping[str, Mapping[str, Any]], where: str) -> dict[str, dict[str, float]]:
    """Return {indicator: {indicator it rests on: allowance ≥ 0}} from the walked tree, recording located problems."""
    needs: dict[str, dict[str, float]] = {}
    for code, record in raw.items():
        written = record.get("needs")
        if written is None:
            continue
        path = join(record["path"], record.get("needs_key", "needs"))
        here = f"{record['kind']} {code}"
        if record["children"]:
            c.add("needs-not-indicator", path, f"{here}: only an indicator may rest on another (needs)", written,
                  key="needs-on-group", code=code)
            continue
        items = written if isinstance(written, list) else [written]
        for i, item in enumerate(items):
            spot = join(path, i) if isinstance(written, list) else path
            target, allowance = _read_item(c, item, spot, here)
            if target is None:
                continue
            if target not in raw:
                c.add("unknown-need", spot, f"{here}: needs {target!r}, which is not a code of this framework", target,
                      code=code, target=target)
            elif raw[target]["children"]:
                c.add("needs-not-indicator", spot, f"{here}: needs {target}, which is not an indicator", target,
                      code=code, target=target)
            elif allowance is not None:
                needs.setdefault(code, {})[target] = allowance
    for cycle in _cycles(needs):
        first = raw[cycle[0]]
        c.add("needs-cycle", join(first["path"], first.get("needs_key", "needs")),
              f"{where}: indicators rest on each other in a circle ({' → '.join([*cycle, cycle[0]])}); "
              "remove one of these links", cycle[0], circle=" → ".join([*cycle, cycle[0]]))
    return needs


def check_needs_note(c: Collector, root: Mapping[str, Any], where: str) -> dict[str, str] | None:
    """Return the file's word on where its links come from ({id, en?}; None when it says nothing)."""
    if root.get("needs_note") is None:
        return None
    return c.names(root["needs_note"], "needs_note", where, "needs_note")


def _read_item(c: Collector, item: Any, path: str, here: str) -> tuple[str | None, float | None]:
    if isinstance(item, str | int) and not isinstance(item, bool):
        return str(item).strip() or None, 0.0
    if not isinstance(item, Mapping) or item.get("code") is None:
        c.add("bad-need", path, f"{here}: needs takes a code or {{code: CODE, by: N}}, found {item!r}", item,
              here=here, found=repr(item))
        return None, None
    value = item.get("by", item.get("selisih", 0))
    allowance = read_number(value)
    if allowance is None or allowance < 0:
        c.add("bad-need", join(path, "by"), f"{here}: 'by' must be a number ≥ 0 (how far above it may go), "
                                            f"found {value!r}", value, key="bad-need-by", here=here,
              found=repr(value))
        return str(item["code"]).strip(), None
    return str(item["code"]).strip(), float(allowance)


def _cycles(needs: Mapping[str, Mapping[str, float]]) -> list[list[str]]:
    """Return one list of codes per cycle (iterative: a hostile file's long chains cannot exhaust the stack)."""
    remaining = {code: set(targets) for code, targets in needs.items()}
    # Peel off every code that rests on nothing left; what stays lies on a cycle or leads into one.
    changed = True
    while changed:
        changed = False
        for code in list(remaining):
            if not remaining[code] & remaining.keys():
                del remaining[code]
                changed = True
    found: list[list[str]] = []
    seen: set[str] = set()
    for start in remaining:
        if start in seen:
            continue
        trail: list[str] = []
        code = start
        while code not in trail and code not in seen:
            trail.append(code)
            code = min(remaining[code] & remaining.keys())
        if code in trail:
            found.append(trail[trail.index(code):])
        seen.update(trail)
    return found


def allowed_level(code: str, levels: Mapping[str, float], needs: Mapping[str, Mapping[str, float]]) -> float | None:
    """Return the highest level `code` may hold given the levels it rests on (None: no link limits it)."""
    limits = [levels[target] + allowance for target, allowance in needs.get(code, {}).items() if target in levels]
    return min(limits) if limits else None


def compute_link_breaches(levels: Mapping[str, float | None],
                          needs: Mapping[str, Mapping[str, float]]) -> list[tuple[str, str, float, float]]:
    """Return (indicator, indicator it rests on, its level, that one's level) wherever a level exceeds its allowance."""
    breaches = []
    for code, targets in needs.items():
        for target, allowance in targets.items():
            own, base = levels.get(code), levels.get(target)
            if own is not None and base is not None and own > base + allowance:
                breaches.append((code, target, own, base))
    return breaches
