"""Gap analysis: distance to the next rating, the shortest path of level raises to reach it, and profiles.

Path rule. A step raises one indicator by one level of its own scale: on a named scale from the
not-answered value (0) to the scale's minimum (1), otherwise from n to n+1; on a continuous scale by
the scale's `step` (a tenth of its range unless the file says otherwise), never above the maximum.
A step on indicator i gains weight_i × (to − from) / 100 of index, whatever the depth of the tree. The path picks, at every step, the largest gain
(ties: lower current level, then framework order). Greedy is optimal: every indicator's gains are
non-increasing along its own raises (the raise from not answered is at least as large as the next
ones; a continuous scale's steps are equal but the last, which may be shorter), so after k steps greedy holds the k largest gains any sequence of k steps can collect. Any
path reaching the threshold with k steps therefore lets greedy reach it in at most k steps. With
SPBE's 0→1 and n→n+1 steps every gain is weight/100, so this is "highest weight first".

Links (`framework.needs`). An indicator may not be raised above the indicators it rests on (plus
their allowance): such a raise comes as a bundle with the raises of what it rests on, those first
(each marked with the indicator it `serves`), and bundles are ranked by their gain per step. Without
links every bundle is one step and the order above is unchanged; with them the path never lifts an
indicator past its links, which may cost steps over the unlinked optimum.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from indicators.errors import ScoringError
from indicators.framework import Framework
from indicators.rating import band_edges, lowest_index_for, next_band
from indicators.review import (
    AspectProfile,
    AssessmentGap,
    compute_assessment_gap,
    compute_assessment_gap_frame,
    compute_strengths_weaknesses,
)
from indicators.scoring import compute_scores
from indicators.weights import CLEAN_DECIMALS

# Continuous levels are compared with this slack, so 0.30000000000000004 counts as 0.3.
LINK_TOLERANCE = 1e-9

__all__ = [
    "AspectProfile",
    "AssessmentGap",
    "Gap",
    "Step",
    "compute_assessment_gap",
    "compute_assessment_gap_frame",
    "compute_gap",
    "compute_path_to_next_rating",
    "compute_strengths_weaknesses",
    "raise_once",
]


@dataclass(frozen=True)
class Gap:
    """How far an index (scale units) is from the next rating band and from a target; None where not applicable."""

    index: float
    rating: str
    next_rating: str | None
    next_threshold: float | None
    to_next: float | None
    target: float | None
    to_target: float | None


@dataclass(frozen=True)
class Step:
    """One raise of one indicator by one level, with the index gain and the index after it (scale units)."""

    indicator: str
    from_level: float
    to_level: float
    index_gain: float
    index_after: float
    serves: str | None = None  # the linked indicator this raise makes room for (a policy raised first)


def compute_gap(index: float, framework: Framework, year: int | None, target: float | None = None) -> Gap:
    """Return the distance (≥ 0, scale units) from `index` to the lowest index rated in the next band, and to `target`.

    The threshold is read on the year's rating basis: in a year rated on two decimals an index of
    edge − 0.005 already counts. `to_target` is 0 once the target is met.
    """
    band = framework.rating_for(index, year)
    if band is None:
        raise ScoringError("cannot measure a gap without an index")
    above = next_band(framework, band)
    threshold = lowest_index_for(framework, above, year) if above else None
    return Gap(
        index=float(index),
        rating=band.slug,
        next_rating=above.slug if above else None,
        next_threshold=threshold,
        to_next=_clean(max(0.0, threshold - index)) if threshold is not None else None,
        target=None if target is None else float(target),
        to_target=None if target is None else _clean(max(0.0, target - index)),
    )


def raise_once(level: float, framework: Framework, code: str | None = None) -> float | None:
    """Return the value one raise of indicator `code` leads to (not answered → minimum, +1, or + step), None at the top.

    Without `code` the first indicator's scale is used (SPBE: every indicator shares one scale).
    """
    scale = framework.scale_for(code or framework.leaves[0].code)
    if level >= scale.max:
        return None
    if scale.continuous:
        return min(scale.max, round(level + scale.step, CLEAN_DECIMALS))
    if scale.not_answered is not None and level == scale.not_answered and level < scale.min:
        return _whole(scale.min)
    return _whole(level + 1)


def _whole(value: float) -> float:
    # Named levels stay ints so callers and messages show "3", not "3.0".
    return int(value) if float(value).is_integer() else value


def compute_path_to_next_rating(levels: Mapping[str, int], framework: Framework, year: int | None) -> list[Step]:
    """Return the fewest one-level raises that lift the index into the next rating band of `year` ([] at the top band)."""
    scores = compute_scores(levels, framework, level="indicator")
    if not scores.complete:
        raise ScoringError(f"cannot plan a path with levels missing: {', '.join(scores.missing)}")
    ascending, _ = band_edges(framework)
    band = framework.rating_for(scores.index, year)
    goal = next_band(framework, band)
    if goal is None:
        return []
    goal_position = ascending.index(goal)
    current = {node.code: _whole(scores.nodes[node.code]) for node in framework.leaves}
    order = {code: i for i, code in enumerate(current)}
    index = scores.index
    steps: list[Step] = []
    while ascending.index(framework.rating_for(index, year)) < goal_position:
        best = None
        for code, level in current.items():
            to = raise_once(level, framework, code)
            if to is None:
                continue
            links = framework.needs.get(code)
            # Most raises rest on nothing, or on what already allows them: one step, no simulation needed.
            fits = not links or all(to <= current[base] + by + LINK_TOLERANCE for base, by in links.items())
            bundle = [(code, level, to)] if fits else _bundle(code, to, current, framework)
            if not bundle:
                continue
            gain = _clean(sum(framework.nodes[c].weight * (b - a) for c, a, b in bundle))
            rank = (-gain / len(bundle), len(bundle), level, order[code])
            if best is None or rank < best[0]:
                best = (rank, code, bundle)
        if best is None:  # unreachable for a validated framework: all-maximum is rated in the top band
            raise ScoringError(f"{framework.code}: the next rating cannot be reached")
        _, code, bundle = best
        for raised, before, to in bundle:
            current[raised] = to
            after = compute_scores(current, framework, level="indicator").index
            steps.append(Step(indicator=raised, from_level=before, to_level=to, index_gain=_clean(after - index),
                              index_after=after, serves=None if raised == code else code))
            index = after
            if ascending.index(framework.rating_for(index, year)) >= goal_position:
                break
    return steps


def _bundle(code: str, to: float, levels: Mapping[str, float],
            framework: Framework) -> list[tuple[str, float, float]] | None:
    """Return the raises (code, from, to) that lift `code` to `to` within its links, what it rests on first (None: impossible)."""
    held = dict(levels)
    raises: list[tuple[str, float, float]] = []

    def lift(node: str, target: float) -> bool:
        while held[node] < target - LINK_TOLERANCE:
            nxt = raise_once(held[node], framework, node)
            if nxt is None:
                return False
            for base, allowance in framework.needs.get(node, {}).items():
                if not lift(base, nxt - allowance):
                    return False
            raises.append((node, held[node], nxt))
            held[node] = nxt
        return True

    return raises if lift(code, to) else None


def _clean(value: float) -> float:
    return round(value, CLEAN_DECIMALS)
