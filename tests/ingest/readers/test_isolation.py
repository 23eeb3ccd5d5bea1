"""The bounded reader worker's channel, with stand-in workers that die, hang, talk nonsense or answer with
megabytes: every case ends in a result at the file, never a hang or a dead caller, and the next file is read."""

from __future__ import annotations

import sys
import time

import pytest

from ingest.readers.isolation import ReaderLimits, ReaderWorker, ReadJob

# Stand-in workers speak the real protocol (ingest.readers.isolation's frames) and then misbehave.
ECHO = """
import pickle, sys
from ingest.readers.isolation import _receive, _write_frame
from ingest.problems import Report
from ingest.readers.records import ReadResult
size = int(sys.argv[1])
while (job := _receive(sys.stdin.buffer)) is not None:
    report = Report(file=job.name + "." * size)
    _write_frame(sys.stdout.buffer, pickle.dumps((job.number, "ok", ReadResult([], report, "workbook", "xlsx"), 1)))
"""
STANDINS = {
    "dies": "import sys; sys.stdin.buffer.read(8); sys.exit(3)",
    "hangs": "import sys, time; sys.stdin.buffer.read(8); time.sleep(60)",
    "nonsense": "import sys, time; sys.stdin.buffer.read(8); sys.stdout.buffer.write(b'\\x05' + bytes(7) + b'junk!'); "
                "sys.stdout.buffer.flush(); time.sleep(60)",
}


class StandIn(ReaderWorker):
    """A worker running `script` instead of the reader (the repository root is on its path)."""

    def __init__(self, script: str, *args: str, seconds: float = 30.0) -> None:
        super().__init__(ReaderLimits(memory_mb=1024, seconds=seconds))
        self.script, self.args = script, list(args)

    def _command(self) -> list[str]:
        return [sys.executable, "-c", self.script, *self.args]


def reasons(result) -> list[str]:
    return [p.fields.get("reason") for p in result.report.problems if p.type == "unreadable-file"]


@pytest.mark.parametrize(("standin", "reason"), [("dies", "crashed"), ("hangs", "timeout"), ("nonsense", "crashed")])
def test_a_worker_that_misbehaves_gives_one_unreadable_file_and_is_replaced(standin, reason, template_bytes):
    worker = StandIn(STANDINS[standin], seconds=1.0)
    started = time.monotonic()
    try:
        result = worker.read(b"PK\x03\x04" + bytes(100), "bad.xlsx")
        assert reasons(result) == [reason]
        assert time.monotonic() - started < 10, "a misbehaving worker is stopped, not waited for"
        first = worker._process
        worker.script = ECHO
        worker.args = ["0"]
        assert worker.read(template_bytes, "next.xlsx").report.file == "next.xlsx"
        assert worker._process is not first, "the next file gets a fresh worker"
    finally:
        worker.close()


def test_megabytes_both_ways_never_wait_on_each_other(template_bytes):
    """Jobs and answers far larger than a pipe, several in flight: the caller writes while it reads."""
    size = 6 << 20
    worker = StandIn(ECHO, str(size))
    try:
        jobs = [ReadJob(bytes(size) + bytes([n]), f"big-{n}.xlsx") for n in range(4)]
        got = list(worker.read_many(jobs))
    finally:
        worker.close()
    assert [len(r.report.file) for r in got] == [len(f"big-{n}.xlsx") + size for n in range(4)]


def test_the_real_worker_reads_and_reports_its_memory(template_bytes):
    with ReaderWorker() as worker:
        result = worker.read(template_bytes, "lke.xlsx")
        assert result.report.ok and result.records
        assert worker.peak_kb > 0


def test_a_worker_started_early_and_never_used_stops_at_once():
    """A batch starts its worker before knowing whether any file needs reading; a batch of unchanged files
    must not wait for the worker's start-up to finish."""
    worker = StandIn("import time; time.sleep(30)")
    worker.start()
    started = time.monotonic()
    worker.close()
    assert time.monotonic() - started < 1
