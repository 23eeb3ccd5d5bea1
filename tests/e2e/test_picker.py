"""The agency picker in Debian chromium: names as written and codes typed into the one control, Indonesian empty state."""

from __future__ import annotations

import pytest

from tests.helpers import BROWSER_MARKS, settle

pytestmark = BROWSER_MARKS


@pytest.mark.parametrize(("typed", "option"), [
    ("Kab. Banyuwangi", "Kabupaten Banyuwangi"),
    ("Pemkot Madiun", "Kota Madiun"),
    ("35.10", "Kabupaten Banyuwangi"),
])
def test_typing_into_the_picker_finds_the_agency(server, browser, typed, option):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{server}/instansi?tahun=2024", wait_until="domcontentloaded")
        page.get_by_text("Pilih instansi", exact=False).first.wait_for(timeout=60_000)
        settle(page)
        assert page.locator('[data-testid="stTextInput"]').count() == 0, "one control, not two"
        box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]', has_text="Instansi").locator("input")
        box.click()
        box.fill(typed)
        page.wait_for_timeout(500)
        found = page.get_by_role("option", name=option, exact=False)
        assert found.count() >= 1, page.get_by_role("listbox").inner_text()
        found.first.click()
        settle(page)
        assert page.locator("h2", has_text=option).count() == 1
    finally:
        page.close()


def test_no_match_says_so_in_indonesian(server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{server}/instansi?tahun=2024", wait_until="domcontentloaded")
        page.get_by_text("Pilih instansi", exact=False).first.wait_for(timeout=60_000)
        settle(page)
        box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]', has_text="Instansi").locator("input")
        box.click()
        box.fill("zzzz qqqq")
        page.wait_for_timeout(500)
        empty = page.get_by_text("No results", exact=True).first
        shown = empty.evaluate("e => getComputedStyle(e, '::after').content")
        assert "Tidak ada instansi" in shown, shown
        assert empty.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    finally:
        page.close()
