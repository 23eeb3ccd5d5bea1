"""Fixtures shared by every test package (one conftest for the whole suite)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = REPO_ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def published_2023_csv() -> Path:
    """Path of the published 2023 results table beside the project; skips when it is absent."""
    path = SHARED_REFERENCE / "spbe-2023-results.csv"
    if not path.exists():
        pytest.skip(f"published 2023 results not found at {path}")
    return path


# --- store fixtures (ingest/store): every store test runs on SQLite and on PostgreSQL ---

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_answers() -> bool:
    """True when the test PostgreSQL server accepts a connection within one second."""
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", connect_timeout=1):
            return True
    except Exception:
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A fresh, empty store URL: a temporary SQLite file, or a private schema on the test PostgreSQL.

    On PostgreSQL each test gets its own schema (selected through the libpq `options` search_path in
    the URL) that is dropped afterwards, so parallel runs never see each other's tables.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tera.db'}"
        return
    if not _postgres_answers():
        pytest.skip("PostgreSQL at 127.0.0.1:5432 does not answer")
    import uuid

    import psycopg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=test"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def store_engine(store_url):
    """An engine on the fresh store, migrated and seeded; disposed after the test."""
    from ingest.store.engine import dispose_engine, get_engine

    engine = get_engine(store_url)
    yield engine
    dispose_engine(engine)




# --- dashboard: a seeded store built through the real write path (ingest.store save API) ---------

def seed_dashboard_store(db_url: str, years=(2022, 2023, 2024), limit: int | None = 80, recap_year: int | None = 2021,
                         sample: bool = True) -> None:
    """Fill a store: registry, synthetic final + self-assessed levels per year, one recap year of domains.

    `limit` keeps the first N evaluated agencies per type group (None = all ~600) so tests stay fast;
    Kabupaten Banyuwangi (35.10) is always included and 11 (Aceh) never submits in the last year.
    """
    import numpy as np
    import pandas as pd

    from indicators import load_framework
    from indicators.scoring import compute_scores
    from ingest.queries import load_agencies
    from ingest.sample.levels import compute_sample_rounds
    from ingest.store import get_engine, save_file, save_registry, save_submission

    framework = load_framework("spbe-2020")
    engine = get_engine(db_url)
    save_registry(engine)
    agencies = load_agencies(engine)
    agencies = agencies[agencies["evaluated"].astype(bool) & agencies["valid_from"].isna()]
    if limit is not None:
        picked = agencies.groupby("type", group_keys=False).head(max(2, limit // 6))
        agencies = pd.concat([picked, agencies[agencies["code"].isin(["35.10", "35", "35.77"])]]).drop_duplicates("code")
    rounds = compute_sample_rounds(agencies[["code", "type"]].reset_index(drop=True), list(years), framework)
    indicator_codes = [n.code for n in framework.indicators]
    with engine.begin() as conn:
        for sample_round in rounds:
            file_id = save_file(conn, f"sample {sample_round.year}".encode(), f"sample-{sample_round.year}.xlsx",
                                "xlsx", kind="workbook", is_sample=sample)
            for row, code in enumerate(sample_round.agency_codes):
                if code == "11" and sample_round.year == years[-1]:
                    continue
                for stage, levels in (("mandiri", sample_round.self_assessed[row]), ("hasil", sample_round.final[row])):
                    scores = [{"code": c, "value": int(v), "explanation": f"Penjelasan {c}",
                               "evidence": f"Bukti_{c}.pdf", "justification": f"Catatan asesor {c}"}
                              for c, v in zip(indicator_codes, levels, strict=True)]
                    save_submission(conn, code, sample_round.year, stage, framework.code, file_id, scores,
                                    is_sample=sample)
        if recap_year is not None:
            # A recap year: only domain values, as the published tables give them.
            file_id = save_file(conn, b"recap", f"recap-{recap_year}.csv", "csv", kind="recap", is_sample=sample)
            first = rounds[0]
            for row, code in enumerate(first.agency_codes):
                levels = dict(zip(indicator_codes, np.clip(first.final[row] - 1, 0, 5).tolist(), strict=True))
                domains = compute_scores(levels, framework).domains
                scores = [{"code": d, "value": round(v, 2)} for d, v in domains.items()]
                save_submission(conn, code, recap_year, "hasil", framework.code, file_id, scores, is_sample=sample)


@pytest.fixture(scope="session")
def dashboard_store(tmp_path_factory) -> str:
    """URL of a small seeded SQLite store (about 90 agencies, recap 2021 and full 2022–2024)."""
    path = tmp_path_factory.mktemp("dashboard-store") / "tera.db"
    url = f"sqlite:///{path}"
    seed_dashboard_store(url)
    return url


@pytest.fixture(scope="session")
def empty_store(tmp_path_factory) -> str:
    """URL of an empty, migrated SQLite store."""
    from ingest.store import get_engine

    url = f"sqlite:///{tmp_path_factory.mktemp('empty-store') / 'tera.db'}"
    get_engine(url)
    return url


# --- reader and template fixtures (ingest/readers, ingest/template) ---


@pytest.fixture(scope="session")
def spbe_fw():
    """The SPBE 2020 framework."""
    from indicators import load_framework

    return load_framework("spbe-2020")


@pytest.fixture(scope="session")
def sample_levels(spbe_fw) -> dict[str, dict[str, int]]:
    """Levels per stage for all 47 indicators, different in every stage, 0 (not answered) included."""
    codes = [node.code for node in spbe_fw.indicators]
    return {
        "mandiri": {code: (i % 6) for i, code in enumerate(codes)},
        "dokumen": {code: (i % 5) + 1 for i, code in enumerate(codes)},
        "interviu": {code: ((i + 2) % 5) + 1 for i, code in enumerate(codes)},
    }


@pytest.fixture(scope="session")
def template_bytes(spbe_fw, sample_levels) -> bytes:
    """An evaluation workbook for one regency, prefilled with `sample_levels` and a few notes."""
    import io

    from ingest.template import write_template

    buffer = io.BytesIO()
    notes = {"I1": {"explanation": "Perbup 12/2023", "evidence": "perbup.pdf", "justification": "Sesuai", "review": "valid"}}
    write_template(buffer, agency_code="32.01", agency_name="Pemerintah Kab. Bogor", year=2024,
                   framework=spbe_fw, levels=sample_levels, notes=notes)
    return buffer.getvalue()


@pytest.fixture
def template_grid(template_bytes):
    """Return a function giving a fresh copy of the template's `Evaluasi` sheet as a list of rows."""
    from ingest.readers.source import load_sheets

    sheets = load_sheets(template_bytes, "xlsx")

    def fresh() -> list[list]:
        return [list(row) for row in sheets[0].rows]

    return fresh


@pytest.fixture(scope="session")
def grid_to_xlsx():
    """Return a function writing {sheet name: rows} to xlsx bytes; a cell ('=F', value) becomes a formula with a cached value."""
    import io

    import xlsxwriter

    def write(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        for name, rows in sheets.items():
            sheet = workbook.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if isinstance(value, tuple):
                        sheet.write_formula(r, c, value[0], None, value[1])
                    elif value is not None:
                        sheet.write(r, c, value)
            if name in hidden:
                sheet.hide()
        workbook.close()
        return buffer.getvalue()

    return write


@pytest.fixture(scope="session")
def check_golden():
    """Return a function comparing a report with tests/ingest/golden/<case>.json (rewritten when UPDATE_GOLDEN=1)."""
    import json
    import os

    golden = REPO_ROOT / "tests" / "ingest" / "golden"

    def check(case: str, report) -> None:
        path = golden / f"{case}.json"
        found = report.as_dicts()
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if not path.exists():
            pytest.fail(f"no golden report {path.name}; run with UPDATE_GOLDEN=1 and review the file")
        assert found == json.loads(path.read_text(encoding="utf-8"))

    return check


# --- the full synthetic sample, generated and loaded through the real first-start path ----------


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> str:
    """URL of a SQLite store filled by the first-start path with the whole sample (shared by xdist workers)."""
    from ingest.sample.first_start import ensure_sample_data
    from ingest.store import get_engine

    # The parent of the per-worker base temp is shared by every xdist worker of this run, and
    # ensure_sample_data's lock makes the second worker wait and find the store filled.
    shared = tmp_path_factory.getbasetemp().parent / "sample-store"
    shared.mkdir(exist_ok=True)
    url = f"sqlite:///{shared / 'tera.db'}"
    ensure_sample_data(get_engine(url), sample_dir=shared / "files", lock_path=shared / "fill.lock")
    return url


@pytest.fixture(scope="session")
def toy_fw():
    """A toy framework on a 0–1 scale with two domains and three bands (tests/indicators/data)."""
    from indicators import load_framework

    return load_framework(REPO_ROOT / "tests" / "indicators" / "data" / "toy-binary.yaml")


# --- dashboard part 2 (compare, regions, data quality, upload) ---


@pytest.fixture(scope="session")
def real_store(tmp_path_factory) -> str:
    """URL of a small seeded store whose data is NOT marked as sample (uploading is then disabled by default)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('real-store') / 'tera.db'}"
    seed_dashboard_store(url, years=(2023, 2024), limit=12, recap_year=None, sample=False)
    return url


@pytest.fixture(scope="session")
def broken_workbook(template_bytes) -> bytes:
    """The regency template with two broken level cells: F11 (I1) = 9 and F12 (I2) = 'tiga'."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(template_bytes))
    sheet = book["Evaluasi"]
    sheet["F11"] = 9
    sheet["F12"] = "tiga"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- browser tests: a real Streamlit server and Debian chromium driven by Playwright ------------

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium keeps trying hosts this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"),
]


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db_url: str, **env: str):
    """Run `streamlit run dashboard/app.py` on the store `db_url` and yield its base URL (waits up to 60 s)."""
    import os
    import subprocess
    import time
    import urllib.request

    port = free_port()
    # The developer's own settings must not change what a test sees (uploads stay off unless asked).
    environment = {key: value for key, value in os.environ.items() if key != "TERA_ALLOW_UPLOAD"}
    environment.update({"DATABASE_URL": db_url, **env})
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.time() > deadline:
                    pytest.fail("streamlit did not start within 60 s")
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(dashboard_store):
    """Base URL of a Streamlit server on the small seeded store."""
    with streamlit_server(dashboard_store) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """A headless Debian chromium launched by Playwright (no browser download)."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# --- AppTest helpers shared by the dashboard tests ------------------------------------------------

APP = str(REPO_ROOT / "dashboard" / "app.py")


def open_page(monkeypatch, db_url: str, page: str | None = None, **params):
    """Run the app through AppTest on the store `db_url`, switch to `screens/<page>.py`, and assert no exception."""
    from streamlit.testing.v1 import AppTest

    from dashboard.data import get_store

    monkeypatch.setenv("DATABASE_URL", db_url)
    get_store.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_texts(at) -> str:
    """Return the visible texts of an AppTest run (titles, headers, text, notices, metric labels) as one string."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    parts = [e.value for kind in kinds for e in getattr(at, kind)]
    parts += [m.label for m in at.metric]
    return "\n".join(str(p) for p in parts)
