"""Store safety: two processes on a brand-new store, and a first start killed at random points then restarted."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest.store import get_engine
from ingest.store.engine import dispose_engine
from ingest.store.schema import agencies, files, store_state, submissions

REPO = Path(__file__).resolve().parents[3]

LOAD_AT = """
import sys, time
from ingest.load import load_paths
from ingest.store import get_engine
url, path, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
time.sleep(max(0.0, start - time.time()))  # both processes open the new store at the same moment
results = load_paths(get_engine(url), [path])
sys.exit(0 if [r.outcome for r in results] == ["loaded"] else 3)
"""

FILL = """
import sys
from pathlib import Path
from ingest.sample.first_start import ensure_sample_data
from ingest.store import get_engine
url, folder = sys.argv[1], Path(sys.argv[2])
ensure_sample_data(get_engine(url), sample_dir=folder / "files", lock_path=folder / "fill.lock")
"""


def _python(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, env=env, stderr=subprocess.PIPE)


def test_two_processes_share_a_brand_new_store(store_url, tmp_path):
    from tests.ingest.readers import hostile_corpus as corpus

    paths = []
    for code, name in (("32.03", "Kabupaten Cianjur"), ("32.04", "Kabupaten Bandung")):
        path = tmp_path / f"{code}.xlsx"
        path.write_bytes(corpus.evaluation(corpus.full_levels(), code=code, name=name))
        paths.append(path)
    start = time.time() + 3
    processes = [_python(LOAD_AT, store_url, str(path), str(start)) for path in paths]
    errors = [process.communicate(timeout=240)[1].decode() for process in processes]
    assert [process.returncode for process in processes] == [0, 0], errors
    engine = get_engine(store_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(submissions)).scalar() == 2
            codes = conn.execute(select(agencies.c.code)).scalars().all()
        assert len(codes) == len(set(codes)) > 500
    finally:
        dispose_engine(engine)


def _counts(url: str) -> tuple[int, int, str | None]:
    engine = get_engine(url)
    try:
        with engine.connect() as conn:
            return (conn.execute(select(func.count()).select_from(files)).scalar(),
                    conn.execute(select(func.count()).select_from(submissions)).scalar(),
                    conn.execute(select(store_state.c.value).where(store_state.c.key == "sample")).scalar())
    finally:
        dispose_engine(engine)


@pytest.mark.slow
def test_a_first_start_killed_at_random_points_is_completed_on_the_next(tmp_path, sample_store):
    reference = _counts(sample_store)
    assert reference[2] == "complete"
    url = f"sqlite:///{tmp_path / 'tera.db'}"
    rng = random.Random(int(os.environ.get("TERA_KILL_SEED", time.time())))
    for _ in range(2):
        process = _python(FILL, url, str(tmp_path))
        time.sleep(rng.uniform(1.0, 20.0))
        process.kill()
        process.wait()
        if (tmp_path / "tera.db").exists():
            found = _counts(url)
            # Killed before the mark: the next start redoes the fill; after it: nothing to do.
            assert found[2] is None or found == reference
    process = _python(FILL, url, str(tmp_path))
    assert process.wait(timeout=600) == 0, process.stderr.read().decode()
    assert _counts(url) == reference
