"""Fixtures shared by every test package: stores on both backends, the framework, templates, samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import REPO_ROOT
from tests.support.reference import reference_file
from tests.support.stores import POSTGRES_SKIP, postgres_answers, postgres_schema, seed_dashboard_store


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def published_2023_csv() -> Path:
    """Path of the published 2023 results table (`TERA_REFERENCE_DIR`); skips with how to provide it when absent."""
    return reference_file("spbe-2023-results.csv")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A fresh, empty store URL: a temporary SQLite file, or a private schema on the test PostgreSQL (dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tera.db'}"
        return
    if not postgres_answers():
        pytest.skip(POSTGRES_SKIP)
    with postgres_schema() as url:
        yield url


@pytest.fixture
def store_engine(store_url):
    """An engine on the fresh store, migrated and seeded; disposed after the test."""
    from ingest.store.engine import dispose_engine, get_engine

    engine = get_engine(store_url)
    yield engine
    dispose_engine(engine)


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
def sample_store(tmp_path_factory) -> str:
    """URL of a SQLite store filled by the first-start path with the whole sample (shared by xdist workers)."""
    from ingest.sample.first_start import ensure_sample_data
    from ingest.store import get_engine

    # The parent of the per-worker base temp is shared by every xdist worker of this run, and
    # ensure_sample_data's lock makes the second worker wait and find the store filled.
    base = tmp_path_factory.getbasetemp()
    # Without xdist the base temp is the run's own folder; its parent would be shared by every run.
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "sample-store"
    shared.mkdir(exist_ok=True)
    url = f"sqlite:///{shared / 'tera.db'}"
    ensure_sample_data(get_engine(url), sample_dir=shared / "files", lock_path=shared / "fill.lock")
    return url


@pytest.fixture(scope="session")
def toy_fw():
    """A toy framework on a 0–1 scale with two domains and three bands (tests/indicators/data)."""
    from indicators import load_framework

    return load_framework(REPO_ROOT / "tests" / "indicators" / "data" / "toy-binary.yaml")


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
