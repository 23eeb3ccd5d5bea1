"""Several bounded reader workers for one batch, so reading a round of workbooks uses every core.

Each worker is an `isolation.ReaderWorker` (its own process, memory and time limits); files go to the
workers in turn and results come back in the batch's order, so the caller stores them exactly as with
one worker. A worker is started only when it gets its first file: a single upload starts one process.

Size (environment): TERA_READER_WORKERS (default: one worker per usable core but one, which the
caller needs to check and store what the workers read; at least 1, at most `MAX_WORKERS`). Usable
cores are the process's CPU affinity, capped by a cgroup CPU quota when it runs in a container.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from ingest.readers.isolation import ReaderLimits, ReaderWorker, ReadJob, read_in_turn
from ingest.readers.options import ReadOptions
from ingest.readers.records import ReadResult

# More workers than this rarely help: the caller stores one file at a time and each worker may take 1 GB.
MAX_WORKERS = 8


def default_workers() -> int:
    """Return the number of reader workers for a batch: TERA_READER_WORKERS, else the usable cores minus one (1–MAX_WORKERS).

    The calling process checks and stores what the workers read, and that takes about as long as the
    reading, so it counts as one of the cores: on 2 cores one worker and the caller keep both busy, and a
    second worker would only take turns with the caller on the same two cores (and hold another 1 GB).
    """
    given = os.environ.get("TERA_READER_WORKERS", "").strip()
    if given:
        return max(1, int(given))
    return max(1, min(usable_cores() - 1, MAX_WORKERS))


def usable_cores() -> int:
    """Return the cores this process may run on: its CPU affinity, capped by a container's CPU quota (at least 1)."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+: the affinity, where the system has one
    if counted is not None:
        cores = counted() or 1
    else:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            cores = os.cpu_count() or 1
    quota = _cgroup_quota()
    return max(1, min(cores, quota) if quota else cores)


def _cgroup_quota(path: str = "/sys/fs/cgroup/cpu.max") -> int | None:
    """Return the CPUs a cgroup v2 quota allows ('200000 100000' → 2, rounded up), None without a quota."""
    try:
        with open(path, encoding="ascii") as handle:
            quota, period = handle.read().split()[:2]
        return None if quota == "max" else max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError, ZeroDivisionError):
        return None


class ReaderPool:
    """Bounded reader processes that read a batch in parallel; `read_many` yields results in the jobs' order."""

    def __init__(self, workers: int | None = None, limits: ReaderLimits | None = None) -> None:
        limits = limits or ReaderLimits.from_env()
        self.workers = [ReaderWorker(limits) for _ in range(workers or default_workers())]

    @property
    def peak_kb(self) -> int:
        """Return the largest resident memory (KB) any worker reached."""
        return max(worker.peak_kb for worker in self.workers)

    def start(self) -> None:
        """Start the first worker now (a batch calls this before its own setup, which then overlaps the worker's)."""
        self.workers[0].start()

    def read(self, content: bytes, name: str, options: ReadOptions | None = None) -> ReadResult:
        """Read one file in a worker (see `read_many`)."""
        return next(self.read_many([ReadJob(content, name, options or ReadOptions())]))

    def read_many(self, jobs: Iterable[ReadJob]) -> Iterator[ReadResult]:
        """Yield each job's result in order, the files given to the workers in turn, never raising for what a file holds."""
        return read_in_turn(self.workers, jobs)

    def close(self) -> None:
        """Stop every worker."""
        for worker in self.workers:
            worker.close()

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
