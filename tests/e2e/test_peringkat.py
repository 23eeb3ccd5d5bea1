"""Peringkat in Debian chromium at 1440×900 on the full sample: the table fits, the name stays pinned."""

from __future__ import annotations

import pytest

from tests.helpers import BROWSER_MARKS, full_shot, settle

pytestmark = BROWSER_MARKS

# Glide's scroller: wider content than its box means columns cut off at the right edge.
OVERFLOW = """() => { const s = document.querySelector('[data-testid="stDataFrame"] .dvn-scroller');
  return {scroll: s.scrollWidth, client: s.clientWidth}; }"""


@pytest.mark.parametrize(("name", "path", "fits"), [
    ("peringkat-1440", "peringkat?tahun=2024", True),
    ("peringkat-provinsi-35-1440", "peringkat?tahun=2024&provinsi=35", True),
    ("peringkat-cari-kab-1440", "peringkat?tahun=2024&cari=Kab.%20Banyuwangi", True),
    # A filter by type keeps the province column and adds the rank in the selection.
    ("peringkat-kabupaten-1440", "peringkat?tahun=2024&jenis=kabupaten", True),
])
def test_ranking_table_fits_at_1440(sample_server, browser, name, path, fits):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{sample_server}/{path}", wait_until="domcontentloaded")
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)
        settle(page)
        width = page.evaluate(OVERFLOW)
        print(name, width)
        if fits:
            assert width["scroll"] <= width["client"] + 2, width
        full_shot(page, name)
    finally:
        page.close()
