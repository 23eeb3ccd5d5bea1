"""Between rounds in Debian chromium: the profile's first screen (commitment card, what changed), the commitments
slide at 1920×1080 and 1280×720, and a phone. Screenshots go to test-artifacts/screenshots/issue-21-*."""

from __future__ import annotations

import pytest

from ingest.access import EVALUATOR_VIEWER
from ingest.access.commitments import Commitment, save_commitment
from ingest.store import get_engine
from tests.e2e.test_rapat import assert_fits, wait_for_slide
from tests.support.browser import BROWSER_MARKS, SCREENSHOTS, settle, streamlit_server
from tests.support.stores import copy_store

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def promised_server(dashboard_store, tmp_path_factory):
    """A private copy of the small store with three of Banyuwangi's promises due in 2024."""
    url = copy_store(dashboard_store, tmp_path_factory.mktemp("komitmen-browser") / "tera.db")
    engine = get_engine(url)
    for indicator, target, base in (("I44", 4, 2), ("I1", 5, 1), ("I11", 5, 3)):
        save_commitment(engine, EVALUATOR_VIEWER, Commitment(
            agency_code="35.10", framework_code="spbe-2020", indicator=indicator, target_level=target,
            target_year=2024, base_year=2023, base_level=base, responsible="Diskominfo",
            meeting="Rapat koordinasi Maret 2024"), actor="eva", source="test")
    engine.dispose()
    with streamlit_server(url) as base:
        yield base


def _page(browser, width, height, **extra):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1, **extra)
    return context, context.new_page()


def test_profile_first_screen_shows_card_and_what_changed(browser, promised_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = _page(browser, 1440, 900)
    page.goto(f"{promised_server}/instansi?kode=35.10&tahun=2024", wait_until="domcontentloaded")
    page.get_by_text("Apa yang berubah dan mengapa").first.wait_for(timeout=60_000)
    settle(page)
    card = page.get_by_text("3 komitmen 2024", exact=False).first
    sentence = page.get_by_text("dari perubahan sendiri", exact=False).first
    page.screenshot(path=str(SCREENSHOTS / "issue-21-profile-first-screen.png"))
    # Both on the first screen (above the fold at 1440×900, even below the demo and sample banners).
    assert card.bounding_box()["y"] < 900 and sentence.bounding_box()["y"] < 900
    # The same screen from the agency's name down, as a store without the banners shows it.
    page.evaluate("() => [...document.querySelectorAll('h2')].find(h => h.textContent.includes('Banyuwangi'))"
                  ".scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)
    page.screenshot(path=str(SCREENSHOTS / "issue-21-profile-from-header.png"))
    context.close()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_commitments_slide_fits(browser, promised_server, width, height):
    context, page = _page(browser, width, height)
    page.goto(f"{promised_server}/rapat?tahun=2024&urutan=komitmen,perubahan&kode=35.10&slide=1",
              wait_until="domcontentloaded")
    wait_for_slide(page, "komitmen")
    assert page.get_by_text("dari 3 komitmen untuk 2024 tercapai", exact=False).first.is_visible()
    assert_fits(page, width, height)
    page.screenshot(path=str(SCREENSHOTS / f"issue-21-slide-komitmen-{width}x{height}.png"))
    page.goto(f"{promised_server}/rapat?tahun=2024&urutan=komitmen,perubahan&kode=35.10&slide=2",
              wait_until="domcontentloaded")
    wait_for_slide(page, "perubahan")
    assert_fits(page, width, height)
    page.screenshot(path=str(SCREENSHOTS / f"issue-21-slide-perubahan-{width}x{height}.png"))
    context.close()


def test_phone_profile_and_commitments(browser, promised_server):
    context, page = _page(browser, 390, 844, is_mobile=True, has_touch=True)
    page.goto(f"{promised_server}/instansi?kode=35.10&tahun=2024", wait_until="domcontentloaded")
    page.get_by_text("Apa yang berubah dan mengapa").first.wait_for(timeout=60_000)
    settle(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SCREENSHOTS / "issue-21-phone-profile.png"), full_page=False)
    page.get_by_text("3 komitmen 2024", exact=False).first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "issue-21-phone-profile-card.png"), full_page=False)
    context.close()
