"""Load test: concurrent Streamlit sessions per page against 1 and 2 app processes behind nginx, beside a bare page.

Usage: python benchmarks/bench_sessions.py --db URL [--sessions 1 10 30 100] [--processes 1 2]
       [--pages bare ringkasan peringkat instansi] [--json benchmarks/results/sessions.json]

A client on loopback opens each session over Streamlit's websocket exactly as a browser's first run
does (a `BackMsg` with `rerun_script`), and times it until `script_finished`; no browser cost. For each
page and process count a fresh deployment (`dashboard.serve.start`) is started, so the first session
is the page's **first view** (every cache cold, as after a load); one warm session follows, then each
batch of concurrent sessions. The bare page (a 620-row table and a bar chart, no Tera) runs in the same
run as the baseline; figures are reported as ratios against it. Bounded: each session gives up after
`--timeout` seconds (counted as an error), a batch never exceeds `--sessions`, everything is on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import machine, percentiles, write_json  # noqa: E402
from dashboard.serve import start  # noqa: E402

PAGES = {"bare": ("", ""), "ringkasan": ("", ""), "peringkat": ("peringkat", ""),
         "instansi": ("instansi", "kode=35.10")}
BARE_PAGE = """import numpy as np
import pandas as pd
import streamlit as st

rng = np.random.default_rng(1)
frame = pd.DataFrame({"agency": [f"Instansi {i}" for i in range(620)], "index": rng.uniform(1, 5, 620).round(2),
                      "type": rng.choice(["kabupaten", "kota", "provinsi", "kementerian"], 620)})
st.title("Bare table and chart")
st.bar_chart(frame.groupby("type")["index"].mean())
st.dataframe(frame)
"""


async def one_session(base: str, page: str, query: str, timeout: float) -> tuple[float | None, str | None]:
    """Open one session and run the page once; return (seconds from rerun request to script_finished, error)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = base.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with asyncio.timeout(timeout):
            async with websockets.connect(url, subprotocols=["streamlit"], ping_interval=None, max_size=None,
                                          open_timeout=timeout) as socket:
                message = BackMsg()
                message.rerun_script.query_string = query
                message.rerun_script.page_name = page
                started = time.perf_counter()
                await socket.send(message.SerializeToString())
                while True:
                    answer = ForwardMsg()
                    answer.ParseFromString(await socket.recv())
                    if answer.WhichOneof("type") == "script_finished":
                        return time.perf_counter() - started, None
    except TimeoutError:
        return None, "timeout"
    except Exception as error:  # noqa: BLE001 - a dropped session is a measured error, not a crash
        return None, type(error).__name__


async def batch(base: str, page: str, query: str, count: int, timeout: float) -> dict:
    """Run `count` sessions at once; return their latency percentiles, errors and throughput."""
    started = time.perf_counter()
    results = await asyncio.gather(*(one_session(base, page, query, timeout) for _ in range(count)))
    wall = time.perf_counter() - started
    times = [seconds for seconds, _ in results if seconds is not None]
    errors = [error for _, error in results if error is not None]
    return {"sessions": count, **percentiles(times), "errors": len(errors), "error_kinds": sorted(set(errors)),
            "wall_s": round(wall, 3), "sessions_per_s": round(len(times) / wall, 3) if wall else None}


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def measure(page: str, processes: int, args: argparse.Namespace, bare_script: Path) -> dict:
    """Start a fresh deployment for one page and process count; return first view, warm and batch figures."""
    from tests.support.browser import free_port

    path, query = PAGES[page]
    ports = [free_port() for _ in range(processes)]
    script = bare_script if page == "bare" else None
    with tempfile.TemporaryDirectory(prefix="tera-bench-serve-") as folder, \
            start(processes, free_port(), db_url=args.db, app_ports=ports, folder=Path(folder), script=script,
                  user="root" if _is_root() else None) as served:
        first, error = asyncio.run(one_session(served.url, path, query, args.timeout))
        for _ in range(processes):  # every process warm before the batches
            for url in served.app_urls:
                asyncio.run(one_session(url, path, query, args.timeout))
        warm = [asyncio.run(one_session(served.url, path, query, args.timeout))[0] for _ in range(3)]
        row = {"page": page, "processes": processes, "first_view_s": None if first is None else round(first, 3),
               "first_view_error": error,
               "warm_s": round(statistics.median([w for w in warm if w is not None]), 3) if any(warm) else None,
               "batches": []}
        for count in args.sessions:
            row["batches"].append(asyncio.run(batch(served.url, path, query, count, args.timeout)))
            print(f"  {page:10} {processes}p {count:4} sessions: {row['batches'][-1]}", flush=True)
        row["rss_mb_after"] = _rss_mb([p.pid for p in served.processes[:-1]])
    return row


def _is_root() -> bool:
    import os

    return os.geteuid() == 0


def ratios(rows: list[dict]) -> list[dict]:
    """Return each page's p50 at every batch size as a multiple of the bare page's, and 2-process vs 1-process throughput."""
    found = []
    by_key = {(r["page"], r["processes"]): r for r in rows}
    for (page, processes), row in by_key.items():
        bare = by_key.get(("bare", processes))
        one = by_key.get((page, 1))
        for position, result in enumerate(row["batches"]):
            entry = {"page": page, "processes": processes, "sessions": result["sessions"]}
            if bare and page != "bare" and result.get("p50") and bare["batches"][position].get("p50"):
                entry["p50_vs_bare"] = round(result["p50"] / bare["batches"][position]["p50"], 2)
            if processes == 2 and one and one["batches"][position].get("sessions_per_s"):
                entry["throughput_vs_1_process"] = round(result["sessions_per_s"] / one["batches"][position]["sessions_per_s"], 2)
            found.append(entry)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="store URL with data (PostgreSQL for two processes)")
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 30, 100])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds before a session counts as an error")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "sessions.json")
    args = parser.parse_args(argv)
    if max(args.sessions) > 200:
        parser.error("at most 200 sessions per batch (the test is bounded)")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(BARE_PAGE)
    rows = []
    for processes in args.processes:
        for page in args.pages:
            rows.append(measure(page, processes, args, Path(handle.name)))
    result = {"benchmark": "sessions", "machine": machine(), "python": platform.python_version(),
              "store": args.db.split("://")[0], "rows": rows, "ratios": ratios(rows)}
    write_json(args.json, result)
    for entry in result["ratios"]:
        print(entry)
    return 0


if __name__ == "__main__":
    sys.exit(main())
