"""Profil instansi in Debian chromium at 1440×900 on the full sample: rank fall in red words, path card near the top."""

from __future__ import annotations

from tests.support.browser import BROWSER_MARKS, SCREENSHOTS, full_shot, settle
from tests.support.stores import sample_agency

pytestmark = BROWSER_MARKS


def _rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(part) for part in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def test_rank_fall_is_red_words_and_path_is_reachable_from_the_top(sample_store, sample_server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{sample_server}/instansi?kode={sample_agency(sample_store, 'fell')}&tahun=2024",
                  wait_until="domcontentloaded")
        page.get_by_text("Jalan ke predikat berikutnya", exact=False).first.wait_for(timeout=60_000)
        settle(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "instansi-35.10-1440-first-screen.png"))
        delta = page.locator('[data-testid="stMetricDelta"]', has_text="turun").first
        assert delta.inner_text().strip().startswith("turun") and "peringkat" in delta.inner_text()
        red, green, blue = _rgb(delta.evaluate("e => getComputedStyle(e).color"))
        assert red > 150 and green < 100 and blue < 100, (red, green, blue)
        card = page.get_by_text("kenaikan pada", exact=False).first
        card_top = card.bounding_box()["y"]
        # The summary card is on the first screen and a click on its link scrolls to the path table.
        assert card_top < 900, card_top
        page.get_by_role("link", name="Jalan ke predikat berikutnya").first.click()
        page.wait_for_timeout(1500)
        heading = page.locator("h3", has_text="Jalan ke predikat berikutnya").first
        assert 0 <= heading.bounding_box()["y"] < 900
        full_shot(page, "instansi-35.10-1440")
    finally:
        page.close()


def test_agency_without_index_says_why(sample_store, sample_server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{sample_server}/instansi?kode={sample_agency(sample_store, 'empty')}&tahun=2024", wait_until="domcontentloaded")
        page.get_by_text("indeks tidak dapat dihitung: I45–I47 kosong", exact=False).first.wait_for(timeout=60_000)
        assert page.get_by_text("tidak mengisi", exact=False).count() == 0
    finally:
        page.close()
