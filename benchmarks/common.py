"""Shared by the benchmarks: the machine's description, latency percentiles and the JSON result file."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

import numpy as np


def machine() -> dict:
    """Return what the figures depend on: CPU model and count, memory, OS, load average when measured."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                             if line.startswith("MemTotal:")))
    except (OSError, StopIteration, ValueError):
        memory_kb = 0
    return {"cpu": model, "cores": len(os.sched_getaffinity(0)), "memory_gb": round(memory_kb / 2**20, 1),
            "system": f"{platform.system()} {platform.release()}", "load_average": [round(v, 2) for v in os.getloadavg()]}


def percentiles(seconds: list[float]) -> dict:
    """Return n, p50, p95, p99 and max of latencies in seconds (None when nothing succeeded)."""
    if not seconds:
        return {"ok": 0, "p50": None, "p95": None, "p99": None, "max": None}
    values = np.asarray(seconds)
    return {"ok": len(seconds), **{f"p{q}": round(float(np.percentile(values, q)), 4) for q in (50, 95, 99)},
            "max": round(float(values.max()), 4)}


def write_json(path: Path, result: dict) -> None:
    """Write a benchmark's result with the time it was measured, and say where."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"measured_at": datetime.now(UTC).isoformat(timespec="seconds"), **result},
                               indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results written to {path}")


def time_page(app: Path, script: str, runs: int, query: dict | None = None) -> dict:
    """Return the median first view (every cached frame dropped, as after a load) and warm rerun of one page, in
    seconds, signed in as an evaluator; fails when the page does not render for one."""
    import statistics
    import time

    from streamlit.testing.v1 import AppTest

    from dashboard.state import data
    from dashboard.state.identity import VIEWER_KEY
    from ingest.access import EVALUATOR_VIEWER

    firsts, warms = [], []
    for _ in range(runs):
        at = AppTest.from_file(str(app), default_timeout=600)
        # A viewer without an e-mail: one naming an unknown account is signed out (a public view) on the first run.
        at.session_state[VIEWER_KEY] = EVALUATOR_VIEWER
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        at.switch_page(script)
        drop_caches_as_after_a_load(data)
        start = time.perf_counter()
        at.run()
        firsts.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        assert at.title and "Tera" not in at.title[0].value, "the page did not render for an evaluator"
        start = time.perf_counter()
        at.run()
        warms.append(time.perf_counter() - start)
    return {"first_view_s": round(statistics.median(firsts), 3), "warm_rerun_s": round(statistics.median(warms), 3)}


def drop_caches_as_after_a_load(data) -> None:
    """Drop what a load makes a process recompute: every cached frame (`data.check_data_version`) and every display
    object keyed by the data stamp (charts, tables and page views in `st.cache_resource`, which a new stamp misses),
    keeping only the store engine and the framework catalogue (their keys do not change with a load)."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    data.catalog(data.get_store())  # the engine and catalogue survive a load: warm them again, untimed
    st.cache_data.clear()
    if hasattr(data, "clear_shared_frames"):
        data.clear_shared_frames()


def add_store_arguments(parser, out: Path) -> None:
    """Add the options shared by the benchmarks on `bench_results`' stores: --scales, --units, --runs, --dir, --out."""
    import tempfile

    parser.add_argument("--scales", default="1,4,10", help="years of data to build, comma-separated")
    parser.add_argument("--units", type=int, default=20000, help="work units of the one-year round (0: skip it)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "tera-bench-results")
    parser.add_argument("--out", type=Path, default=out)
