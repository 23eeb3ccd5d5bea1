"""Benchmark: between rounds on SPBE, as ratios against baselines run in the same process.

- the path to the next rating with the framework's links (`needs`) vs the same framework without them;
- `compute_change` (the index change split per indicator) vs scoring both rounds with `compute_scores`;
- the ranking's reason column (`compute_top_contributors`, 650 agencies) vs scoring both years' wide tables.

Run: python benchmarks/bench_between_rounds.py
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indicators import load_framework  # noqa: E402
from indicators.change import compute_change, compute_top_contributors  # noqa: E402
from indicators.errors import ScoringError  # noqa: E402
from indicators.gap import compute_path_to_next_rating  # noqa: E402
from indicators.scoring import compute_scores, compute_scores_frame  # noqa: E402

AGENCIES = 200


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    linked = load_framework("spbe-2020")
    plain = replace(linked, needs={})
    rng = np.random.default_rng(21)
    codes = [n.code for n in linked.leaves]
    agencies = [dict(zip(codes, rng.integers(1, 6, len(codes)).tolist(), strict=True)) for _ in range(AGENCIES)]

    def paths(fw):
        def run():
            for levels in agencies:
                with contextlib.suppress(ScoringError):  # a top-band agency has no path
                    compute_path_to_next_rating(levels, fw, 2024)
        return run

    base, new = timed(paths(plain)), timed(paths(linked))
    print(f"path, {AGENCIES} agencies: without links {base:.3f} s, with links {new:.3f} s, ratio {new / base:.2f}")

    pairs = list(zip(agencies, agencies[1:], strict=False))
    base = timed(lambda: [(compute_scores(a, linked).index, compute_scores(b, linked).index) for a, b in pairs])
    new = timed(lambda: [compute_change(a, b, linked) for a, b in pairs])
    print(f"change split, {len(pairs)} pairs: two scorings {base:.3f} s, split {new:.3f} s, ratio {new / base:.2f}")

    wide = [pd.DataFrame(rng.integers(0, 6, (650, len(codes))), columns=codes) for _ in range(2)]
    longs = [w.reset_index(names="agency").melt(id_vars="agency", var_name="code") for w in wide]
    base = timed(lambda: [compute_scores_frame(long, linked, key="agency") for long in longs])
    new = timed(lambda: compute_top_contributors(wide[0], wide[1], linked))
    print(f"reason column, 650 agencies: scoring both years {base:.3f} s, top contributors {new:.3f} s, "
          f"ratio {new / base:.2f}")


if __name__ == "__main__":
    main()
