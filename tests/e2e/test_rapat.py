"""Mode rapat in Debian chromium from 1280×720 to 3840×2160: every slide fits, text scales, keys, Esc, auto-advance."""

from __future__ import annotations

import pytest

from tests.support.browser import BROWSER_MARKS, SCREENSHOTS

pytestmark = BROWSER_MARKS

AGENDA = "rapat?tahun=2024&urutan=ringkasan,distribusi,teratas,naik,instansi&kode=35.10"


# Body text at 1920×1080 (a projector at the back of a room); other screens scale it by min(w/1920, h/1080).
MIN_BODY_PX = 32


SCREENS = [(1280, 720), (1536, 864), (1920, 1080), (3840, 2160)]


SLIDES = [(1, "ringkasan"), (2, "distribusi"), (3, "teratas"), (4, "naik"), (5, "profil"), (6, "jalan")]


def scale(width: int, height: int) -> float:
    return min(width / 1920, height / 1080)


def wait_for_slide(page, kind: str) -> None:
    page.locator(f'section.tera-slide[data-kind="{kind}"]').wait_for(timeout=45_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=45_000)
    # The navigation buttons are drawn last; wait until they show their labels, not placeholders.
    page.locator(".st-key-rapat_next button").get_by_text("Berikutnya", exact=False).wait_for(timeout=45_000)
    page.wait_for_timeout(1000)


def px(page, selector: str) -> float:
    return float(page.evaluate(f"() => parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)"))


MEASURE = """() => {
  const box = s => { const e = document.querySelector(s); const b = e.getBoundingClientRect();
                     return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
  const slide = document.querySelector('.tera-slide');
  return {slide: box('.tera-slide'), nav: box('.st-key-rapat-nav'), next: box('.st-key-rapat_next button'),
          prev: box('.st-key-rapat_prev button'), leave: box('.st-key-rapat_leave button'),
          cut: slide.scrollHeight - slide.clientHeight, pageWidth: document.documentElement.scrollWidth,
          pageHeight: document.scrollingElement.scrollHeight};
}"""


def assert_fits(page, width: int, height: int) -> dict:
    """Assert the slide and its controls fit the screen; return the measurements."""
    m = page.evaluate(MEASURE)
    # Nothing of the slide is cut, and it ends above the navigation bar.
    assert m["cut"] <= 1, m
    assert m["slide"]["bottom"] <= m["nav"]["top"] + 1, m
    # Every button is on screen; no horizontal scrolling.
    for button in ("next", "prev", "leave"):
        assert m[button]["left"] >= 0 and m[button]["right"] <= width, (button, m)
        assert m[button]["top"] >= 0 and m[button]["bottom"] <= height, (button, m)
    assert m["pageWidth"] <= width, m
    return m


@pytest.fixture
def screen(browser):
    """Return a function opening a page at a screen size; every page is closed after the test."""
    pages = []

    def open_at(width: int, height: int):
        pages.append(browser.new_page(viewport={"width": width, "height": height}))
        return pages[-1]

    yield open_at
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def shots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_every_slide_fits_the_screen_with_scaled_text(server, screen, shots, width, height):
    page = screen(width, height)
    for number, kind in SLIDES:
        page.goto(f"{server}/{AGENDA}&slide={number}", wait_until="domcontentloaded")
        wait_for_slide(page, kind)
        page.screenshot(path=str(shots / f"rapat-{width}x{height}-{kind}.png"))
        assert page.locator('[data-testid="stException"]').count() == 0
        m = assert_fits(page, width, height)
        # The slide fills the screen above the bar (on 4K too, not its top 45 %).
        assert m["slide"]["bottom"] - m["slide"]["top"] >= 0.8 * height, m
        # Text in proportion to the screen: at least 32 px at 1080p, 24 px at 720p, 64 px on 4K.
        least = MIN_BODY_PX * scale(width, height) - 0.5
        body = px(page, ".tera-body")
        assert body >= least, (kind, body)
        for cell in (".tera-body td", ".tera-body .tera-figure-label", ".tera-body .tera-dist-value",
                     ".tera-body .tera-note", ".st-key-rapat_next button p"):
            if page.locator(cell).count():
                assert px(page, cell) >= least, (kind, cell)
        assert px(page, ".tera-title") > body
        for chrome in ("stSidebar", "stHeader", "stToolbar", "stMainMenu"):
            locator = page.locator(f'[data-testid="{chrome}"]')
            assert locator.count() == 0 or not locator.first.is_visible(), chrome
        assert f"slide={number}" in page.url


def longest_name_code(db_url: str) -> tuple[str, str]:
    """Return the code and name of the agency with the longest name among the 2024 results."""
    from dashboard.state.history import compute_history
    from indicators import load_framework
    from ingest.store import get_engine

    history = compute_history(get_engine(db_url), load_framework("spbe-2020"))
    results = history[(history["year"] == 2024) & history["submitted"].astype(bool)]
    row = results.loc[results["agency_name"].str.len().idxmax()]
    return str(row["agency_code"]), str(row["agency_name"])


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1536, 864)], ids=["1280x720", "1536x864"])
def test_a_very_long_agency_name_never_pushes_the_buttons_off(server, screen, dashboard_store, shots, width, height):
    code, name = longest_name_code(dashboard_store)
    assert len(name) > 50, name
    page = screen(width, height)
    for number, kind in ((1, "profil"), (2, "jalan")):
        page.goto(f"{server}/rapat?tahun=2024&urutan=instansi&kode={code}&slide={number}",
                  wait_until="domcontentloaded")
        wait_for_slide(page, kind)
        page.screenshot(path=str(shots / f"rapat-{width}x{height}-long-name-{kind}.png"))
        assert name[:20] in page.locator(".tera-title").inner_text()
        assert_fits(page, width, height)


def test_keys_and_clicker_move_through_the_agenda(server, screen):
    page = screen(1536, 864)
    page.goto(f"{server}/{AGENDA}&slide=1", wait_until="domcontentloaded")
    wait_for_slide(page, "ringkasan")
    for key, kind, number in (("ArrowRight", "distribusi", 2), ("PageDown", "teratas", 3), ("PageUp", "distribusi", 2),
                              ("ArrowLeft", "ringkasan", 1), ("ArrowLeft", "jalan", 6)):
        page.keyboard.press(key)
        wait_for_slide(page, kind)
        page.wait_for_function(f"() => location.search.includes('slide={number}')", timeout=15_000)
    page.locator(".st-key-rapat_next button").click()
    wait_for_slide(page, "ringkasan")


def test_clicker_buttons_are_not_in_the_tab_order(server, screen):
    page = screen(1536, 864)
    page.goto(f"{server}/{AGENDA}&slide=1", wait_until="domcontentloaded")
    wait_for_slide(page, "ringkasan")
    assert not page.locator(".st-key-rapat-keys button").first.is_visible()
    reached = []
    for _ in range(10):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => { const e = document.activeElement;"
                                     " const k = e && e.closest('[class*=\"st-key-\"]');"
                                     " return k ? [...k.classList].find(c => c.startsWith('st-key-')) : e.tagName; }"))
    assert "st-key-rapat_pagedown" not in reached and "st-key-rapat_pageup" not in reached, reached
    assert "st-key-rapat_next" in reached, reached


def test_escape_goes_back_to_the_profile_it_came_from(server, screen):
    page = screen(1280, 720)
    page.goto(f"{server}/rapat?tahun=2024&urutan=instansi,ringkasan&kode=35.10&slide=1&dari=instansi",
              wait_until="domcontentloaded")
    wait_for_slide(page, "profil")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.pathname.endsWith('/instansi')", timeout=30_000)
    page.get_by_text("Kabupaten Banyuwangi", exact=False).first.wait_for(timeout=30_000)
    assert "kode=35.10" in page.url
    assert page.locator("section.tera-slide").count() == 0
    # Back on a normal page the sidebar and header are there again.
    assert page.locator('[data-testid="stHeader"]').first.is_visible()


def test_auto_advance_counts_down_and_moves_on(server, screen):
    page = screen(1920, 1080)
    page.goto(f"{server}/rapat?tahun=2024&urutan=ringkasan,teratas&auto=5", wait_until="domcontentloaded")
    wait_for_slide(page, "ringkasan")
    timer = page.locator('[role="timer"]')
    assert "detik" in timer.first.inner_text()
    assert px(page, ".tera-countdown") >= MIN_BODY_PX
    page.locator('section.tera-slide[data-kind="teratas"]').wait_for(timeout=20_000)
    assert "slide=2" in page.url


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (3840, 2160)], ids=["1280x720", "3840x2160"])
def test_sample_notice_is_whole_and_key_hints_scale(server, screen, width, height):
    """Issue 17: the footer's sample notice is never cut, and the key hints grow with the screen (not 12 px on 4K)."""
    page = screen(width, height)
    page.goto(f"{server}/rapat?tahun=2024&urutan=turun&slide=1", wait_until="domcontentloaded")
    wait_for_slide(page, "turun")
    notice = page.locator(".tera-footer-sample")
    assert "Data contoh (sintetis)" in notice.inner_text()
    box = notice.bounding_box()
    clipped = page.evaluate("""() => { const e = document.querySelector('.tera-footer-sample');
        return e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1 ? [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight] : false; }""")
    nav = page.locator(".st-key-rapat-nav").bounding_box()
    assert not clipped, clipped
    assert box["y"] + box["height"] <= nav["y"] + nav["height"] + 1 and box["y"] + box["height"] <= height
    assert px(page, ".st-key-rapat-nav button kbd") >= 24 * scale(width, height) - 0.5
    assert "terbanyak" in page.locator(".tera-title").inner_text()
