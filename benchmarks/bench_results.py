"""Benchmark: results kept in the store against the pandas path, at 1×, 4× and 10× today's data and a 20,000-unit round.

Before: `compute_history` rebuilds every result of the framework from every current score row (what
each page's first view paid after a load). After: `load_stored_results` + `compute_stored_history` read
the one row per agency and year written at load. Both run in the same process on the same store:
- "frame": the shared results frame alone (cold: a new engine, as after a load), median of --runs, and
  the peak memory Python allocated for it (tracemalloc);
- "page": an AppTest first view of ringkasan, peringkat and instansi (a profile) after the caches are dropped
  (as a load does: every frame, and every chart, table and page view keyed by the data stamp), then a warm rerun,
  signed in as an evaluator; before = the history and the final values computed from every score row (a profile
  reading only its agency's rows is in both), or with --before-root the dashboard of another source tree (e.g.
  `git archive main | tar -x -C /tmp/tera-before`), each page timed in a fresh process per tree, alternately;
- "load": what the load itself pays extra: recomputing one agency-year's stored result, and a full fill
  (migration 0010 on an existing store).
Scales: N× = N years × every evaluated agency × 47 indicators × 2 stages (1× ≈ 61,000 score rows, the sample
has 70,000); the unit round: one year of --units synthetic work units (one stage).

Run: python benchmarks/bench_results.py [--scales 1,4,10] [--units 20000] [--runs 3] [--dir /tmp/tera-bench-results]
     [--before-root /tmp/tera-before] [--no-frame] [--no-load]
Stores are built once in --dir and reused (delete them to rebuild).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import add_store_arguments, machine, time_page, write_json  # noqa: E402

LAST_YEAR = 2024
PAGES = {"ringkasan": "screens/ringkasan.py", "peringkat": "screens/peringkat.py", "instansi": "screens/instansi.py"}
CODE = "spbe-2020"


def build_store(path: Path, years: int, units: int | None) -> str:
    """Create (once) a SQLite store with `years` years of every evaluated agency, or one year of `units` work units."""
    from sqlalchemy import insert

    from indicators import load_framework
    from ingest.frameworks.results import fill_results
    from ingest.queries import load_agencies
    from ingest.store import get_engine, save_file, save_registry, save_submission
    from ingest.store.schema import agencies as agencies_table

    url = f"sqlite:///{path}"
    if path.exists():
        return url
    framework = load_framework(CODE)
    engine = get_engine(url)
    save_registry(engine)
    registry = load_agencies(engine)
    provinces = registry.loc[registry["type"] == "provinsi", "code"].tolist()
    if units:
        codes = [f"U-{i:05d}" for i in range(units)]
        with engine.begin() as conn:
            conn.execute(insert(agencies_table), [
                {"code": code, "name": f"Unit kerja {i}", "type": "kabupaten", "province_code": provinces[i % len(provinces)],
                 "evaluated": True, "source": "user"} for i, code in enumerate(codes)])
        stages = ("hasil",)
    else:
        alive = registry[registry["evaluated"].astype(bool) & registry["valid_from"].isna()]
        codes = alive["code"].tolist()
        stages = ("mandiri", "hasil")
    rng = np.random.default_rng(20)
    leaves = [node.code for node in framework.indicators]
    with engine.begin() as conn:
        for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
            file_id = save_file(conn, f"bench {year}".encode(), f"bench-{year}.xlsx", "xlsx", kind="workbook")
            levels = rng.integers(1, 6, size=(len(codes), len(stages), len(leaves)))
            for row, code in enumerate(codes):
                for column, stage in enumerate(stages):
                    save_submission(conn, code, year, stage, CODE, file_id,
                                    [{"code": c, "value": int(v)} for c, v in zip(leaves, levels[row, column], strict=True)])
        fill_results(conn)
    return url


def timed(run, runs: int) -> tuple[float, float]:
    """Return the median seconds of `runs` calls and the peak MB Python allocated in one more traced call."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return round(statistics.median(seconds), 3), round(peak / 2**20, 1)


def frame_figures(url: str, runs: int) -> dict:
    """Time the shared results frame both ways, each on a fresh engine (nothing cached from the other)."""
    from dashboard.logic.stored_results import compute_stored_history
    from dashboard.state.history import compute_history
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.result_queries import load_stored_results
    from ingest.store import get_engine
    from ingest.store.engine import dispose_engine

    engine = get_engine(url)
    framework = FrameworkCatalog.from_store(engine).get(CODE)
    before, before_mb = timed(lambda: compute_history(engine, framework), runs)
    after, after_mb = timed(lambda: compute_stored_history(load_stored_results(engine, CODE), framework), runs)
    rows = len(load_stored_results(engine, CODE))
    dispose_engine(engine)
    return {"rows": rows, "before_s": before, "after_s": after, "speedup": round(before / after, 1),
            "before_peak_mb": before_mb, "after_peak_mb": after_mb}


def load_figures(url: str) -> dict:
    """Time what a load adds: one agency-year's stored result recomputed, and a full fill of every result."""
    from sqlalchemy import select

    from ingest.frameworks.results import fill_results, save_results
    from ingest.store import get_engine
    from ingest.store.schema import results

    engine = get_engine(url)
    with engine.connect() as conn:
        key = conn.execute(select(results.c.agency_code, results.c.year, results.c.framework_code).limit(1)).one()
    with engine.begin() as conn:
        start = time.perf_counter()
        save_results(conn, [tuple(key)])
        one = time.perf_counter() - start
        start = time.perf_counter()
        fill_results(conn)
        fill = time.perf_counter() - start
    return {"one_agency_year_s": round(one, 4), "fill_all_s": round(fill, 2)}


def _an_agency(url: str) -> str:
    """Return the code of an agency with a result in the last year (the profile page's subject)."""
    from sqlalchemy import select

    from ingest.store import get_engine
    from ingest.store.schema import results

    with get_engine(url).connect() as conn:
        return conn.execute(select(results.c.agency_code).where(results.c.year == LAST_YEAR)
                            .order_by(results.c.agency_code).limit(1)).scalar_one()


def page_figures(url: str, runs: int, pages: list[str] | None = None) -> dict:
    """AppTest first view (caches dropped, as after a load) and warm rerun of each page, before and after."""
    import streamlit as st

    from dashboard.state import data
    from dashboard.state import history as history_state
    from ingest import queries
    from ingest.access import reads

    os.environ["DATABASE_URL"] = url
    st.cache_resource.clear()  # the app keeps its store engine as a resource: drop the previous scale's
    after_history = data._history
    after_final = reads.load_stored_final_levels

    @st.cache_data(show_spinner=False, max_entries=16)
    def before_history(db_url: str, stamp: str, framework_code: str):
        engine = data.get_store(db_url)
        return history_state.compute_history(engine, data.get_framework(engine, framework_code),
                                       data.catalog(engine).version_frameworks(framework_code))

    figures: dict = {}
    agency = _an_agency(url)
    for name, script in PAGES.items():
        if pages and name not in pages:
            continue
        for when, history in (("before", before_history), ("after", after_history)):
            data._history = history
            # Before: the final values too from every stage's score rows, as every read did.
            reads.load_stored_final_levels = queries.load_final_levels if when == "before" else after_final
            figures.setdefault(name, {})[when] = time_page(ROOT / "dashboard" / "app.py", script, runs,
                                                          {"kode": agency} if name == "instansi" else None)
    data._history = after_history
    reads.load_stored_final_levels = after_final
    return figures


def before_copy(url: str) -> str:
    """Return the URL of the before tree's copy of a SQLite store, taken once before this tree opens (and migrates) it:
    the before tree may not know this tree's migrations."""
    import shutil

    path = Path(url.removeprefix("sqlite:///"))
    copy = path.with_name(path.stem + ".before" + path.suffix)
    if not copy.exists():
        shutil.copyfile(path, copy)
    return f"sqlite:///{copy}"


def tree_page_figures(url: str, runs: int, pages: list[str], before_root: Path) -> dict:
    """First view and warm rerun of each page with the dashboard of `before_root` and of this tree, each run timed by
    `page_timer.py` in a fresh process, before and after alternating run by run (a machine shared with other work
    slows both alike); medians of `runs`."""
    import json
    import subprocess

    before_url = before_copy(url)
    agency = _an_agency(url)
    figures: dict = {}
    for name in PAGES:
        if pages and name not in pages:
            continue
        times: dict = {}
        for _ in range(runs):
            for when, root, store in (("before", before_root, before_url), ("after", ROOT, url)):
                command = [sys.executable, str(ROOT / "benchmarks" / "page_timer.py"), "--root", str(root), "--url",
                           store, "--page", name, "--agency", agency, "--runs", "1"]
                done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=root)
                for key, value in json.loads(done.stdout.strip().splitlines()[-1]).items():
                    times.setdefault(when, {}).setdefault(key, []).append(value)
        figures[name] = {when: {key: round(statistics.median(values), 3) for key, values in found.items()}
                         for when, found in times.items()}
        figures[name]["first_view_ratio"] = round(figures[name]["before"]["first_view_s"]
                                                  / figures[name]["after"]["first_view_s"], 2)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_store_arguments(parser, ROOT / "benchmarks" / "results" / "results.json")
    parser.add_argument("--no-pages", action="store_true", help="skip the AppTest page figures")
    parser.add_argument("--pages", default="", help="only these pages, comma-separated (default: all)")
    parser.add_argument("--stores", default="", help="only these stores, e.g. 10x,20000-units (default: all)")
    parser.add_argument("--before-root", type=Path, default=None,
                        help="pages' before: the dashboard of this source tree (default: the pandas path)")
    parser.add_argument("--no-frame", action="store_true", help="skip the shared results frame figures")
    parser.add_argument("--no-load", action="store_true", help="skip the load figures")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    stores = {f"{n}x": build_store(args.dir / f"years-{n}.db", int(n), None) for n in args.scales.split(",")}
    if args.units:
        stores[f"{args.units}-units"] = build_store(args.dir / f"units-{args.units}.db", 1, args.units)
    if args.before_root:
        for url in stores.values():
            before_copy(url)
    table = {}
    for name, url in stores.items():
        if args.stores and name not in args.stores.split(","):
            continue
        table[name] = {}
        if not args.no_frame:
            table[name]["frame"] = frame_figures(url, args.runs)
        if not args.no_load:
            table[name]["load"] = load_figures(url)
        pages = [p for p in args.pages.split(",") if p]
        if not args.no_pages:
            table[name]["pages"] = (tree_page_figures(url, args.runs, pages, args.before_root) if args.before_root
                                    else page_figures(url, args.runs, pages))
        print(name, table[name], flush=True)
    write_json(args.out, {"benchmark": "results", "machine": machine(), "runs": args.runs,
                          "before": str(args.before_root or "pandas path"), "growth": table})
    return 0


if __name__ == "__main__":
    sys.exit(main())
