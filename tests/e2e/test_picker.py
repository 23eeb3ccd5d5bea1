"""The agency picker in Debian chromium (names as written and codes typed into the one control, Indonesian empty state)
and the numbers of its tables as screen readers and copy-paste read them."""

from __future__ import annotations

import pytest

from tests.support.browser import BROWSER_MARKS, open_settled, settle

pytestmark = BROWSER_MARKS


@pytest.fixture
def profile(server, browser):
    """The profile page without an agency, ready to type into its picker."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        open_settled(page, f"{server}/instansi?tahun=2024", "Pilih instansi")
        yield page
    finally:
        page.close()


def _type_into_picker(page, text: str) -> None:
    box = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]', has_text="Instansi").locator("input")
    box.click()
    box.fill(text)
    page.wait_for_timeout(500)


@pytest.mark.parametrize(("typed", "option"), [
    ("Kab. Banyuwangi", "Kabupaten Banyuwangi"),
    ("Pemkot Madiun", "Kota Madiun"),
    ("35.10", "Kabupaten Banyuwangi"),
])
def test_typing_into_the_picker_finds_the_agency(profile, typed, option):
    assert profile.locator('[data-testid="stTextInput"]').count() == 0, "one control, not two"
    _type_into_picker(profile, typed)
    found = profile.get_by_role("option", name=option, exact=False)
    assert found.count() >= 1, profile.get_by_role("listbox").inner_text()
    found.first.click()
    settle(profile)
    assert profile.locator("h2", has_text=option).count() == 1


def test_no_match_says_so_in_indonesian(profile):
    _type_into_picker(profile, "zzzz qqqq")
    # Streamlit writes "No results" in the browser; the page's style shows the catalogue's words instead.
    empty = profile.get_by_text("No results", exact=True).first
    assert "Tidak ada instansi" in empty.evaluate("e => getComputedStyle(e, '::after').content")
    assert empty.evaluate("e => getComputedStyle(e).fontSize") == "0px"


def test_table_numbers_are_read_with_the_decimal_comma(server, browser):
    # The grid's accessible copy (what screen readers read and copy-paste takes) holds the shown text.
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        cells = []
        # The path and the learning partners: each section is drawn on its own.
        for section, heading in (("jalan", "Satu baris per indikator"), ("mitra", "Mitra belajar")):
            open_settled(page, f"{server}/instansi?kode=35.10&tahun=2024&bagian={section}", heading)
            page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
            cells += page.locator('[data-testid="stDataFrame"] [role="gridcell"]').all_inner_texts()
        numbers = [cell.strip("\u2007 ") for cell in cells if any(ch.isdigit() for ch in cell) and len(cell) < 12]
        decimals = [text for text in numbers if "," in text or "." in text]
        assert len(decimals) >= 5, numbers[:20]
        assert all("," in text and "." not in text for text in decimals if text[0].isdigit()), decimals[:20]
    finally:
        page.close()
