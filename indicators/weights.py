"""Weight matrices that turn one level of a framework (any depth) into the levels above it and the index."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indicators.framework import Framework
from indicators.model import NodeKind

INDEX = "index"
# Results are rounded to this many decimals: far below any published precision, it removes the
# binary noise of weights such as 1.3 so that an index of exactly 3.5 compares equal to the band edge.
CLEAN_DECIMALS = 10


@dataclass(frozen=True)
class WeightPlan:
    """How to score from inputs of one level: `weights[i, j]` is input i's share in output j.

    Outputs are ordered: 'index', then the nodes of every level above the inputs, top level first.
    """

    kind: NodeKind
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    weights: np.ndarray
    members: np.ndarray

    def apply(self, values: np.ndarray) -> np.ndarray:
        """Return the (rows × outputs) scores of a (rows × inputs) array; NaN (absent) inputs make their ancestors NaN."""
        absent = np.isnan(values)
        scores = np.where(absent, 0.0, values) @ self.weights
        # An output is incomplete when any input under it is absent: never silently zero.
        if absent.any():
            incomplete = (absent.astype(float) @ self.members) > 0
            scores[incomplete] = np.nan
        return np.round(scores, CLEAN_DECIMALS)


_PLANS: dict[tuple[int, str], tuple[Framework, WeightPlan]] = {}


def weight_plan(framework: Framework, kind: NodeKind) -> WeightPlan:
    """Return (cached) the weight plan that scores inputs of level `kind` in `framework`."""
    cached = _PLANS.get((id(framework), kind))
    if cached is not None and cached[0] is framework:
        return cached[1]
    plan = _build(framework, kind)
    _PLANS[(id(framework), kind)] = (framework, plan)
    return plan


def _build(framework: Framework, kind: NodeKind) -> WeightPlan:
    depth = framework.depth_of(kind)
    inputs = tuple(node.code for node in framework.nodes_at(depth))
    above = [INDEX, *(node.code for d in range(1, depth) for node in framework.nodes_at(d))]
    weights = np.zeros((len(inputs), len(above)))
    members = np.zeros((len(inputs), len(above)))
    column = {code: j for j, code in enumerate(above)}
    for i, code in enumerate(inputs):
        own = framework.nodes[code].weight
        # Every level splits the whole index, so an input's share of the index is its percent / 100, and
        # its share of an ancestor is its percent over the ancestor's.
        weights[i, 0] = own / 100.0
        members[i, 0] = 1.0
        for ancestor in framework.ancestors(code):
            j = column[ancestor]
            weights[i, j] = own / framework.nodes[ancestor].weight
            members[i, j] = 1.0
    return WeightPlan(kind=kind, inputs=inputs, outputs=tuple(above), weights=weights, members=members)
