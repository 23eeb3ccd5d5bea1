"""Scores of the nodes above the given ones (every level up to the index), for one agency or a long table.

Formulas (weights in percent of the index, any depth): a node's score is Σ(child score × child weight) /
node weight, the index Σ(top-level score × weight) / 100; e.g. SPBE aspect = Σ(NI×BI)/BA,
domain = Σ(aspect×BA)/BD, index = Σ(domain×BD)/100.
A value of 0 (the scale's not-answered value) counts as 0; an absent value (missing key, None or NaN)
makes every node above it None/NaN and is listed in `missing`, never silently zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from indicators.errors import ScoringError
from indicators.framework import Framework
from indicators.levels import check_kind, check_value, invalid_mask, value_problem
from indicators.model import INDICATOR, NodeKind
from indicators.rating import compute_rating, compute_ratings
from indicators.weights import INDEX, weight_plan

__all__ = [
    "Scores",
    "compute_rating",
    "compute_ratings",
    "compute_scores",
    "compute_scores_frame",
    "infer_level",
    "resolve_code",
]


@dataclass(frozen=True)
class Scores:
    """Scores of one agency in scale units; None marks a node that cannot be computed because inputs are absent.

    `nodes` holds every node at and above the input level by code; `domains`, `aspects` and
    `indicators` are the same values by SPBE level key (empty where the framework has no such level).
    """

    index: float | None
    domains: dict[str, float | None]
    aspects: dict[str, float | None]
    indicators: dict[str, float | None]
    missing: tuple[str, ...]
    complete: bool
    nodes: dict[str, float | None] = field(default_factory=dict)


def resolve_code(framework: Framework, text: object) -> str:
    """Return the node code `text` names (exact code or any alias the framework knows) or raise ScoringError."""
    if isinstance(text, str) and text in framework.nodes:
        return text
    code = framework.normalize_code(text)
    if code is None:
        raise ScoringError(f"{text!r} is not a node code of framework {framework.code}")
    return code


def infer_level(framework: Framework, codes: Sequence[str], level: str | None = None) -> NodeKind:
    """Return the one kind shared by `codes` (or check them against `level`); raise ScoringError on a mix."""
    kinds = {framework.nodes[code].kind for code in codes}
    if level is not None:
        kind = check_kind(level, framework)
        wrong = [code for code in codes if framework.nodes[code].kind != kind]
        if wrong:
            raise ScoringError(f"level is {kind} but {', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} not")
        return kind
    if len(kinds) > 1:
        by_kind = {k: [c for c in codes if framework.nodes[c].kind == k] for k in sorted(kinds)}
        listed = "; ".join(f"{k}: {', '.join(v[:3])}" for k, v in by_kind.items())
        raise ScoringError(f"values mix kinds of node ({listed}); give one kind only")
    if not kinds:
        raise ScoringError("no values to score and no level given")
    return kinds.pop()


def _is_absent(value: object) -> bool:
    if isinstance(value, float):  # the levels scored, one by one: pd.isna would say the same, slower
        return math.isnan(value)
    return value is None or (type(value) is not int and bool(pd.isna(value)))


def compute_scores(values: Mapping[str, float | None], framework: Framework, level: str | None = None) -> Scores:
    """Return the scores (scale units, e.g. 0–5) of one agency from values of one kind keyed by node code."""
    resolved: dict[str, object] = {}
    for key, value in values.items():
        code = resolve_code(framework, key)
        if code in resolved:
            raise ScoringError(f"{key!r} names {code}, which is given twice")
        resolved[code] = value
    kind = infer_level(framework, list(resolved), level)
    plan = weight_plan(framework, kind)
    row = np.full((1, len(plan.inputs)), np.nan)
    for j, code in enumerate(plan.inputs):
        value = resolved.get(code)
        if not _is_absent(value):
            try:
                number = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise ScoringError(f"{code}: value {value!r} is not a number") from None
            row[0, j] = check_value(framework, kind, code, number)
    scores = plan.apply(row)[0]
    out = {code: (None if math.isnan(x) else float(x)) for code, x in zip(plan.outputs, scores, strict=True)}
    given = {code: (None if math.isnan(x) else float(x)) for code, x in zip(plan.inputs, row[0], strict=True)}
    missing = tuple(code for code, x in given.items() if x is None)
    nodes = {code: value for code, value in (out | given).items() if code != INDEX}

    def level_of(node_kind: NodeKind) -> dict[str, float | None]:
        return {node.code: nodes[node.code] for node in framework.of_kind(node_kind) if node.code in nodes}

    return Scores(index=out[INDEX], domains=level_of("domain"), aspects=level_of("aspect"),
                  indicators=level_of(INDICATOR), missing=missing, complete=not missing, nodes=nodes)


def compute_scores_frame(long: pd.DataFrame, framework: Framework, *, key: Sequence[str] | str = ("agency", "year"),
                         code: str = "code", value: str = "value", level: str | None = None) -> pd.DataFrame:
    """Return one row per key with columns index, the node codes of every level above the input, complete, missing.

    `long` holds one value per key and node code, all codes of one level (indicators, aspects, domains,
    ...). Node columns run top level first; the input level's own columns are included unless it is
    the indicators (SPBE from indicators: index, D1..D4, A1..A8).
    """
    keys = [key] if isinstance(key, str) else list(key)
    absent_columns = [c for c in [*keys, code, value] if c not in long.columns]
    if absent_columns:
        raise ScoringError(f"the table has no column {', '.join(map(repr, absent_columns))}")
    codes_in, code_index = _factorize_codes(long[code], framework)
    kind = infer_level(framework, codes_in, level) if codes_in else check_kind(level or INDICATOR, framework)
    plan = weight_plan(framework, kind)
    column_of = np.array([plan.inputs.index(c) for c in codes_in], dtype=np.intp)
    numbers = _numbers(long[value])
    rows, key_frame = _factorize_keys(long, keys)
    columns = column_of[code_index] if len(codes_in) else np.zeros(0, dtype=np.intp)
    cell = rows * len(plan.inputs) + columns
    # bincount is linear; np.unique would sort or hash every cell and dominate the run time.
    if len(cell) and np.bincount(cell, minlength=len(key_frame) * len(plan.inputs)).max() > 1:
        _raise_duplicate(long, keys, code, cell)
    dense = np.full((len(key_frame), len(plan.inputs)), np.nan)
    dense.reshape(-1)[cell] = numbers
    _check_dense(dense, framework, kind, plan.inputs, key_frame)
    scores = plan.apply(dense)
    result = key_frame.reset_index(drop=True)
    outputs = dict(zip(plan.outputs, scores.T, strict=True))
    if kind != INDICATOR:
        outputs.update(zip(plan.inputs, dense.T, strict=True))
    ordered = list(plan.outputs) + (list(plan.inputs) if kind != INDICATOR else [])
    absent = np.isnan(dense)
    inputs = np.array(plan.inputs, dtype=object)
    extra = pd.DataFrame({c: outputs[c] for c in ordered}, index=result.index)
    extra["complete"] = ~absent.any(axis=1)
    missing = np.empty(len(result), dtype=object)
    missing[:] = [()] * len(result)
    for r in np.flatnonzero(~extra["complete"].to_numpy()):
        missing[r] = tuple(inputs[absent[r]])
    extra["missing"] = missing
    return pd.concat([result, extra], axis=1)


def _factorize_codes(column: pd.Series, framework: Framework) -> tuple[list[str], np.ndarray]:
    labels, uniques = pd.factorize(column, use_na_sentinel=True)
    if (labels < 0).any():
        raise ScoringError("the code column has empty cells")
    resolved = [resolve_code(framework, text) for text in uniques]
    order = sorted(set(resolved), key=list(framework.nodes).index)
    position = np.array([order.index(c) for c in resolved], dtype=np.intp)
    return order, position[labels]


def _numbers(column: pd.Series) -> np.ndarray:
    try:
        return pd.to_numeric(column, errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ScoringError(f"the value column holds something that is not a number: {exc}") from None


def _factorize_keys(long: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Return each row's key number (keys sorted ascending) and the frame of distinct keys."""
    if not keys:
        return np.zeros(len(long), dtype=np.intp), pd.DataFrame(index=range(1 if len(long) else 0))
    combined = np.zeros(len(long), dtype=np.int64)
    candidates = []
    for column in keys:
        labels, values = _label_column(long[column])
        combined *= len(values)
        combined += labels
        candidates.append(values)
    sizes = [len(values) for values in candidates]
    space = int(np.prod(sizes, dtype=np.float64))
    if space <= 4 * len(long) + 1024:
        # Dense key space (agencies × years): mark the keys present and number them in order.
        present = np.zeros(space, dtype=bool)
        present[combined] = True
        ids = np.flatnonzero(present)
        number = np.cumsum(present, dtype=np.intp) - 1
        rows = number[combined]
    else:
        ids, rows = np.unique(combined, return_inverse=True)
    parts = np.unravel_index(ids, sizes) if len(ids) else [np.zeros(0, dtype=np.intp) for _ in sizes]
    frame = pd.DataFrame({column: values.take(np.asarray(part, dtype=np.intp))
                          for column, values, part in zip(keys, candidates, parts, strict=True)})
    return rows.astype(np.intp, copy=False), frame


def _label_column(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Return labels into ascending candidate values of a key column; small-range integers (years, ids) skip hashing.

    For integers the candidates are the whole range min..max; values never used drop out later, when
    only the key combinations present are kept.
    """
    data = column.to_numpy()
    if data.dtype.kind in "iu" and len(data):
        low, high = int(data.min()), int(data.max())
        if high - low <= 4 * len(data) + 1024:
            return data - low, pd.Index(np.arange(low, high + 1, dtype=data.dtype))
    labels, values = pd.factorize(column, sort=True, use_na_sentinel=False)
    return labels, pd.Index(values)


def _raise_duplicate(long: pd.DataFrame, keys: list[str], code: str, cell: np.ndarray) -> None:
    _, first_seen, counts = np.unique(cell, return_index=True, return_counts=True)
    row = long.iloc[first_seen[counts > 1][0]]
    where = ", ".join(f"{k}={_plain(row[k])!r}" for k in keys)
    raise ScoringError(f"{where}: code {row[code]!r} is given more than once")


def _check_dense(dense: np.ndarray, framework: Framework, kind: NodeKind, inputs: tuple[str, ...],
                 key_frame: pd.DataFrame) -> None:
    bad = invalid_mask(framework, kind, dense, inputs)
    if not bad.any():
        return
    rows, cols = np.nonzero(bad)
    lines = []
    for r, c in list(zip(rows, cols, strict=True))[:5]:
        where = ", ".join(f"{k}={_plain(v)!r}" for k, v in key_frame.iloc[r].items())
        lines.append(f"{where}, {inputs[c]}: {value_problem(framework, kind, float(dense[r, c]), inputs[c])}")
    more = f" (and {len(rows) - 5} more)" if len(rows) > 5 else ""
    raise ScoringError("; ".join(lines) + more)


def _plain(value: object) -> object:
    # numpy scalars repr as np.int64(1); messages show the plain Python value.
    return value.item() if isinstance(value, np.generic) else value
