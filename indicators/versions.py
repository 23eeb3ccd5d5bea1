"""What one version of a framework changed against the previous one, in words an evaluator reads in `framework list`."""

from __future__ import annotations

import math

from indicators.framework import Framework


def compute_version_changes(old: Framework, new: Framework) -> list[str]:
    """Return one short English phrase per kind of change from `old` to `new` (empty when the method is the same)."""
    changes = []
    added = [code for code in new.nodes if code not in old.nodes]
    removed = [code for code in old.nodes if code not in new.nodes]
    both = [code for code in new.nodes if code in old.nodes]
    weights = [f"{code} {old.node(code).weight:g}→{new.node(code).weight:g}" for code in both
               if not math.isclose(old.node(code).weight, new.node(code).weight, abs_tol=1e-9)]
    renamed = [code for code in both if old.node(code).name != new.node(code).name]
    leaves = {node.code for node in new.leaves} & {node.code for node in old.leaves}
    scales = [code for code in both if code in leaves and old.scale_for(code) != new.scale_for(code)]
    if added:
        changes.append(f"added {', '.join(added)}")
    if removed:
        changes.append(f"removed {', '.join(removed)}")
    if weights:
        changes.append(f"weights {', '.join(weights)}")
    if scales:
        changes.append(f"scales of {', '.join(scales)}")
    if renamed:
        changes.append(f"names of {', '.join(renamed)}")
    if [(b.slug, b.min, b.max) for b in old.rating_bands] != [(b.slug, b.min, b.max) for b in new.rating_bands]:
        changes.append("rating bands")
    if old.years != new.years:
        changes.append(f"years {old.years[0]}–{old.years[1] or ''} → {new.years[0]}–{new.years[1] or ''}")
    return changes
