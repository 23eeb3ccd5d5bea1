"""The load pipeline: read a file, resolve its agencies, and store it in one transaction or not at all.

Every file is kept with its bytes (a rejected one too, with its report) so nothing sent is ever lost;
a file with any error stores no submission and no score. The same bytes twice are 'unchanged'.
A batch stores its files in groups that share a transaction (GROUP_FILES, GROUP_SECONDS): a commit per
file cost about as much as reading the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypedDict, Unpack

from sqlalchemy import Engine

from indicators import Framework
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.frameworks.results import save_results
from ingest.load_flow import PendingFile, ReadFeed, WriteGroup
from ingest.problems import Problem, Report
from ingest.queries import load_user_aliases
from ingest.readers import ReadResult, SubmissionRecord, read_file, unreadable_result
from ingest.readers.isolation import ReadJob
from ingest.readers.messages import report_problem
from ingest.readers.options import ReadOptions
from ingest.readers.pool import ReaderPool
from ingest.readers.source import guess_format
from ingest.registry import match_agency
from ingest.registry.added import compute_years_text
from ingest.registry.index import Registry
from ingest.store.agencies import load_registry
from ingest.store.save import (
    FileToSave,
    Submission,
    compute_sha256,
    find_current_codes,
    find_files_by_sha256,
    save_files,
    save_framework,
    save_submissions,
)
from ingest.vocabulary import RECAP_STAGE, SUPPORTED_SUFFIXES

Outcome = Literal["loaded", "unchanged", "rejected"]


@dataclass(frozen=True)
class PendingSubmission:
    """One submission a dry run would store: its key, its values (code, value, review) and the indicators it drops."""

    agency_code: str
    year: int
    stage: str
    framework_code: str
    kind: str
    values: tuple[tuple[str, float | None, str | None], ...]
    dropped: tuple[str, ...] = ()


@dataclass
class LoadResult:
    """What happened to one file: outcome, every problem found, and how many submissions it stored."""

    name: str
    sha256: str
    outcome: Outcome
    problems: list[Problem] = field(default_factory=list)
    submissions: int = 0
    kind: str = "unknown"
    file_id: int | None = None
    path: str | None = None
    framework: str = ""  # the framework code the file was read as (empty when none could be chosen)
    # What a dry run would store (the effect preview scores it against the store); empty after a real load.
    pending: list[PendingSubmission] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that rejected the file."""
        return [p for p in self.problems if p.severity == "error"]

    def as_dict(self) -> dict[str, Any]:
        """Return the result as a JSON-ready dict (path, sha256, outcome, submissions, problems)."""
        return {"path": self.path or self.name, "sha256": self.sha256, "outcome": self.outcome, "kind": self.kind,
                "framework": self.framework, "submissions": self.submissions,
                "problems": [{k: p.as_dict()[k] for k in ("type", "severity", "sheet", "cell", "value", "message")}
                             for p in self.problems]}


@dataclass
class _Resolved:
    record: SubmissionRecord
    agency_code: str
    year: int
    stage: str


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the spreadsheet and CSV files named or found (recursively, sorted) under the given paths."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                              and not p.name.startswith(("~$", ".")))
        else:
            yield path


def load_paths(engine: Engine, paths: Iterable[str | Path], *, progress: Callable[[int, int, LoadResult], None] | None = None,
               reader: Callable[[], Any] = ReaderPool, **options: Unpack[LoadOptionFields]) -> list[LoadResult]:
    """Load every file under `paths`, going on past rejected files; files are stored in groups, one transaction each.

    A file stores all it holds or (rejected) only its bytes and report; a result is given out, and `progress`
    called, once its group has committed. An error while storing rolls back that group and is raised.

    `reader` makes the batch's reader (a context manager with `start` and `read_many`); the default is a pool of bounded
    worker processes, one per core (benchmarks pass an in-process reader to measure what the worker costs).
    """
    files = list(iter_paths(paths))
    results = []
    with reader() as worker:
        if files:
            worker.start()  # its imports take about as long as reading the registry and frameworks below
        session = _Session(engine)
        opts = session.settle(LoadOptions(**options))
        for number, result in enumerate(session.load_many(files, opts, worker), start=1):
            results.append(result)
            if progress:
                progress(number, len(files), result)
    return results


def load_file(engine: Engine, content: bytes, *, name: str, **options: Unpack[LoadOptionFields]) -> LoadResult:
    """Load one file's bytes (the options are the fields of `LoadOptions`)."""
    session = _Session(engine)
    return session.load(content, name=name, opts=session.settle(LoadOptions(**options)))


class LoadOptionFields(TypedDict, total=False):
    """The keyword options `load_paths` and `load_file` take: the fields of `LoadOptions`."""

    year: int | None
    stage: str | None
    framework: Framework | str | None
    uploaded_by: str | None
    dry_run: bool
    is_sample: bool


@dataclass(frozen=True)
class LoadOptions:
    """How to read and store a batch of files: year and stage for files that do not say them, the framework
    (code or Framework; default: the cover's, else the year's), who sends them, check-only, sample data."""

    year: int | None = None
    stage: str | None = None
    framework: Framework | str | None = None
    uploaded_by: str | None = None
    dry_run: bool = False
    is_sample: bool = False


    def read_options(self, catalog: FrameworkCatalog | None = None) -> ReadOptions:
        """Return the read part of these options (framework, year, stage), with the catalogue codes are looked up in."""
        return ReadOptions(framework=self.framework, year=self.year, stage=self.stage, catalog=catalog)


class _Session:
    """One batch: the registry, frameworks, user aliases and stored file hashes are looked up once, not per file."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.registry: Registry = load_registry(engine)
        self.catalog = FrameworkCatalog.from_store(engine)
        self.aliases = load_user_aliases(engine)
        # Stored files by SHA-256 (looked up per batch, then kept current as this session stores files).
        self.stored: dict[str, dict[str, Any]] = {}
        self.frameworks: set[str] = set()

    def settle(self, opts: LoadOptions) -> LoadOptions:
        """Return the options with a framework code replaced by the framework (UnknownFrameworkError before any file)."""
        if isinstance(opts.framework, str) and opts.framework:
            return replace(opts, framework=self.catalog.get(opts.framework))
        return opts

    def load(self, content: bytes, *, name: str, opts: LoadOptions) -> LoadResult:
        """Load one file's bytes: 'unchanged' when the same bytes are already loaded, else read and stored."""
        sha256 = compute_sha256(content)
        self._look_up([sha256])
        unchanged = self._unchanged(name, sha256)
        if unchanged is not None:
            return unchanged
        read = read_file(content, name=name, **opts.read_options(self.catalog).as_kwargs())
        with WriteGroup(self.engine) as group:
            result = self._store(content, sha256, name, read, opts, group)
            self._commit(group)
        return result

    def load_many(self, files: list[Path], opts: LoadOptions, worker: Any) -> Iterator[LoadResult]:
        """Yield each file's result in order, once the group it was stored in has committed."""
        options = opts.read_options(self.catalog)
        # The reader gets the files as one stream, ahead of the one being stored, across batches.
        feed = ReadFeed(files, self._wanted, lambda item: ReadJob(item.content, item.path.name, options), worker)
        with WriteGroup(self.engine) as group:
            for item, read in feed:
                result = self._one(item, read, opts, group)
                result.path = str(item.path)
                group.add(result)
                if group.full():
                    yield from self._commit(group)
            yield from self._commit(group)

    def _wanted(self, batch: list[PendingFile]) -> list[bool]:
        """Look a batch's files up in the store at once; return which of them need reading (not unchanged)."""
        self._look_up([item.sha256 for item in batch if item.content is not None])
        return [item.content is not None and self._unchanged(item.path.name, item.sha256) is None for item in batch]

    def _commit(self, group: WriteGroup) -> list[LoadResult]:
        """Store the results of what the group made current, commit it, and return its files' results in order."""
        self._write(group)
        if group.keys:
            # Once per group: an agency-year loaded twice in one group is computed once, from what is current.
            save_results(group.connection(), group.keys, self.catalog, group.written)
        done = group.commit()
        # Only after the commit: a rolled-back group must not make later files skip saving their framework.
        self.frameworks |= done.frameworks
        return done.results

    def _one(self, item: PendingFile, read: ReadResult | None, opts: LoadOptions, group: WriteGroup) -> LoadResult:
        name = item.path.name
        if item.content is None:
            assert item.unreadable is not None
            # Nothing to keep: the bytes could not be read (or are above the size limit).
            found = unreadable_result(name, guess_format(name), item.unreadable.reason, **item.unreadable.fields)
            return LoadResult(name=name, sha256="", outcome="rejected", problems=list(found.report.problems),
                              kind=found.file_kind)
        if group.plans(item.sha256):
            self._write(group)  # the earlier copy must be stored before this one is compared with it
        # `stored` is kept current, so a second copy of the same bytes in one batch is 'unchanged'.
        unchanged = self._unchanged(name, item.sha256)
        if unchanged is not None:
            return unchanged
        read = read or read_file(item.content, name=name, **opts.read_options(self.catalog).as_kwargs())
        return self._store(item.content, item.sha256, name, read, opts, group)

    def _look_up(self, hashes: list[str]) -> None:
        missing = [sha256 for sha256 in hashes if sha256 not in self.stored]
        if missing:
            with self.engine.connect() as conn:
                self.stored.update(find_files_by_sha256(conn, missing))

    def _unchanged(self, name: str, sha256: str) -> LoadResult | None:
        known = self.stored.get(sha256)
        if known is None or known["outcome"] != "loaded":
            return None
        return LoadResult(name=name, sha256=sha256, outcome="unchanged", problems=_stored_problems(known),
                          kind=known["kind"], file_id=known["id"])

    def _store(self, content: bytes, sha256: str, name: str, read: ReadResult, opts: LoadOptions,
               group: WriteGroup) -> LoadResult:
        resolved = self._resolve(read, year=opts.year, stage=opts.stage)
        given = _given_codes(resolved) if read.report.ok else []
        if opts.dry_run:
            pending = []
            if given:
                with self.engine.connect() as conn:
                    current = find_current_codes(conn, _keys(resolved))
                dropped = self._report_dropped(current, resolved, given, read.report)
                pending = [_pending(item, gone) for item, gone in zip(resolved, dropped, strict=True)]
            return LoadResult(name=name, sha256=sha256, outcome="loaded" if read.report.ok else "rejected",
                              problems=list(read.report.problems), kind=read.file_kind,
                              submissions=len(resolved) if read.report.ok else 0, framework=read.report.framework,
                              pending=pending)
        result = LoadResult(name=name, sha256=sha256, outcome="loaded" if read.report.ok else "rejected",
                            kind=read.file_kind, framework=read.report.framework)
        planned = _Planned(content, sha256, name, read, resolved, given, result, opts)
        if group.touches(planned.agency_years):
            self._write(group)  # this file is checked against what the earlier one of its agency-year stores
        group.plan(planned)
        return result

    def _write(self, group: WriteGroup) -> None:
        """Store the files the group planned, in a few statements for all of them (their agency-years differ)."""
        planned = group.take()
        if not planned:
            return
        conn = group.connection()
        current = find_current_codes(conn, [key for item in planned for key in _keys(item.resolved)])
        for item in planned:
            item.dropped = self._report_dropped(current, item.resolved, item.given, item.read.report) if item.given else []
            item.result.problems = list(item.read.report.problems)
        reports = [item.read.report.as_dicts() for item in planned]
        ids = save_files(conn, [FileToSave(item.content, item.name, item.read.format, kind=item.read.file_kind,
                                           outcome=item.result.outcome, report=report,
                                           uploaded_by=item.opts.uploaded_by, is_sample=item.opts.is_sample)
                                for item, report in zip(planned, reports, strict=True)])
        stored: list[Submission] = []
        for item, file_id, report in zip(planned, ids, reports, strict=True):
            item.result.file_id = file_id
            if item.read.report.ok:
                stored += [self._submission(conn, one, file_id, item.opts.is_sample, codes, gone, group)
                           for one, codes, gone in zip(item.resolved, item.given, item.dropped, strict=True)]
                item.result.submissions = len(item.resolved)
            # Kept current within the group: a second copy of the same bytes is 'unchanged'.
            self.stored[item.sha256] = {"id": file_id, "outcome": item.result.outcome, "kind": item.result.kind,
                                        "report": report}
        save_submissions(conn, stored)
        for submission in stored:
            # Their results are stored when the group commits, in its transaction (pages read them, never recompute).
            key = (submission.agency_code, submission.year, submission.framework_code)
            group.keys.add(key)
            group.written.setdefault(key, {})[submission.stage] = submission

    def _report_dropped(self, current: dict[tuple[str, int, str, str], set[str]], resolved: list[_Resolved],
                        given: list[set[str]], report: Report) -> list[list[str]]:
        """Return, per submission, the indicators the current revision (`current`: codes by key, from
        `find_current_codes`) answers and this one does not; warn about each."""
        dropped = []
        for item, codes in zip(resolved, given, strict=True):
            before = current.get((item.agency_code, item.year, item.stage, item.record.framework_code), set())
            # Only nodes of the same kind count: a domain recap after an indicator workbook drops nothing.
            same_kind = {node.code for node in self.catalog.get(item.record.framework_code).of_kind(item.record.kind)}
            gone = sorted((before - codes) & same_kind, key=_natural)
            if gone:
                report_problem(report, "fewer-answers", sheet=item.record.sheet, cell=item.record.agency_cell,
                               value=item.record.agency_text, expected=f"{len(before)} answers",
                               count=len(gone), codes=", ".join(gone), stage=item.stage)
            dropped.append(gone)
        return dropped

    def _resolve(self, read: ReadResult, *, year: int | None, stage: str | None) -> list[_Resolved]:
        report = read.report
        resolved: list[_Resolved] = []
        seen: dict[tuple[str, int, str], str] = {}
        for record in read.records:
            record_year = record.year or year
            record_stage = record.stage or stage or RECAP_STAGE
            if record_year is None:
                continue  # the reader already reported missing-year for this record
            code = self._agency_code(record, record_year, report)
            if code is None:
                continue
            key = (code, record_year, record_stage)
            where = f"{record.sheet}!{record.agency_cell}"
            if key in seen:
                report_problem(report, "duplicate-agency", sheet=record.sheet, cell=record.agency_cell,
                               value=record.agency_text, first=seen[key])
                continue
            seen[key] = where
            resolved.append(_Resolved(record, code, record_year, record_stage))
        return resolved

    def _agency_code(self, record: SubmissionRecord, year: int, report: Report) -> str | None:
        where = {"sheet": record.sheet, "cell": record.agency_cell}
        if record.agency_text:
            code = self._match(record.agency_text, record, year, report, where)
            # A code beside the name (visible, or from a hidden helper sheet) must name the same agency.
            for other in (record.agency_code, record.hidden_code):
                if code is not None and other:
                    by_code = match_agency(other, year=year, aliases=self.aliases, registry=self.registry)
                    if by_code.code is not None and by_code.code != code:
                        report_problem(report, "agency-conflict", value=record.agency_text, code=other,
                                       named=self._label(code), coded=self._label(by_code.code), **where)
                        return None
        elif record.agency_code:
            code = self._match(record.agency_code, record, year, report, where)
        else:
            return None  # the reader already reported missing-agency
        if code is None:
            return None
        agency = self.registry.agencies[code]
        if not agency.evaluated:
            report_problem(report, "agency-not-evaluated", agency=self._label(code), value=record.agency_text, **where)
            return None
        return code

    def _match(self, name: str, record: SubmissionRecord, year: int, report: Report, where: dict[str, str]) -> str | None:
        match = match_agency(name, province=record.province_text, year=year, aliases=self.aliases,
                             registry=self.registry)
        hint = "; ".join(f"{c.name} ({c.code})" for c in match.candidates) or "none"
        if match.status == "ambiguous":
            report_problem(report, "ambiguous-agency", candidates=hint, value=name, **where)
            return None
        if match.code is None:
            # In the registry but not in this year's round: say so, and how to extend its years.
            other = match_agency(name, province=record.province_text, aliases=self.aliases, registry=self.registry)
            agency = self.registry.agencies[other.code] if other.code is not None else None
            if agency is not None and not agency.exists_in(year):
                report_problem(report, "agency-not-in-year", agency=self._label(agency.code), code=agency.code,
                               year=year, years=compute_years_text(agency), value=name, **where)
                return None
            report_problem(report, "unknown-agency", candidates=hint, value=name, **where)
            return None
        return match.code

    def _label(self, code: str) -> str:
        agency = self.registry.agencies[code]
        return f"{agency.name} ({agency.code})"

    def _submission(self, conn: Any, item: _Resolved, file_id: int, is_sample: bool, given: set[str],
                    dropped: list[str], group: WriteGroup) -> Submission:
        """Return one resolved submission to store (its framework saved first when new to the store)."""
        record = item.record
        fw = self.catalog.get(record.framework_code)
        if fw.code not in self.frameworks and fw.code not in group.frameworks:
            save_framework(conn, fw.code, fw.title["id"])
            group.frameworks.add(fw.code)
        missing = [] if record.index_only else [node.code for node in fw.of_kind(record.kind) if node.code not in given]
        scores = [{"code": s.code, "kind": record.kind, "value": s.value,
                   "sheet": s.sheet, "cell": s.cell, "explanation": s.explanation, "evidence": s.evidence,
                   "justification": s.justification, "review": s.review, "raw_value": s.raw} for s in record.scores]
        return Submission(item.agency_code, item.year, item.stage, fw.code, file_id, scores, sheet=record.sheet,
                          complete=not missing and not record.index_only, missing=missing,
                          published_index=record.published_index, published_rating=record.published_rating,
                          is_sample=is_sample, dropped=dropped or None, index_only=record.index_only,
                          framework_version=self.catalog.version(fw.code))


@dataclass
class _Planned:
    """A file read and resolved, waiting in its group to be stored; its result is filled in when it is."""

    content: bytes
    sha256: str
    name: str
    read: ReadResult
    resolved: list[_Resolved]
    given: list[set[str]]
    result: LoadResult
    opts: LoadOptions
    dropped: list[list[str]] = field(default_factory=list)

    @property
    def agency_years(self) -> set[tuple[str, int]]:
        """The (agency, year) pairs the file stores."""
        return {(item.agency_code, item.year) for item in self.resolved}


def _keys(resolved: list[_Resolved]) -> list[tuple[str, int, str, str]]:
    """Return the (agency, year, stage, framework) of each resolved submission."""
    return [(item.agency_code, item.year, item.stage, item.record.framework_code) for item in resolved]


def _pending(item: _Resolved, dropped: list[str]) -> PendingSubmission:
    record = item.record
    return PendingSubmission(item.agency_code, item.year, item.stage, record.framework_code, record.kind,
                             tuple((s.code, s.value, s.review) for s in record.scores), tuple(dropped))


def _given_codes(resolved: list[_Resolved]) -> list[set[str]]:
    """Return the codes each submission answers; within one workbook a later stage carries earlier levels forward."""
    carried: dict[tuple[str, int], set[str]] = {}
    given = []
    for item in resolved:
        codes = carried.setdefault((item.agency_code, item.year), set())
        codes |= {score.code for score in item.record.scores}
        given.append(set(codes))
    return given


def _natural(code: str) -> tuple[str, int]:
    return code[:1], int(code[1:]) if code[1:].isdigit() else 0


def _stored_problems(row: dict[str, Any]) -> list[Problem]:
    fields = ("type", "severity", "message", "file", "sheet", "cell", "value", "expected", "fields")
    return [Problem(**{k: item.get(k) or ({} if k == "fields" else item.get(k)) for k in fields if k in item})
            for item in row.get("report") or []]
