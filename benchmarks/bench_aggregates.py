"""Benchmark: ranks and aggregates in SQL against the pandas history, at 1×, 4× and 10× today's data and a 20,000-unit round.

Before: the pages read the whole framework's history (`load_stored_results` + `compute_stored_history`: every
year's rows with their nodes, ranked by `add_ranks` in pandas) and slice and aggregate it. After: they read the
one year's ranked rows (`load_ranked_year`) and small aggregates (`load_aggregates`, `load_node_means`), all
computed in SQL. Both run in the same process on the same stores (built by bench_results.py in --dir):
- "queries": what each page reads, nothing cached (one engine, as the app keeps), median of --runs: before the history frame
  and its pandas slices and aggregates; after the SQL reads of the ranking (one year) and the overview;
- "pages": an AppTest first view of ringkasan and peringkat (and wilayah) after the caches are dropped, then a
  warm rerun, signed in as an evaluator; before = the same app with the SQL readers switched off.

Run: python benchmarks/bench_aggregates.py [--scales 1,4,10] [--units 20000] [--runs 3] [--dir /tmp/tera-bench-results]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_results import CODE, LAST_YEAR, build_store  # noqa: E402
from benchmarks.common import add_store_arguments, machine, time_page, write_json  # noqa: E402

PAGES = {"ringkasan": "screens/ringkasan.py", "peringkat": "screens/peringkat.py", "wilayah": "screens/wilayah.py"}


def _median(run, runs: int) -> float:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return round(statistics.median(seconds), 4)


def query_figures(url: str, runs: int) -> dict:
    """Time what the ranking and the overview read, before (the history in pandas) and after (SQL), cold engines."""
    from dashboard.logic.aggregates import compute_aggregates, compute_node_means
    from dashboard.logic.stored_results import compute_ranked_year, compute_stored_history
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.result_aggregates import load_aggregates, load_node_means, load_ranked_year
    from ingest.result_queries import load_stored_results
    from ingest.store import get_engine
    from ingest.store.engine import dispose_engine
    from ingest.vocabulary import LOCAL_TYPES

    # One engine, as the app keeps it: opening one checks the migrations (seconds), which is no read's cost.
    engine = get_engine(url)
    framework = FrameworkCatalog.from_store(engine).get(CODE)
    codes = [node.code for node in framework.top_nodes]

    def fresh(run):
        return lambda: run(engine)

    def before(engine):
        history = compute_stored_history(load_stored_results(engine, CODE), framework)
        year = history[history["year"] == LAST_YEAR]
        compute_aggregates(history)
        compute_aggregates(year, "agency_type")
        compute_aggregates(year, "province_code", LOCAL_TYPES)
        compute_node_means(history, codes)

    steps = {
        "ranked_year": lambda engine: compute_ranked_year(load_ranked_year(engine, CODE, LAST_YEAR), framework),
        "national_per_year": lambda engine: load_aggregates(engine, CODE),
        "by_type": lambda engine: load_aggregates(engine, CODE, LAST_YEAR, "agency_type"),
        "by_province": lambda engine: load_aggregates(engine, CODE, LAST_YEAR, "province_code", types=LOCAL_TYPES),
        "node_means": lambda engine: load_node_means(engine, CODE, codes),
    }
    rows = len(load_stored_results(engine, CODE))
    year_rows = len(load_ranked_year(engine, CODE, LAST_YEAR))
    figures = {"history_rows": rows, "year_rows": year_rows, "before_s": _median(fresh(before), runs)}
    figures["after_s"] = {name: _median(fresh(step), runs) for name, step in steps.items()}

    def after(engine):
        for step in steps.values():
            step(engine)

    figures["after_total_s"] = _median(fresh(after), runs)
    figures["speedup"] = round(figures["before_s"] / figures["after_total_s"], 1)
    dispose_engine(engine)
    return figures


def _year_rows(frame, year):
    return frame if year is None else frame[frame["year"] == year]


def page_figures(url: str, runs: int, pages: list[str]) -> dict:
    """AppTest first view (caches dropped, as after a load) and warm rerun of each page, before and after."""
    import streamlit as st

    from dashboard.logic.aggregates import compute_aggregates, compute_node_means
    from dashboard.state import data

    os.environ["DATABASE_URL"] = url
    st.cache_resource.clear()
    after = {name: getattr(data, name) for name in ("ranked_year", "aggregates", "node_means")}
    # Before: the pandas path the pages took, every figure from the viewer's whole cached history (evaluators here).
    before = {"ranked_year": data.year_results,
              "aggregates": lambda engine, code, viewer, year=None, by=None, types=None, national=False:
                  compute_aggregates(_year_rows(data.history(engine, code, viewer), year), by, types),
              "node_means": lambda engine, code, codes, viewer, national=False:
                  compute_node_means(data.history(engine, code, viewer), codes)}
    figures: dict = {}
    for name in pages:
        for when, functions in (("before", before), ("after", after)):
            for function_name, function in functions.items():
                setattr(data, function_name, function)
            figures.setdefault(name, {})[when] = time_page(ROOT / "dashboard" / "app.py", PAGES[name], runs)
        figures[name]["first_view_speedup"] = round(figures[name]["before"]["first_view_s"]
                                                    / figures[name]["after"]["first_view_s"], 2)
    for function_name, function in after.items():
        setattr(data, function_name, function)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_store_arguments(parser, ROOT / "benchmarks" / "results" / "aggregates.json")
    parser.add_argument("--pages", default="ringkasan,peringkat", help="pages to time, comma-separated ('' = none)")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    stores = {f"{n}x": build_store(args.dir / f"years-{n}.db", int(n), None) for n in args.scales.split(",") if n}
    if args.units:
        stores[f"{args.units}-units"] = build_store(args.dir / f"units-{args.units}.db", 1, args.units)
    table = {}
    for name, url in stores.items():
        table[name] = {"queries": query_figures(url, args.runs)}
        pages = [p for p in args.pages.split(",") if p]
        if pages:
            table[name]["pages"] = page_figures(url, args.runs, pages)
        print(name, table[name], flush=True)
    write_json(args.out, {"benchmark": "aggregates", "machine": machine(), "runs": args.runs, "growth": table})
    return 0


if __name__ == "__main__":
    sys.exit(main())
