"""Benchmark: the agency profile's first view reading only its rows, against reading the whole year (issue 20).

Before: what the profile read until now, on the same stored results: its parts (levels, stages, learning
partners) from the year's final values of every agency (`instansi.compute_profile_parts`), the previous
year's levels the same way, and its revisions from every file (with its problem report) and every
submission of the store. After: its own final values (one agency-year of `result_levels`), one query for
its learning partners, its own revisions and files. Both run alternately in one process on the same store:
an AppTest first view of /instansi after the caches are dropped (as a load does), then a warm rerun, signed
in as an evaluator; median of --runs. Stores: those of `bench_results.py` (N× = N years of every evaluated
agency, 2 stages; the unit round: one year of --units work units), built once in --dir.

Run: python benchmarks/bench_profile.py [--scales 1,4,10] [--units 20000] [--runs 3] [--dir /tmp/tera-bench-results]
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

from benchmarks.bench_results import _an_agency, build_store  # noqa: E402
from benchmarks.common import add_store_arguments, machine, write_json  # noqa: E402


def _whole_year_variant():
    """Return {name in `dashboard.state.data`: replacement} that reads as the profile did before: whole years."""
    import streamlit as st

    from dashboard.logic import instansi
    from dashboard.logic.kualitas_data import agency_history
    from dashboard.state import data

    @st.cache_data(show_spinner=False, max_entries=128)
    def profile_parts(db_url, stamp, published, year, framework_code, scope, agency_code):
        engine, viewer = data.get_store(db_url), data._viewer(scope)
        return instansi.compute_profile_parts(data.final_levels(engine, year, framework_code, viewer),
                                              data.year_results(engine, year, framework_code, viewer), agency_code,
                                              data.get_framework(engine, framework_code))

    def agency_final(engine, year, agency_code, framework_code, viewer):
        final = data.final_levels(engine, year, framework_code, viewer)
        return final[final["agency_code"] == agency_code]

    @st.cache_data(show_spinner=False, max_entries=64)
    def agency_revisions(db_url, stamp, agency_code, scope):
        _, files, submissions_all = data._store_frames(db_url, stamp, scope)
        return agency_history(submissions_all, files, agency_code)

    return {"_profile_parts": profile_parts, "agency_final": agency_final, "_agency_revisions": agency_revisions}


def profile_figures(url: str, runs: int) -> dict:
    """Time the profile's first view (caches dropped) and warm rerun, before and after, alternating in one process."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard.state import data
    from ingest.access import Viewer

    os.environ["DATABASE_URL"] = url
    st.cache_resource.clear()  # the app keeps its store engine as a resource: drop the previous store's
    variants = {"before": _whole_year_variant(), "after": {name: getattr(data, name) for name in _whole_year_variant()}}
    agency = _an_agency(url)
    times: dict = {when: {"first": [], "warm": []} for when in variants}
    for _ in range(runs):
        for when, functions in variants.items():
            for name, function in functions.items():
                setattr(data, name, function)
            at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=600)
            # No e-mail: a signed-in viewer without an account is signed out at its first refresh (public).
            at.session_state["_tera_viewer"] = Viewer(role="evaluator")
            at.query_params["kode"] = agency
            at.run()
            at.switch_page("screens/instansi.py")
            st.cache_data.clear()  # what a load makes every process do (`data.check_data_version`)
            data.clear_shared_frames()
            start = time.perf_counter()
            at.run()
            times[when]["first"].append(time.perf_counter() - start)
            assert not at.exception, at.exception
            assert at.header and at.header[0].value, "the profile shows no agency"
            start = time.perf_counter()
            at.run()
            times[when]["warm"].append(time.perf_counter() - start)
    for name, function in variants["after"].items():
        setattr(data, name, function)
    figures = {when: {"first_view_s": round(statistics.median(t["first"]), 3),
                      "warm_rerun_s": round(statistics.median(t["warm"]), 3),
                      "first_views_s": [round(v, 3) for v in t["first"]]} for when, t in times.items()}
    figures["speedup"] = round(figures["before"]["first_view_s"] / figures["after"]["first_view_s"], 2)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    add_store_arguments(parser, ROOT / "benchmarks" / "results" / "profile.json")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    stores = {f"{n}x": build_store(args.dir / f"years-{n}.db", int(n), None) for n in args.scales.split(",") if n}
    if args.units:
        stores[f"{args.units}-units"] = build_store(args.dir / f"units-{args.units}.db", 1, args.units)
    table = {}
    for name, url in stores.items():
        table[name] = profile_figures(url, args.runs)
        print(name, table[name], flush=True)
    write_json(args.out, {"benchmark": "profile", "machine": machine(), "runs": args.runs, "growth": table})
    return 0


if __name__ == "__main__":
    sys.exit(main())
