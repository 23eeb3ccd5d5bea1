"""Peringkat in Debian chromium at 1440×900 on the full sample: the table fits, the name stays pinned."""

from __future__ import annotations

import pytest

from tests.support.browser import BROWSER_MARKS, full_shot, open_settled, settle

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


def _grid_column(page, name: str) -> list[str]:
    """Return the visible cells of one column, in the grid's current order (glide's accessible table mirrors the canvas)."""
    table = page.locator('[data-testid="stDataFrame"]').first
    headers = [text.strip().lstrip("↑↓ ") for text in table.locator("th").all_inner_texts()]  # a sorted header has an arrow
    cells = table.locator('[role="gridcell"]').all_inner_texts()
    position = headers.index(name)
    return [cells[i] for i in range(position, len(cells), len(headers))]


def test_rank_change_sorts_by_places_moved(server, browser, dashboard_store):
    """Issue 17: sorting "Perubahan" puts the biggest fall first (then the biggest rise), never alphabetical."""
    from dashboard.render.tables import ranking_widths
    from dashboard.state.history import compute_history
    from indicators import framework_for_year
    from ingest.store import get_engine

    fw = framework_for_year(2024)
    # The name column's width as the page sets it: four domains, the place and the reason column (2023 exists).
    name_width = ranking_widths(len(fw.top_nodes), False, True, fw.decimals, with_reason=True)["agency_link"]

    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        open_settled(page, f"{server}/peringkat?tahun=2024", '[data-testid="stDataFrame"]')
        box = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
        # The header of the rank change: after the row markers (32), the pinned rank (68) and name. The click must only
        # sort (a header click also selects the first row's first cell, the rank, which opens nothing).
        header = (box["x"] + 32 + name_width + 68 + 43, box["y"] + 17)
        page.mouse.click(*header)
        page.wait_for_timeout(1500)
        rising = [int(v) for v in _grid_column(page, "Perubahan") if v.lstrip("-").isdigit()]
        page.mouse.click(*header)
        page.wait_for_timeout(1500)
        falling = [int(v) for v in _grid_column(page, "Perubahan") if v.lstrip("-").isdigit()]
        full_shot(page, "peringkat-urut-perubahan")
    finally:
        page.close()
    history = compute_history(get_engine(dashboard_store), fw)
    changes = history.loc[history["year"] == 2024, "rank_change"].dropna().astype(int)
    assert rising and rising == sorted(rising) and rising[0] == changes.min()
    assert falling and falling == sorted(falling, reverse=True) and falling[0] == changes.max()


def _click_name(page, name_width: int, row: int) -> None:
    """Click the pinned name cell of a grid row (0 = first): after the row markers (32) and the rank (68), below the
    header (35)."""
    box = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    page.mouse.click(box["x"] + 32 + 68 + name_width // 2, box["y"] + 35 + 35 * row + 17)


def test_name_opens_that_profile_in_the_same_tab(server, browser):
    """Issue 17: a click on an agency's name opens its profile at once, in the same tab, for the agency clicked."""
    from dashboard.render.tables import ranking_widths
    from indicators import framework_for_year

    fw = framework_for_year(2024)
    name_width = ranking_widths(len(fw.top_nodes), False, True, fw.decimals, with_reason=True)["agency_link"]
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        for row in (1, 3):
            open_settled(page, f"{server}/peringkat?tahun=2024", '[data-testid="stDataFrame"]')
            name = _grid_column(page, "Instansi")[row]
            _click_name(page, name_width, row)
            page.wait_for_url("**/instansi?**", timeout=30_000)
            settle(page)
            assert len(context.pages) == 1, [p.url for p in context.pages]
            assert page.locator("h2, h1").filter(has_text=name).count() >= 1, name
            if row == 1:
                full_shot(page, "peringkat-klik-nama")
    finally:
        context.close()
