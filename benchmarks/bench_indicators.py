"""Benchmark: indices of 10 years × 650 agencies × 47 indicators, vectorised vs a plain per-agency Python loop;
then the same for a generated four-level framework (relative weights, continuous 0–1 scale, 48 indicators).

Run: python benchmarks/bench_indicators.py   (targets: vectorised < 0.5 s and ≥ 20× the loop, for SPBE)
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indicators import load_framework, parse_framework  # noqa: E402
from indicators.scoring import compute_scores_frame  # noqa: E402

YEARS, AGENCIES = 10, 650


def synthetic_long(framework, seed: int = 2024) -> pd.DataFrame:
    """Return a long table agency, year, code, value with random levels (or 0–1 values) and a few absent values."""
    rng = np.random.default_rng(seed)
    codes = [node.code for node in framework.indicators]
    agency, year, code = np.meshgrid(np.arange(AGENCIES), np.arange(2015, 2015 + YEARS), np.arange(len(codes)),
                                     indexing="ij")
    if framework.scale_for(codes[0]).continuous:
        levels = rng.random(size=agency.size)
    else:
        levels = rng.integers(0, int(framework.scale.max) + 1, size=agency.size).astype(float)
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


def generic_framework():
    """Return a four-level framework (3 × 2 × 2 × 4 = 48 indicators), relative weights, continuous 0–1."""
    def children(depth: int, prefix: str) -> list[dict]:
        count = (3, 2, 2, 4)[depth]
        nodes = [{"code": f"{prefix}{i + 1}", "name": {"id": f"n{prefix}{i + 1}"}, "weight": i + 1} for i in range(count)]
        for node in nodes:
            if depth < 3:
                node["children"] = children(depth + 1, f"{node['code']}.")
            else:
                node["scale"] = "rasio"
        return nodes

    return parse_framework({
        "code": "bench-generic", "title": {"id": "Bench"}, "years": {"from": 2015}, "weighting": "relative",
        "levels": [{"id": "Pilar"}, {"id": "Komponen"}, {"id": "Subkomponen"}, {"id": "Indikator"}],
        "scales": {"rasio": {"kind": "continuous", "min": 0, "max": 1}}, "tree": children(0, "N"),
        "rating": {"bands": [{"slug": "a", "label": {"id": "A"}, "min": 0.5, "max": 1, "color": "#000000"},
                             {"slug": "b", "label": {"id": "B"}, "min": 0, "max": 0.5, "color": "#FFFFFF"}]},
    })


def generic_loop(long: pd.DataFrame, framework) -> dict:
    """Score every agency-year of any framework with dicts: index = Σ value × share of the index."""
    per_key: dict[tuple, dict[str, float]] = defaultdict(dict)
    for agency, year, code, value in zip(long["agency"].tolist(), long["year"].tolist(), long["code"].tolist(),
                                         long["value"].tolist(), strict=True):
        per_key[(agency, year)][code] = value
    shares = {node.code: node.share for node in framework.leaves}
    return {key: (sum(values[c] * s for c, s in shares.items()) if len(values) == len(shares) else None,)
            for key, values in per_key.items()}


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
    generic = generic_framework()
    long = synthetic_long(generic)
    vector_generic, frame = best_of(lambda: compute_scores_frame(long, generic), repeat=7)
    loop_generic, loop = best_of(lambda: generic_loop(long, generic))
    by_key = frame.set_index(["agency", "year"])["index"]
    worst = max(abs((by_key[key] if not np.isnan(by_key[key]) else 0) - (value[0] or 0)) for key, value in loop.items())
    print(f"four-level continuous framework ({len(generic.leaves)} indicators, {len(long):,} rows): "
          f"vectorised {vector_generic:.3f} s, loop {loop_generic:.3f} s, speed-up {loop_generic / vector_generic:.1f}×, "
          f"largest index difference {worst:.2e}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
