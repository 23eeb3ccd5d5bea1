"""What changed between two rounds and why: the index change split per indicator, the rank change split in two.

Index split. The index is Σ weight_i × level_i / 100 over the indicators, whatever the depth of the
tree (a node's score is the weighted mean of its children, and weights are percent of the index), so
the index change is exactly Σ weight_i × (level_i now − level_i before) / 100: one part per indicator.
An indicator left unanswered in one round counts with its scale's not-answered value (the floor),
as the index does.

Rank split. With ranks where 1 is best, the change is rank before − rank now (positive = moved up).
The *standstill rank* is the rank the agency would hold now had its index stayed where it was; the
field's movement is rank before − standstill rank, the agency's own change is standstill rank − rank
now, and the two add up to the change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.errors import ScoringError
from indicators.framework import Framework
from indicators.ranking import compute_rankings
from indicators.weights import CLEAN_DECIMALS

__all__ = ["Change", "RankSplit", "compute_change", "compute_rank_split", "compute_standstill_rank",
           "compute_top_contributors", "split_rank"]


@dataclass(frozen=True)
class Change:
    """The index before and now (scale units), its change and each indicator's part of it (parts add up to `delta`)."""

    index_before: float
    index_after: float
    delta: float
    parts: dict[str, float]

    def risers(self, count: int = 3) -> list[tuple[str, float]]:
        """Return up to `count` indicators that raised the index most, largest first."""
        return [(code, part) for code, part in sorted(self.parts.items(), key=lambda kv: -kv[1]) if part > 0][:count]

    def fallers(self, count: int = 3) -> list[tuple[str, float]]:
        """Return up to `count` indicators that lowered the index most, largest fall first."""
        return [(code, part) for code, part in sorted(self.parts.items(), key=lambda kv: kv[1]) if part < 0][:count]

    def top(self) -> tuple[str, float] | None:
        """Return the indicator whose part is largest in size (ties: framework order), None when nothing moved."""
        moved = [(code, part) for code, part in self.parts.items() if part != 0]
        return max(moved, key=lambda kv: abs(kv[1])) if moved else None


@dataclass(frozen=True)
class RankSplit:
    """A rank change (positive = moved up) split into the agency's own change and the field's movement."""

    rank_before: int
    rank_after: int
    standstill_rank: int
    own: int
    field: int

    @property
    def change(self) -> int:
        """The whole rank change, rank before − rank now (= own + field)."""
        return self.rank_before - self.rank_after


def _level(levels: Mapping[str, float | None], code: str, framework: Framework) -> float:
    value = levels.get(code)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return framework.scale_for(code).floor
    return float(value)


def compute_change(before: Mapping[str, float | None], after: Mapping[str, float | None],
                   framework: Framework) -> Change:
    """Return the index change between two rounds' indicator levels, split exactly into one part per indicator.

    The parts are weight × level change / 100 (scale units); `delta` is their exact sum, rounded to
    CLEAN_DECIMALS like every index, and equals index now − index before.
    """
    unknown = sorted(set(before) - set(framework.nodes) | set(after) - set(framework.nodes))
    if unknown:
        raise ScoringError(f"{framework.code}: no indicator {', '.join(unknown)}")
    parts: dict[str, float] = {}
    index_before = index_after = 0.0
    for node in framework.leaves:
        old, new = _level(before, node.code, framework), _level(after, node.code, framework)
        index_before += node.weight * old / 100.0
        index_after += node.weight * new / 100.0
        parts[node.code] = round(node.weight * (new - old) / 100.0, CLEAN_DECIMALS)
    # The change is the exact sum of the parts (fsum: no rounding on the way), so they add up to it.
    delta = round(math.fsum(parts.values()), CLEAN_DECIMALS)
    return Change(index_before=round(index_before, CLEAN_DECIMALS), index_after=round(index_after, CLEAN_DECIMALS),
                  delta=delta, parts=parts)


def compute_top_contributors(before: pd.DataFrame, after: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Return one row per agency present in both wide level tables (agency × indicator): its largest part (scale units).

    Columns: agency, indicator (the largest part in size; None when nothing moved), part, delta.
    """
    codes = [node.code for node in framework.leaves]
    floors = {code: framework.scale_for(code).floor for code in codes}
    common = before.index.intersection(after.index)
    old = before.reindex(index=common, columns=codes).astype(float).fillna(floors)
    new = after.reindex(index=common, columns=codes).astype(float).fillna(floors)
    weights = pd.Series({code: framework.nodes[code].weight / 100.0 for code in codes})
    parts = ((new - old) * weights).round(CLEAN_DECIMALS)
    values = parts.to_numpy(dtype=float)
    # First largest part in size per agency (ties: framework order), none where nothing moved.
    at = np.abs(values).argmax(axis=1) if values.size else np.zeros(len(common), dtype=int)
    part = values[np.arange(len(common)), at] if values.size else np.zeros(len(common))
    moved = part != 0
    out = pd.DataFrame({"agency": common, "part": np.where(moved, part, 0.0),
                        "delta": parts.sum(axis=1).round(CLEAN_DECIMALS).to_numpy()})
    out.insert(1, "indicator", pd.Series([codes[i] if m else None for i, m in zip(at, moved, strict=True)],
                                         dtype=object, index=out.index))
    return out


def compute_rank_split(agency: str, before: Mapping[str, float], after: Mapping[str, float],
                       framework: Framework, year_before: int | None, year_after: int | None) -> RankSplit | None:
    """Return the rank change of `agency` between two rounds (indices by agency) split into own change and the field's.

    Ranks follow `compute_rankings` (1 = best, ties 1-2-2-4, each year's rating basis). None when the
    agency has no index in one of the rounds.
    """
    if before.get(agency) is None or after.get(agency) is None:
        return None
    return split_rank(_rank_of(agency, before, framework, year_before), _rank_of(agency, after, framework, year_after),
                      compute_standstill_rank(agency, before[agency], after, framework, year_after))


def compute_standstill_rank(agency: str, index_before: float, after: Mapping[str, float], framework: Framework,
                            year_after: int | None) -> int:
    """Return the rank `agency` would hold among this round's indices (by agency) had its index stayed at `index_before`."""
    return _rank_of(agency, {**after, agency: index_before}, framework, year_after)


def split_rank(rank_before: int, rank_after: int, standstill_rank: int) -> RankSplit:
    """Return the split of a rank change given both ranks and the standstill rank (own + field = change)."""
    return RankSplit(rank_before=int(rank_before), rank_after=int(rank_after), standstill_rank=int(standstill_rank),
                     own=int(standstill_rank - rank_after), field=int(rank_before - standstill_rank))


def _rank_of(agency: str, indices: Mapping[str, float], framework: Framework, year: int | None) -> int:
    frame = pd.DataFrame({"agency": list(indices), "index": [float(v) for v in indices.values()]})
    frame = frame[frame["index"].notna()].copy()
    frame["year"] = 0 if year is None else year
    ranked = compute_rankings(frame, framework)
    return int(ranked.loc[ranked["agency"] == agency, "rank"].iloc[0])
