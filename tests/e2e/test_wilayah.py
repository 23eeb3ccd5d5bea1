"""Wilayah in Debian chromium: a click on a province tile opens its ranking."""

from __future__ import annotations

from tests.support.browser import BROWSER_MARKS, open_settled

pytestmark = BROWSER_MARKS


def test_click_on_tile_opens_province(sample_server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        open_settled(page, f"{sample_server}/wilayah?tahun=2024", "Peta petak provinsi")
        # Vega draws each tile as an SVG path labelled with its tooltip fields.
        tile = page.locator('[data-testid="stVegaLiteChart"] path[aria-label*="Provinsi: Jawa Timur;"]').first
        box = tile.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.get_by_text("Peringkat kabupaten dan kota di Jawa Timur", exact=False).first.wait_for(timeout=30_000)
        assert "provinsi=35" in page.url
    finally:
        page.close()
