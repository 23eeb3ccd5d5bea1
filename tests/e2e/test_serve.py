"""Two app processes behind nginx on one PostgreSQL: a file loaded through one shows in the other at once.

The evaluator signs in on process A (pinned by the `tera_node` cookie nginx sets), reads the number of
agencies with an index, then loads a workbook through process B's upload page; A's next rerun (a page
change in the same signed-in session, within the old 30-second cache lifetime) counts one more.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path

import pytest

from tests.support.browser import BROWSER_MARKS, free_port, settle
from tests.support.stores import ACCESS_EVALUATOR, ACCESS_PASSWORD, POSTGRES_URL, seed_dashboard_store
from tests.support.stores import postgres_answers as _postgres_answers

pytestmark = [*BROWSER_MARKS, pytest.mark.postgres,
              pytest.mark.skipif(not Path("/usr/sbin/nginx").exists(), reason="nginx (Debian package) is not installed")]
ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test"


@pytest.fixture
def postgres_store():
    """A PostgreSQL store (private schema) with a few agencies of 2023–2024 and an evaluator with a password."""
    if not _postgres_answers():
        pytest.skip("PostgreSQL at 127.0.0.1:5432 does not answer")
    import psycopg

    from ingest.access import add_user, set_password
    from ingest.store import get_engine

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    try:
        seed_dashboard_store(url, years=(2023, 2024), limit=12, recap_year=None, sample=False)
        engine = get_engine(url)
        add_user(engine, ACCESS_EVALUATOR, "evaluator", actor="setup", source="test")
        set_password(engine, ACCESS_EVALUATOR, ACCESS_PASSWORD, actor="setup", source="test")
        engine.dispose()
        yield url
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _pinned_page(browser, base: str, app_url: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_cookies([{"name": "tera_node", "value": app_url.removeprefix("http://"), "url": base}])
    return context, context.new_page()


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/masuk", wait_until="domcontentloaded")
    page.get_by_label("Email").wait_for(timeout=90_000)
    settle(page)
    page.get_by_label("Email").fill(ACCESS_EVALUATOR)
    page.get_by_label("Kata sandi").fill(ACCESS_PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.get_by_text(f"Masuk sebagai {ACCESS_EVALUATOR}", exact=False).first.wait_for(timeout=60_000)
    settle(page)


def _go(page, name: str, text: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True).click()
    page.get_by_text(text, exact=False).first.wait_for(timeout=60_000)
    settle(page)


def _indexed(page) -> int:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Instansi berindeks").first
    metric.wait_for(timeout=60_000)
    return int(re.sub(r"\D", "", metric.locator('[data-testid="stMetricValue"]').inner_text()))


def test_a_load_through_one_process_shows_in_the_other_at_once(postgres_store, browser, template_bytes, tmp_path):
    from dashboard.serve import start

    workbook = tmp_path / "LKE_Kab_Bogor_2024.xlsx"
    workbook.write_bytes(template_bytes)
    ports = [free_port(), free_port()]
    env = {key: value for key, value in os.environ.items() if key != "TERA_ALLOW_UPLOAD"}
    with start(2, free_port(), db_url=postgres_store, app_ports=ports, folder=tmp_path / "nginx",
               user="root" if os.geteuid() == 0 else None, env=env) as served:
        context_a, a = _pinned_page(browser, served.url, served.app_urls[0])
        context_b, b = _pinned_page(browser, served.url, served.app_urls[1])
        try:
            # B first signs in and picks the file (checked, nothing stored yet).
            _sign_in(b, served.url)
            _go(b, "Unggah", "Unggah berkas penilaian")
            b.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(workbook))
            load = b.get_by_role("button", name="Muat 1 berkas")
            load.wait_for(timeout=60_000)
            # A signs in and reads the figure: its caches now hold the store as it is.
            _sign_in(a, served.url)
            _go(a, "Ringkasan nasional", "Instansi berindeks")
            before, read_at = _indexed(a), time.monotonic()
            load.click()
            b.get_by_text("Dimuat: 1 berkas", exact=False).first.wait_for(timeout=90_000)
            # A's next rerun (a page change in the same session) shows the new agency.
            _go(a, "Peringkat", "Peringkat")
            _go(a, "Ringkasan nasional", "Instansi berindeks")
            after, waited = _indexed(a), time.monotonic() - read_at
            assert after == before + 1, (before, after, f"{waited:.1f} s after A's first read")
            assert f"Masuk sebagai {ACCESS_EVALUATOR}" in a.locator('[data-testid="stSidebar"]').inner_text()
            for page in (a, b):
                assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            context_a.close()
            context_b.close()
