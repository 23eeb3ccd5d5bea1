"""Read untrusted files in a separate, bounded worker process, so no file can take down the app or a batch.

One long-lived worker serves a whole batch (and, through `read_isolated`, every single upload of a
process): starting a process per file would cost more than reading. The worker runs with an
address-space limit (RLIMIT_AS) and each file with a time limit; a death, timeout or exception while
reading becomes an `unreadable-file` problem at the file, and the next file gets a fresh worker.
Small CSV files take a fast path in the calling process: they never reach native code.

Limits (environment, with defaults): TERA_READER_MEMORY_MB=1024 (address space of the worker, MB),
TERA_READER_SECONDS=60 (per file).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.readers.options import ReadOptions
from ingest.readers.records import ReadResult

REPO_ROOT = Path(__file__).resolve().parents[2]

DEFAULT_MEMORY_MB = 1024
DEFAULT_SECONDS = 60.0
# CSV files up to this size are read in the calling process: pure Python, bounded by the size.
FAST_PATH_CSV_BYTES = 256 * 1024
# Files sent ahead to the worker, so it reads the next files while the caller stores: enough to cover a load
# group's write and commit (a few dozen files' reading) so the worker does not wait on it. Bounded by bytes too:
# what is in flight is held by the caller (and the pipe) until its answer comes back.
AHEAD = 64
AHEAD_BYTES = 64 << 20



@dataclass(frozen=True)
class ReaderLimits:
    """Memory (MB of address space of the worker) and time (seconds per file) allowed for reading."""

    memory_mb: int = DEFAULT_MEMORY_MB
    seconds: float = DEFAULT_SECONDS

    @classmethod
    def from_env(cls) -> ReaderLimits:
        """Return the limits set by TERA_READER_MEMORY_MB and TERA_READER_SECONDS, else the defaults."""
        return cls(memory_mb=int(os.environ.get("TERA_READER_MEMORY_MB", DEFAULT_MEMORY_MB)),
                   seconds=float(os.environ.get("TERA_READER_SECONDS", DEFAULT_SECONDS)))


@dataclass
class ReadJob:
    """One file to read: its bytes, its name and the reader's options (framework, year, stage, catalogue)."""

    content: bytes
    name: str
    options: ReadOptions = field(default_factory=ReadOptions)
    number: int = 0


def _serve(limits: ReaderLimits) -> None:
    """Worker main loop on stdin/stdout: read each job in place and answer (number, status, result or reason, peak KB)."""
    import resource

    from ingest.errors import IngestError
    from ingest.readers import read_file_here

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    # Nothing else may write to the answer channel.
    sys.stdout = sys.stderr
    limit = limits.memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while (job := _receive(source)) is not None:
        try:
            answer = ("ok", read_file_here(job.content, name=job.name, **job.options.as_kwargs()))
        except IngestError as exc:  # the caller's mistake (an unknown framework code): raised in the caller
            answer = ("raise", exc)
        except MemoryError:
            answer = ("memory", None)
        except Exception as exc:  # any reader bug on a hostile file: reported at the file, the batch goes on
            answer = ("failed", type(exc).__name__)
        peak = _peak_kb(resource)
        try:
            frame = pickle.dumps((job.number, *answer, peak), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an answer that cannot be pickled
            frame = pickle.dumps((job.number, "failed", type(exc).__name__, peak))
        _write_frame(sink, frame)
        if answer[0] == "memory":
            return  # the heap may be in a bad state; the parent starts a fresh worker


_status_fd: int | None = None  # the worker's /proc/self/status, opened once


def _peak_kb(resource: Any) -> int:
    """Return this process's peak resident memory in KB (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    # Asked after every file: the status file is opened once and read again from its start (opening it in text
    # mode per file cost a twentieth of reading a small workbook).
    global _status_fd
    try:
        if _status_fd is None:
            _status_fd = os.open("/proc/self/status", os.O_RDONLY)
        found = os.pread(_status_fd, 1 << 16, 0)
        at = found.index(b"VmHWM:")
        return int(found[at + 6:found.index(b"kB", at)])
    except (OSError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _write_frame(sink: Any, frame: bytes) -> None:
    sink.write(struct.pack("<Q", len(frame)) + frame)
    sink.flush()


def _receive(source: Any) -> Any:
    head = source.read(8)
    if len(head) < 8:
        return None
    (size,) = struct.unpack("<Q", head)
    body = source.read(size)
    return pickle.loads(body) if len(body) == size else None


class ReaderWorker:
    """A long-lived reader process with limits; `read_many` keeps it busy while the caller stores results."""

    def __init__(self, limits: ReaderLimits | None = None) -> None:
        self.limits = limits or ReaderLimits.from_env()
        self.peak_kb = 0  # the largest resident memory the worker reached, in KB
        self._process: subprocess.Popen | None = None
        self._channel: _Channel | None = None
        self._counter = 0

    def read(self, content: bytes, name: str, options: ReadOptions | None = None) -> ReadResult:
        """Read one file in the worker (see `read_many`)."""
        return next(self.read_many([ReadJob(content, name, options or ReadOptions())]))

    def read_many(self, jobs: Iterable[ReadJob]) -> Iterator[ReadResult]:
        """Yield each job's result in order, never raising for what a file holds."""
        return read_in_turn([self], jobs)

    def close(self) -> None:
        """Stop the worker (it is started again on the next read)."""
        process, self._process = self._process, None
        if process is None:
            return
        assert self._channel is not None
        if not self._channel.used:
            process.kill()  # started early and never given a file: nothing to wait for (it may still be importing)
        self._channel.close()  # the worker ends at the end of its input
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def __enter__(self) -> ReaderWorker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _start(self) -> None:
        # A fresh interpreter (not fork: the app has threads; not multiprocessing's spawn: it re-imports
        # the caller's main script) running this module; the repository root is put on its path.
        env = {**os.environ, "RUST_BACKTRACE": "0", "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO_ROOT), os.environ.get("PYTHONPATH"))))}
        self._process = subprocess.Popen(self._command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, env=env)
        self._channel = _Channel(self._process)

    def _command(self) -> list[str]:
        """Return the worker's command line: this module, run with the limits."""
        return [sys.executable, "-m", "ingest.readers.isolation", f"{self.limits.memory_mb}:{self.limits.seconds}"]

    def start(self) -> None:
        """Start the worker process unless it runs (reads start it anyway; this only starts it sooner)."""
        if self._process is None or self._process.poll() is not None:
            self._start()

    def _send(self, job: ReadJob) -> None:
        self.start()
        assert self._channel is not None
        self._channel.send(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))

    def _wait(self, pending: deque[ReadJob]) -> ReadResult:
        job = pending[0]
        deadline = time.monotonic() + self.limits.seconds
        assert self._channel is not None
        while True:
            try:
                answer = self._channel.receive(deadline)
            except TimeoutError:
                return self._restart(pending, "timeout", {"seconds": f"{self.limits.seconds:g}"})
            if answer is None:  # the worker's output ended (or made no sense): it died
                return self._restart(pending, *self._death())
            number, status, payload, peak = answer
            self.peak_kb = max(self.peak_kb, peak)
            if number != job.number:
                continue
            pending.popleft()
            if status == "ok":
                return payload
            if status == "raise":
                raise payload
            if status == "memory":
                self._restart_quietly(pending)
                return _unreadable(job, "memory", limit=self.limits.memory_mb)
            return _unreadable(job, "failed", detail=payload)

    def _death(self) -> tuple[str, dict[str, Any]]:
        assert self._process is not None
        try:
            code = self._process.wait(timeout=2)
        except subprocess.TimeoutExpired:  # alive, but what it sent is not an answer: stopped here
            self._process.kill()
            self._process.wait()
            return "crashed", {"detail": "unreadable answer"}
        if code in (-signal.SIGKILL, -signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS, 134):
            # Native code aborts or faults when an allocation fails under the address-space limit.
            return "memory", {"limit": self.limits.memory_mb}
        return "crashed", {"detail": f"exit code {code}"}

    def _restart(self, pending: deque[ReadJob], reason: str, fields: dict[str, Any]) -> ReadResult:
        job = pending.popleft()
        self._restart_quietly(pending)
        return _unreadable(job, reason, **fields)

    def _restart_quietly(self, pending: deque[ReadJob]) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
        for job in pending:
            self._send(job)


class _Channel:
    """The pipes to one worker, driven from the calling thread alone: jobs are written without blocking and answers
    read as they arrive, so a large job being written never waits on an unread answer, and no thread has to hand
    the interpreter lock back and forth per file (which cost the caller a third of storing a round)."""

    PIPE_BYTES = 1 << 20  # asked for both pipes (Linux), so a workbook and its answer fit without a wait

    def __init__(self, process: subprocess.Popen) -> None:
        assert process.stdin is not None and process.stdout is not None
        self._sink, self._source = process.stdin, process.stdout
        self._out, self._in = self._sink.fileno(), self._source.fileno()
        os.set_blocking(self._out, False)
        for fd in (self._out, self._in):
            _grow_pipe(fd, self.PIPE_BYTES)
        self._outgoing = bytearray()
        self._incoming = bytearray()
        self._ended = False
        self._sent = False

    @property
    def used(self) -> bool:
        """Whether any frame was sent to the worker."""
        return self._sent

    def send(self, frame: bytes) -> None:
        """Queue one frame for the worker and write what the pipe takes now."""
        self._sent = True
        self._outgoing += struct.pack("<Q", len(frame)) + frame
        self._flush()

    def receive(self, deadline: float) -> Any:
        """Return the next answer, None when the worker's output ended or made no sense; TimeoutError at `deadline`."""
        while True:
            frame = self._frame()
            if frame is not None:
                try:
                    return pickle.loads(frame)
                except Exception:  # a frame that is not an answer: treated as the worker's death
                    return None
            if self._ended:
                return None
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            readable, writable, _ = select.select([self._in], [self._out] if self._outgoing else [], [], remaining)
            if writable:
                self._flush()
            if readable:
                data = os.read(self._in, self.PIPE_BYTES)
                if data:
                    self._incoming += data
                else:
                    self._ended = True

    def close(self) -> None:
        """Close the worker's input: it stops after the job it is reading."""
        with contextlib.suppress(OSError):
            self._sink.close()

    def _flush(self) -> None:
        while self._outgoing:
            try:
                written = os.write(self._out, self._outgoing)
            except BlockingIOError:
                return  # the pipe is full: the rest goes while waiting for an answer
            except OSError:  # the worker died; waiting for its answer reports it
                self._outgoing.clear()
                return
            del self._outgoing[:written]

    def _frame(self) -> bytes | None:
        if len(self._incoming) < 8:
            return None
        (size,) = struct.unpack_from("<Q", self._incoming)
        if len(self._incoming) < 8 + size:
            return None
        frame = bytes(self._incoming[8:8 + size])
        del self._incoming[:8 + size]
        return frame


def _grow_pipe(fd: int, size: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, size)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or above the system's limit: the default pipe size only means more waits


def read_in_turn(workers: list[ReaderWorker], jobs: Iterable[ReadJob]) -> Iterator[ReadResult]:
    """Yield each job's result in order, the files given to `workers` in turn, never raising for what a file holds.

    Up to AHEAD files a worker and AHEAD_BYTES are in flight (one file at least), so the workers read ahead of
    the caller; a small CSV file with nothing in flight is read here (`_fast_path`).
    """
    order: deque[ReaderWorker] = deque()  # which worker reads each file in flight, oldest first
    pending: dict[int, deque[ReadJob]] = {id(worker): deque() for worker in workers}
    source = iter(jobs)
    turn = in_flight = 0  # in_flight: bytes sent and not answered yet
    while True:
        while (not order or (len(order) < AHEAD * len(workers) and in_flight < AHEAD_BYTES)) and (
                job := next(source, None)) is not None:
            if not order and (fast := _fast_path(job)) is not None:
                yield fast
                continue
            worker = workers[turn % len(workers)]
            turn += 1
            worker._counter += 1
            job.number = worker._counter
            pending[id(worker)].append(job)
            order.append(worker)
            in_flight += len(job.content)
            worker._send(job)
        if not order:
            return
        worker = order.popleft()
        in_flight -= len(pending[id(worker)][0].content)
        yield worker._wait(pending[id(worker)])


def _fast_path(job: ReadJob) -> ReadResult | None:
    from ingest.readers import read_file_here
    from ingest.readers.source import OLE2_MAGIC, ZIP_MAGIC

    content = job.content
    if len(content) > FAST_PATH_CSV_BYTES or content.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        return None
    return read_file_here(content, name=job.name, **job.options.as_kwargs())


def _unreadable(job: ReadJob, reason: str, **fields: Any) -> ReadResult:
    from ingest.readers import unreadable_result
    from ingest.readers.source import guess_format

    return unreadable_result(job.name, guess_format(job.name), reason, **fields)


_shared: ReaderWorker | None = None
_shared_lock = threading.Lock()


def read_isolated(content: bytes, name: str, options: ReadOptions | None = None) -> ReadResult:
    """Read one file in this process's shared worker (one file at a time; used for single uploads)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ReaderWorker()
            atexit.register(_shared.close)
        return _shared.read(content, name, options)


if __name__ == "__main__":
    memory_mb, seconds = sys.argv[1].split(":")
    _serve(ReaderLimits(memory_mb=int(memory_mb), seconds=float(seconds)))
