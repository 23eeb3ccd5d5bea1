"""Benchmark: indices of 10 years × 650 agencies × 47 indicators, vectorised vs a plain per-agency Python loop.

Run: python benchmarks/bench_indicators.py   (targets: vectorised < 0.5 s and ≥ 20× the loop)
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indicators import load_framework  # noqa: E402
from indicators.scoring import compute_scores_frame  # noqa: E402

YEARS, AGENCIES = 10, 650


def synthetic_long(framework, seed: int = 2024) -> pd.DataFrame:
    """Return a long table agency, year, code, value with random levels and a few absent values."""
    rng = np.random.default_rng(seed)
    codes = [node.code for node in framework.indicators]
    agency, year, code = np.meshgrid(np.arange(AGENCIES), np.arange(2015, 2015 + YEARS), np.arange(len(codes)),
                                     indexing="ij")
    levels = rng.integers(0, framework.scale.max + 1, size=agency.size).astype(float)
    keep = rng.random(agency.size) > 0.001  # about one value in a thousand absent
    return pd.DataFrame({"agency": agency.ravel()[keep], "year": year.ravel()[keep],
                         "code": np.array(codes, dtype=object)[code.ravel()[keep]], "value": levels[keep]})


def python_baseline(long: pd.DataFrame, framework) -> dict:
    """Score every agency-year with dicts and loops, the way compute_scores would without numpy."""
    per_key: dict[tuple, dict[str, float]] = defaultdict(dict)
    for agency, year, code, value in zip(long["agency"].tolist(), long["year"].tolist(), long["code"].tolist(),
                                         long["value"].tolist(), strict=True):
        per_key[(agency, year)][code] = value
    nodes = framework.nodes
    results = {}
    for key, values in per_key.items():
        aspects = {}
        for aspect in framework.aspects:
            if all(c in values for c in aspect.children):
                aspects[aspect.code] = sum(values[c] * nodes[c].weight for c in aspect.children) / aspect.weight
        domains = {}
        for domain in framework.domains:
            if all(c in aspects for c in domain.children):
                domains[domain.code] = sum(aspects[c] * nodes[c].weight for c in domain.children) / domain.weight
        index = None
        if len(domains) == len(framework.domains):
            index = sum(domains[c] * nodes[c].weight for c in domains) / framework.total_weight
        results[key] = (index, domains, aspects)
    return results


def best_of(function, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    framework = load_framework("spbe-2020")
    long = synthetic_long(framework)
    vector_time, frame = best_of(lambda: compute_scores_frame(long, framework), repeat=7)
    loop_time, loop = best_of(lambda: python_baseline(long, framework))
    # Same answers, so the comparison is fair.
    by_key = frame.set_index(["agency", "year"])["index"]
    worst = max(abs((by_key[key] if not np.isnan(by_key[key]) else 0) - (value[0] or 0)) for key, value in loop.items())
    print(f"rows: {len(long):,} ({YEARS} years × {AGENCIES} agencies × {len(framework.indicators)} indicators)")
    print(f"vectorised compute_scores_frame: {vector_time:.3f} s")
    print(f"python loop baseline:            {loop_time:.3f} s")
    print(f"speed-up: {loop_time / vector_time:.1f}×   largest index difference: {worst:.2e}")
    ok = vector_time < 0.5 and loop_time / vector_time >= 20
    print("targets (< 0.5 s, ≥ 20×):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
