"""The reader pool: several bounded workers, results in the batch's order, a bad file kept at its place."""

from __future__ import annotations

import os

from ingest.readers.isolation import ReadJob
from ingest.readers.pool import ReaderPool, default_workers


def test_pool_yields_results_in_order_with_a_bad_file_in_place(template_bytes):
    jobs = [ReadJob(template_bytes, f"ok-{n}.xlsx") for n in range(5)]
    jobs.insert(2, ReadJob(os.urandom(4096), "garbage.xlsx"))
    with ReaderPool(workers=2) as pool:
        got = list(pool.read_many(jobs))
        started = [w._process is not None for w in pool.workers]
    assert len(got) == 6
    types = [{p.type for p in r.report.problems} for r in got]
    assert "unreadable-file" in types[2]
    assert all("unreadable-file" not in t for i, t in enumerate(types) if i != 2)
    assert started == [True, True]
    with ReaderPool(workers=1) as single:
        assert [r.records for r in single.read_many(ReadJob(template_bytes, f"ok-{n}.xlsx") for n in range(2))] == \
            [got[0].records, got[1].records]


def test_one_file_starts_one_worker(template_bytes):
    with ReaderPool(workers=3) as pool:
        pool.read(template_bytes, "one.xlsx")
        assert sum(w._process is not None for w in pool.workers) == 1


def test_workers_follow_the_environment(monkeypatch):
    monkeypatch.setenv("TERA_READER_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.delenv("TERA_READER_WORKERS")
    assert 1 <= default_workers() <= 8


def test_the_pool_leaves_one_core_to_the_caller_that_stores(monkeypatch):
    from ingest.readers import pool

    monkeypatch.delenv("TERA_READER_WORKERS", raising=False)
    for cores, workers in ((1, 1), (2, 1), (4, 3), (64, pool.MAX_WORKERS)):
        monkeypatch.setattr(pool, "usable_cores", lambda cores=cores: cores)
        assert default_workers() == workers


def test_usable_cores_follow_a_container_quota(monkeypatch, tmp_path):
    from ingest.readers import pool

    quota = tmp_path / "cpu.max"
    for text, cpus in (("200000 100000\n", 2), ("150000 100000", 2), ("50000 100000", 1), ("max 100000", None),
                       ("garbage", None)):
        quota.write_text(text)
        assert pool._cgroup_quota(str(quota)) == cpus
    assert pool._cgroup_quota(str(tmp_path / "none")) is None
    monkeypatch.setattr(pool, "_cgroup_quota", lambda: 1)
    assert pool.usable_cores() == 1


def test_files_in_flight_are_bounded_by_count_and_bytes(monkeypatch, template_bytes):
    """The worker works ahead of the caller, but never holds more than AHEAD files or AHEAD_BYTES at once."""
    from ingest.readers import isolation

    monkeypatch.setattr(isolation, "AHEAD_BYTES", 3 * len(template_bytes))
    sent, most = [], [0]
    with ReaderPool(workers=1) as pool:
        worker = pool.workers[0]
        real = worker._send

        def counting(job):
            sent.append(job)
            real(job)

        worker._send = counting

        def jobs():
            for n in range(8):
                yield ReadJob(template_bytes, f"ok-{n}.xlsx")

        for number, _result in enumerate(pool.read_many(jobs()), start=1):
            most[0] = max(most[0], len(sent) - number + 1)
    assert len(sent) == 8 and most[0] <= 3
