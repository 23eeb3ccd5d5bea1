"""Browser tests: the real server on a seeded store, each page opened by URL in Debian chromium."""

from __future__ import annotations

import pytest

from tests.conftest import BROWSER_MARKS, SCREENSHOTS

pytestmark = BROWSER_MARKS


PAGES = [
    ("ringkasan", "", "Ringkasan nasional SPBE 2024"),
    ("ringkasan-en-2023", "?tahun=2023&lang=en", "SPBE national overview 2023"),
    ("peringkat", "peringkat?tahun=2024", "Peringkat indeks SPBE 2024"),
    ("peringkat-kota-baik", "peringkat?tahun=2024&jenis=kota&predikat=baik", "Peringkat indeks SPBE 2024"),
    ("instansi-35.10", "instansi?kode=35.10&tahun=2024", "Jalan ke predikat berikutnya"),
    ("instansi-recap-en", "instansi?kode=35.10&tahun=2021&lang=en", "Agency profile"),
]


@pytest.mark.parametrize(("name", "path", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_page_renders(server, browser, name, path, expected):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        page.get_by_text(expected, exact=False).first.wait_for(timeout=45_000)
        # Wait for the script run to finish so charts and tables are drawn before the screenshot.
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=45_000)
        page.wait_for_timeout(1500)
        # Streamlit scrolls inside its main container, so grow the viewport to the content for a full shot.
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1440, "height": min(max(900, int(height) + 40), 12000)})
        page.wait_for_timeout(1000)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "tahun=" in page.url
        if "lang=en" not in path:
            assert page.get_by_text("Data contoh (sintetis)", exact=False).count() >= 1
    finally:
        page.close()


def test_deep_link_keeps_agency_in_url(server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{server}/instansi?kode=35.10&tahun=2024", wait_until="domcontentloaded")
        page.get_by_text("Kabupaten Banyuwangi", exact=False).first.wait_for(timeout=45_000)
        assert "kode=35.10" in page.url and "tahun=2024" in page.url
    finally:
        page.close()
