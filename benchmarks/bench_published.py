"""Benchmark: the public viewer's first history frame on publication day, before and after migration 0011.

Before: the pandas path (tests/support/published_oracle.py, what `compute_published_history` did): every score
row of each published year's snapshot recomputed into final values and results, then masked for the public.
After: `compute_visible_history(..., PUBLIC_VIEWER)` reading the rows kept at publication (`published_results`)
and `results` for the other years, then masked the same way. Both in the same process on the same store
(the stores of `bench_results.py`: N× = N years × every evaluated agency × 47 indicators × 2 stages), every
year but the last published; median of --runs each, the two frames checked equal. Also: what publishing one
year costs now (the snapshot plus the copy of its results, in one transaction).

Run: python benchmarks/bench_published.py [--scales 1,4,10] [--runs 3] [--dir /tmp/tera-bench-published]
Stores are built once in --dir and reused (their own folder: this migration's head is not other branches').
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_results import CODE, LAST_YEAR, build_store, timed  # noqa: E402
from benchmarks.common import machine, write_json  # noqa: E402


def published_figures(url: str, runs: int) -> dict:
    """Publish every year but the last, then time the public's history frame both ways and one republication."""
    from dashboard.state.history import compute_visible_history
    from ingest.access import EVALUATOR_VIEWER, PUBLIC_VIEWER, load_published, reads, save_publication
    from ingest.access.publication import save_republication
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.store import get_engine
    from ingest.store.engine import dispose_engine
    from tests.support.published_oracle import compute_published_history_oracle, normal_results

    engine = get_engine(url)
    catalog = FrameworkCatalog.from_store(engine)
    framework, versions = catalog.get(CODE), catalog.version_frameworks(CODE)
    years = reads.load_years(engine, EVALUATOR_VIEWER, framework=CODE)
    publish = []
    for year in years[:-1] if len(years) > 1 else years:
        start = time.perf_counter()
        save_publication(engine, EVALUATOR_VIEWER, year, CODE, True, actor="bench", source="bench")
        publish.append(time.perf_counter() - start)
    start = time.perf_counter()
    save_republication(engine, EVALUATOR_VIEWER, years[0], CODE, actor="bench", source="bench")
    republish = time.perf_counter() - start

    def before():
        history = compute_published_history_oracle(engine, framework, versions)
        return reads.filter_results(history, PUBLIC_VIEWER, load_published(engine), framework)

    def after():
        return compute_visible_history(engine, framework, PUBLIC_VIEWER)

    pd.testing.assert_frame_equal(normal_results(after()), normal_results(before()), check_dtype=False,
                                  check_exact=False, rtol=1e-9)
    before_s, before_mb = timed(before, runs)
    after_s, after_mb = timed(after, runs)
    rows = len(after())
    dispose_engine(engine)
    return {"public_rows": rows, "published_years": len(years) - 1 if len(years) > 1 else 1,
            "before_s": before_s, "after_s": after_s, "speedup": round(before_s / after_s, 1),
            "before_peak_mb": before_mb, "after_peak_mb": after_mb,
            "publish_one_year_s": round(statistics.median(publish), 3) if publish else None,
            "republish_one_year_s": round(republish, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,4,10", help="years of data to build, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "tera-bench-published")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "published.json")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    table = {}
    for n in args.scales.split(","):
        url = build_store(args.dir / f"years-{n}.db", int(n), None)
        table[f"{n}x"] = published_figures(url, args.runs)
        print(f"{n}x", table[f"{n}x"], flush=True)
    write_json(args.out, {"benchmark": "published", "machine": machine(), "runs": args.runs, "last_year": LAST_YEAR,
                          "growth": table})
    return 0


if __name__ == "__main__":
    sys.exit(main())
