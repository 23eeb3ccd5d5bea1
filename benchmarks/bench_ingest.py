"""Benchmark: load a national round of per-agency workbooks, Tera's pipeline vs a naive pandas + to_sql script.

Run: python benchmarks/bench_ingest.py [--agencies N] [--no-postgres]
Targets: Tera's first load ≥ 5× faster than the naive baseline, the second (unchanged) load ≥ 20× faster
than the first. Measured on SQLite, and on PostgreSQL (127.0.0.1:5432, db test) when it answers.

The registry has 638 agencies evaluated in 2024; beyond those, agencies are reused with 2023 workbooks
so the folder still holds N distinct agency-year submissions.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import create_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import machine, write_json  # noqa: E402
from indicators import load_framework  # noqa: E402
from ingest.load import iter_paths, load_paths  # noqa: E402
from ingest.readers import read_file_here  # noqa: E402
from ingest.sample.generate import FRAMEWORK, SEED, WORKBOOK_STAGES, report_name, sample_agencies  # noqa: E402
from ingest.sample.levels import compute_sample_rounds  # noqa: E402
from ingest.sample.text import compute_notes  # noqa: E402
from ingest.store.engine import dispose_engine, get_engine  # noqa: E402
from ingest.template import write_template  # noqa: E402

# The benchmark uses the tests' PostgreSQL server and its probe (one definition).
from tests.support.stores import POSTGRES_ADMIN, POSTGRES_URL, postgres_answers  # noqa: E402

LATEST_YEAR = 2024
TARGET_FIRST, TARGET_SECOND = 5.0, 20.0


def plan_round(count: int) -> list[tuple[str, int]]:
    """Return `count` distinct (agency code, year) pairs: the latest year's agencies first, then earlier years."""
    pairs: list[tuple[str, int]] = []
    year = LATEST_YEAR
    while len(pairs) < count:
        pairs += [(agency.code, year) for agency in sample_agencies(year)][: count - len(pairs)]
        year -= 1
    return pairs


def _write_one(job: tuple[Path, str, str, int, dict, dict]) -> None:
    path, code, name, year, levels, notes = job
    write_template(path, agency_code=code, agency_name=name, year=year, framework=FRAMEWORK,
                   stages=WORKBOOK_STAGES, levels=levels, notes=notes)


def write_round(folder: Path, count: int) -> list[Path]:
    """Write `count` evaluation workbooks with synthetic, calibrated levels and notes (self-assessment and final)."""
    fw = load_framework(FRAMEWORK)
    rng = np.random.default_rng(SEED)
    pairs = plan_round(count)
    agencies = {a.code: a for year in {y for _, y in pairs} for a in sample_agencies(year)}
    years = sorted({y for _, y in pairs})
    frame = pd.DataFrame({"code": list(agencies), "type": [a.type for a in agencies.values()]})
    rounds = {r.year: r for r in compute_sample_rounds(frame, years, fw)}
    row_of = {code: i for i, code in enumerate(frame["code"])}
    jobs = []
    for code, year in pairs:
        levels_round, i = rounds[year], row_of[code]
        final = dict(zip(levels_round.indicator_codes, map(int, levels_round.final[i]), strict=True))
        claimed = dict(zip(levels_round.indicator_codes, map(int, levels_round.self_assessed[i]), strict=True))
        path = folder / f"LKE_SPBE_{year}_{code}.xlsx"
        # Explanations, evidence and justifications make the files as wordy as real ones.
        notes = compute_notes(agencies[code].type, year, fw, final, claimed, rng)
        jobs.append((path, code, report_name(agencies[code]), year, {"mandiri": claimed, "dokumen": final}, notes))
    with ProcessPoolExecutor() as pool:
        list(pool.map(_write_one, jobs, chunksize=16))
    return [job[0] for job in jobs]


def naive_load(db_url: str, paths: list[Path]) -> None:
    """What a person would hack together: every sheet of every file through pandas into its own table.

    openpyxl is named only because it is pandas' default today and says so in a warning on every file.
    """
    engine = create_engine(db_url)
    try:
        for path in paths:
            for sheet, frame in pd.read_excel(path, sheet_name=None, engine="openpyxl").items():
                frame.columns = [str(c) for c in frame.columns]
                frame.to_sql(f"{path.stem}_{sheet}"[:60], engine, if_exists="replace", index=False)
    finally:
        engine.dispose()


def timed(function: Callable[[], object]) -> tuple[float, object]:
    """Return (seconds, result) of one call."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


class InProcessReader:
    """Reads every file in this process, as before the worker existed: the baseline of the worker's cost."""

    def __enter__(self) -> InProcessReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        pass

    def start(self) -> None:
        """Nothing to start: files are read here."""

    def read_many(self, jobs):
        """Yield each job's result, read here."""
        for job in jobs:
            yield read_file_here(job.content, name=job.name, **job.options.as_kwargs())


def _cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished children (the reader worker is one)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def calamine_floor(paths: list[Path], db_path: Path) -> float:
    """Return the seconds of the least any loader must do: read each evaluation sheet with calamine, insert its rows with
    executemany, one transaction for the round (no checks, no problems, no registry, no revisions)."""
    import sqlite3

    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE cells (file TEXT, row INTEGER, a TEXT, b TEXT, c TEXT, d TEXT, e TEXT)")
    with conn:
        for path in paths:
            rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            conn.executemany("INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [(path.name, number, *(str(v) for v in (row + [""] * 5)[:5])) for number, row in enumerate(rows)])
    conn.close()
    return time.perf_counter() - started


def measure_worker(folder: Path, root: Path, paths: list[Path], rounds: int = 2) -> dict:
    """Time first loads into fresh SQLite stores: reading in place, in one bounded worker, in the pool (one per core).

    Best of `rounds`, interleaved; wall time and CPU time (this process plus the workers) are both shown,
    because on a shared machine the wall time mostly measures the neighbours. The calamine + executemany
    floor is timed in the same run.
    """
    from ingest.readers.pool import ReaderPool, default_workers

    readers = {"in place": InProcessReader, "1 worker": lambda: ReaderPool(workers=1), "pool": ReaderPool}
    timings: dict[str, list[tuple[float, float]]] = {label: [] for label in readers}
    floors, floor_cpus = [], []
    for number in range(rounds):
        cpu = _cpu_seconds()
        floors.append(calamine_floor(paths, root / f"floor-{number}.db"))
        floor_cpus.append(_cpu_seconds() - cpu)
        for label, reader in readers.items():
            engine = get_engine(f"sqlite:///{root / f'worker-{label[:2]}-{number}.db'}")
            cpu = _cpu_seconds()
            try:
                seconds, _ = timed(lambda engine=engine, reader=reader: load_paths(engine, [folder], reader=reader))
            finally:
                dispose_engine(engine)
            timings[label].append((seconds, _cpu_seconds() - cpu))
    floor, floor_cpu = min(floors), min(floor_cpus)
    print(f"\nreaders (SQLite first load, same process, best of {rounds}; pool = {default_workers()} workers):")
    print(f"  calamine + executemany floor {floor:6.2f} s wall  {floor_cpu:6.2f} s CPU")
    found = {"floor_s": round(floor, 3), "floor_cpu_s": round(floor_cpu, 3), "pool_workers": default_workers()}
    for label in readers:
        wall, cpu = min(t[0] for t in timings[label]), min(t[1] for t in timings[label])
        # CPU against CPU too: on a busy machine the wall ratio mostly measures the neighbours.
        print(f"  {label:<9} {wall:6.2f} s wall  {cpu:6.2f} s CPU   {wall / floor:5.2f}× the floor "
              f"({cpu / floor_cpu:5.2f}× its CPU)")
        found[label] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "vs_floor": round(wall / floor, 2),
                        "cpu_vs_floor": round(cpu / floor_cpu, 2)}
    return found


def run_backend(label: str, naive_url: str, tera_url: str, folder: Path, paths: list[Path],
                figures: dict | None = None) -> bool:
    """Time the baseline and both Tera loads on one backend, print them (and add them to `figures`); return whether targets are met."""
    files = len(paths)
    naive_time, _ = timed(lambda: naive_load(naive_url, paths))
    # Migrating and seeding the registry happen once per store, not per load; kept out of the timings.
    engine = get_engine(tera_url)
    try:
        first_time, first = timed(lambda: load_paths(engine, [folder]))
        second_time, second = timed(lambda: load_paths(engine, [folder]))
    finally:
        dispose_engine(engine)
    first_outcomes, second_outcomes = Counter(r.outcome for r in first), Counter(r.outcome for r in second)
    print(f"\n{label}  ({files} files)")
    for name, seconds, note in (("naive pandas + to_sql", naive_time, ""),
                                ("tera first load", first_time, dict(first_outcomes)),
                                ("tera second load", second_time, dict(second_outcomes))):
        print(f"  {name:<22} {seconds:7.2f} s  {files / seconds:8.1f} files/s  {note}")
    ratio_first, ratio_second = naive_time / first_time, first_time / second_time
    print(f"  first vs baseline:  {ratio_first:6.1f}× faster (target ≥ {TARGET_FIRST:.0f}×)")
    print(f"  second vs first:    {ratio_second:6.1f}× faster (target ≥ {TARGET_SECOND:.0f}×)")
    if figures is not None:
        figures[label] = {"files": files, "naive_s": round(naive_time, 2), "first_s": round(first_time, 2),
                          "second_s": round(second_time, 3), "first_vs_naive": round(ratio_first, 2),
                          "second_vs_first": round(ratio_second, 1)}
    correct = first_outcomes == {"loaded": files} and second_outcomes == {"unchanged": files}
    if not correct:
        print("  UNEXPECTED outcomes: every file should load once, then be unchanged")
    return correct and ratio_first >= TARGET_FIRST and ratio_second >= TARGET_SECOND


def run_postgres(folder: Path, paths: list[Path], figures: dict | None = None) -> bool:
    """Run the backend comparison in two private schemas that are dropped afterwards."""
    import psycopg

    schemas = [f"bench_{kind}_{uuid.uuid4().hex[:12]}" for kind in ("naive", "tera")]
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
        for schema in schemas:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        naive_url, tera_url = (f"{POSTGRES_URL}?options=-csearch_path%3D{schema}" for schema in schemas)
        return run_backend("PostgreSQL", naive_url, tera_url, folder, paths, figures)
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=650, help="workbooks in the round (default 650)")
    parser.add_argument("--no-postgres", action="store_true", help="measure SQLite only")
    parser.add_argument("--worker-only", action="store_true", help="only measure the readers against the floor")
    parser.add_argument("--json", type=Path, default=Path(__file__).resolve().parent / "results" / "ingest.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tera-bench-") as tmp:
        root = Path(tmp)
        folder = root / "round"
        folder.mkdir()
        write_time, paths = timed(lambda: write_round(folder, args.agencies))
        assert list(iter_paths([folder])) == sorted(paths), "the loader must see exactly the written files"
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"wrote {len(paths)} workbooks ({size:.1f} MB) in {write_time:.1f} s")
        figures: dict = {"benchmark": "ingest", "machine": machine(), "workbooks": len(paths),
                         "megabytes": round(size, 1), "readers": measure_worker(folder, root, paths)}
        ok = True
        if not args.worker_only:
            ok = run_backend("SQLite", f"sqlite:///{root / 'naive.db'}", f"sqlite:///{root / 'tera.db'}", folder,
                             paths, figures)
            if args.no_postgres:
                pass
            elif postgres_answers():
                # The targets are for the default SQLite store; PostgreSQL is reported for comparison.
                run_postgres(folder, paths, figures)
            else:
                print("\nPostgreSQL at 127.0.0.1:5432 does not answer; skipped")
    write_json(args.json, figures)
    print("\nSQLite targets:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
