"""Benchmark: warm rerun time of every dashboard page on a full store, against an empty-page baseline.

Usage: python benchmarks/bench_dashboard.py --db sqlite:///data/tera.db [--runs 5] [--viewer public|agency:CODE|evaluator]
The baseline is an AppTest run of a one-line Streamlit script in the same process, so the harness's
own cost can be read off; the issue's budget is 300 ms server-side for a warm rerun. CPU time is
printed beside wall time: on a busy machine compare CPU times.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
PAGES = {
    "ringkasan": ("screens/ringkasan.py", {}),
    "peringkat": ("screens/peringkat.py", {}),
    "instansi": ("screens/instansi.py", {"kode": "35.10"}),
}


def time_runs(at: AppTest, runs: int) -> tuple[float, float]:
    """Return the median wall time and the median process CPU time in seconds of `runs` warm reruns.

    CPU time (all threads of this process: AppTest runs the script in one) hardly moves when other
    programs load the machine, so it is the figure to compare on a shared machine.
    """
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        at.run(timeout=120)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def make_viewer(text: str):
    """Return the `Viewer` named on the command line: evaluator, public or agency:CODE[,CODE]."""
    from ingest.access import Viewer

    role, _, codes = text.partition(":")
    return Viewer(role=role, agency_codes=frozenset(c for c in codes.split(",") if c),
                  email=None if role == "public" else f"bench-{role}@example.go.id")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="store URL with data (e.g. the sample store)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--viewer", default=None,
                        help="sign the session in as evaluator, public or agency:CODE (default: the app's default viewer)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db
    sys.path.insert(0, str(ROOT))
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write("import streamlit as st\nst.write('baseline')\n")
    baseline_app = AppTest.from_file(handle.name)
    baseline_app.run()
    baseline, _ = time_runs(baseline_app, args.runs)
    print(f"baseline (one-line script): {baseline * 1000:7.1f} ms  viewer: {args.viewer or 'default'}")
    for name, (script, params) in PAGES.items():
        at = AppTest.from_file(APP, default_timeout=120)
        if args.viewer:
            at.session_state["_tera_viewer"] = make_viewer(args.viewer)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(script)
        at.run()  # cold: fills the caches
        warm, cpu = time_runs(at, args.runs)
        assert not at.exception, at.exception
        print(f"{name:10} warm rerun: {warm * 1000:7.1f} ms wall, {cpu * 1000:7.1f} ms CPU (medians)  "
              f"({warm / baseline:5.1f}× baseline, {(warm - baseline) * 1000:7.1f} ms above it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
