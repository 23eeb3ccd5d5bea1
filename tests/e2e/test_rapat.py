"""Mode rapat in Debian chromium at 1920×1080: every slide kind, projector-size text, no chrome, keys and auto-advance."""

from __future__ import annotations

import pytest

from tests.helpers import BROWSER_MARKS, SCREENSHOTS

pytestmark = BROWSER_MARKS

AGENDA = "rapat?tahun=2024&urutan=ringkasan,distribusi,teratas,naik,instansi&kode=35.10"


MIN_BODY_PX = 32


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    yield page
    page.close()


def wait_for_slide(page, kind: str) -> None:
    page.locator(f'section.tera-slide[data-kind="{kind}"]').wait_for(timeout=45_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=45_000)
    # The navigation buttons are drawn last; wait until they show their labels, not placeholders.
    page.locator(".st-key-rapat_next button").get_by_text("Berikutnya", exact=False).wait_for(timeout=45_000)
    page.wait_for_timeout(1200)


def px(page, selector: str) -> float:
    return float(page.evaluate(f"() => parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)"))


SLIDES = [(1, "ringkasan"), (2, "distribusi"), (3, "teratas"), (4, "naik"), (5, "profil"), (6, "jalan")]


@pytest.mark.parametrize(("number", "kind"), SLIDES, ids=[s[1] for s in SLIDES])
def test_slide_at_projector_size(server, page, number, kind):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{server}/{AGENDA}&slide={number}", wait_until="domcontentloaded")
    wait_for_slide(page, kind)
    page.screenshot(path=str(SCREENSHOTS / f"rapat-{kind}.png"))
    assert page.locator('[data-testid="stException"]').count() == 0
    # Body text at least twice Streamlit's 16 px; the title larger still.
    body = px(page, ".tera-body")
    assert body >= MIN_BODY_PX, body
    for cell in (".tera-body td", ".tera-body .tera-figure-label", ".tera-body .tera-dist-value",
                 ".tera-body .tera-note"):
        if page.locator(cell).count():
            assert px(page, cell) >= MIN_BODY_PX, cell
    assert px(page, ".tera-title") > body
    # No sidebar, toolbar or menu on a projected slide.
    for chrome in ("stSidebar", "stHeader", "stToolbar", "stMainMenu"):
        locator = page.locator(f'[data-testid="{chrome}"]')
        assert locator.count() == 0 or not locator.first.is_visible(), chrome
    # The slide and its controls fit one 1080-pixel screen without scrolling.
    bottom = page.evaluate("() => document.querySelector('.st-key-rapat-nav').getBoundingClientRect().bottom")
    assert bottom <= 1080, bottom
    assert f"slide={number}" in page.url


def test_keys_and_clicker_move_through_the_agenda(server, page):
    page.goto(f"{server}/{AGENDA}&slide=1", wait_until="domcontentloaded")
    wait_for_slide(page, "ringkasan")
    for key, kind, number in (("ArrowRight", "distribusi", 2), ("PageDown", "teratas", 3), ("PageUp", "distribusi", 2),
                              ("ArrowLeft", "ringkasan", 1), ("ArrowLeft", "jalan", 6)):
        page.keyboard.press(key)
        wait_for_slide(page, kind)
        page.wait_for_function(f"() => location.search.includes('slide={number}')", timeout=15_000)
    page.locator(".st-key-rapat_next button").click()
    wait_for_slide(page, "ringkasan")


def test_auto_advance_counts_down_and_moves_on(server, page):
    page.goto(f"{server}/rapat?tahun=2024&urutan=ringkasan,teratas&auto=5", wait_until="domcontentloaded")
    wait_for_slide(page, "ringkasan")
    timer = page.locator('[role="timer"]')
    assert "detik" in timer.first.inner_text()
    assert px(page, ".tera-countdown") >= MIN_BODY_PX
    page.locator('section.tera-slide[data-kind="teratas"]').wait_for(timeout=20_000)
    assert "slide=2" in page.url
