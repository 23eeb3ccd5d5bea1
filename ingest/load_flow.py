"""How a batch moves through a load: files read from disk and looked up a batch at a time, handed to the reader
as one stream, and stored in groups of files that share one write transaction."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine

from ingest.readers.grid import UnreadableFile
from ingest.readers.isolation import ReadJob
from ingest.readers.records import ReadResult
from ingest.readers.source import read_bytes
from ingest.store.save import Submission, compute_sha256

if TYPE_CHECKING:
    from ingest.load import LoadResult

# Files hashed and looked up in the store with one query. It also bounds the bytes held in memory: the batch
# being stored and, while the reader works ahead, the next one.
BATCH_FILES = 64
# Files stored in one write transaction: a commit costs about as much as reading a small workbook, so a
# group of files shares one. A group also ends after GROUP_SECONDS, so progress stays smooth and another
# writer never waits long for the store.
GROUP_FILES = 32
GROUP_SECONDS = 0.25


@dataclass
class PendingFile:
    """One file read from disk and hashed, waiting for its turn in the store (or why it could not be read)."""

    path: Path
    content: bytes | None
    sha256: str
    unreadable: UnreadableFile | None = None

    @classmethod
    def read(cls, path: Path) -> PendingFile:
        """Read and hash one file; a file too large or that cannot be opened is kept with the reason."""
        try:
            content = read_bytes(path)
        except UnreadableFile as exc:
            return cls(path, None, "", exc)
        return cls(path, content, compute_sha256(content))


class ReadFeed:
    """The files of a batch in order, each with what the reader made of it (None when it needs no reading).

    Files are read from disk, hashed and looked up a batch at a time, and handed to the reader as one stream
    across batches: a reader working ahead of the caller never waits at the end of a batch.
    """

    def __init__(self, files: list[Path], wanted: Callable[[list[PendingFile]], list[bool]],
                 job_of: Callable[[PendingFile], ReadJob], reader: Any) -> None:
        self._files, self._next = files, 0
        self._wanted, self._job_of = wanted, job_of
        self._items: deque[tuple[PendingFile, bool]] = deque()
        self._jobs: deque[ReadJob] = deque()
        # The reader pulls jobs as it goes; pulling may prepare the next batch before the caller reaches it.
        self._reads = reader.read_many(self._job_stream())

    def __iter__(self) -> Iterator[tuple[PendingFile, ReadResult | None]]:
        while self._items or self._prepare():
            item, wanted = self._items.popleft()
            yield item, (next(self._reads) if wanted else None)

    def _job_stream(self) -> Iterator[ReadJob]:
        while self._jobs or self._prepare():
            if self._jobs:
                yield self._jobs.popleft()

    def _prepare(self) -> bool:
        """Read, hash and look up the next batch; False when every file was prepared."""
        if self._next >= len(self._files):
            return False
        batch = [PendingFile.read(path) for path in self._files[self._next:self._next + BATCH_FILES]]
        self._next += BATCH_FILES
        for item, wanted in zip(batch, self._wanted(batch), strict=True):
            self._items.append((item, wanted))
            if wanted:
                self._jobs.append(self._job_of(item))
        return True


class WriteGroup:
    """Files stored in one write transaction: planned as they are read, written a few statements for all at once
    (`ingest.load` writes them), committed together; their results are given out after the commit."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.results: list[LoadResult] = []
        self.keys: set[tuple[str, int, str]] = set()  # (agency, year, framework) whose results to store
        self.frameworks: set[str] = set()  # frameworks saved in this group
        # The submissions this group made current, by (agency, year, framework) and stage: results are scored
        # from them without reading their rows back.
        self.written: dict[tuple[str, int, str], dict[str, Submission]] = {}
        self._planned: list[Any] = []  # files waiting to be written (`ingest.load._Planned`)
        self._conn: Connection | None = None
        self._started: float | None = None

    def add(self, result: LoadResult) -> None:
        """Count one file's result in the group (its clock starts with the first)."""
        if self._started is None:
            self._started = time.monotonic()
        self.results.append(result)

    def plan(self, planned: Any) -> None:
        """Keep one file to write with the others."""
        self._planned.append(planned)

    def plans(self, sha256: str) -> bool:
        """Whether a file with these bytes waits to be written."""
        return any(item.sha256 == sha256 for item in self._planned)

    def touches(self, agency_years: set[tuple[str, int]]) -> bool:
        """Whether a file waiting to be written stores one of these (agency, year) pairs."""
        return any(item.agency_years & agency_years for item in self._planned)

    def take(self) -> list[Any]:
        """Return the files waiting to be written, in order, and forget them."""
        planned, self._planned = self._planned, []
        return planned

    def connection(self) -> Connection:
        """Return the group's connection, beginning its transaction on first use."""
        if self._conn is None:
            self._conn = self.engine.connect()
            self._conn.begin()
        return self._conn

    def full(self) -> bool:
        """Whether the group holds GROUP_FILES files or has been open GROUP_SECONDS."""
        return len(self.results) >= GROUP_FILES or (
            self._started is not None and time.monotonic() - self._started >= GROUP_SECONDS)

    def commit(self) -> WriteGroup:
        """Commit what was written and return the finished group; this one starts empty."""
        assert not self._planned, "every planned file is written before the commit"
        done = WriteGroup(self.engine)
        done.results, done.frameworks = self.results, self.frameworks
        if self._conn is not None:
            self._conn.commit()
            self._conn.close()
        self.results, self.keys, self.frameworks, self.written, self._conn = [], set(), set(), {}, None
        self._started = None
        return done

    def __enter__(self) -> WriteGroup:
        return self

    def __exit__(self, *exc: object) -> None:
        # Reached with an open transaction only when storing failed (or the caller stopped early): nothing of it stays.
        self._planned = []
        if self._conn is not None:
            self._conn.rollback()
            self._conn.close()
            self._conn = None
