"""A nine-aspect 2026 index in Debian chromium: the agency slide shows all nine aspects above the navigation bar
at 1280×720 and 1920×1080, and the overview trend draws one panel per aspect."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.support.browser import BROWSER_MARKS, SCREENSHOTS, settle, streamlit_server

pytestmark = BROWSER_MARKS

NINE = Path(__file__).resolve().parents[1] / "indicators" / "data" / "nine-aspects.yaml"
AGENCIES = [("33.01", "Kabupaten Cilacap"), ("33.02", "Kabupaten Banyumas"), ("33.03", "Kabupaten Purbalingga"),
            ("33.04", "Kabupaten Banjarnegara")]


@pytest.fixture(scope="module")
def nine_server(tmp_path_factory):
    """A server on a store with four agencies' 2026 and 2027 results in the nine-aspect index, published."""
    from ingest.access import save_publication
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.frameworks.commands import add_framework
    from ingest.load import load_file
    from ingest.store import get_engine
    from ingest.template import write_template

    url = f"sqlite:///{tmp_path_factory.mktemp('nine') / 'tera.db'}"
    engine = get_engine(url)
    add_framework(engine, NINE)
    fw = FrameworkCatalog.from_store(engine).get("nine-aspects")
    for year in (2026, 2027):
        for seed, (code, name) in enumerate(AGENCIES, start=1):
            levels = {f"I{n}": 1 + (n * seed + year) % 5 for n in range(1, 35)} | {"I35": 40 + 10 * seed}
            buffer = io.BytesIO()
            write_template(buffer, agency_code=code, agency_name=name, year=year, framework=fw,
                           levels={"mandiri": levels, "visitasi": levels})
            assert load_file(engine, buffer.getvalue(), name=f"{code}-{year}.xlsx").outcome == "loaded"
        save_publication(engine, None, year, "nine-aspects", True, actor="test", source="test")
    with streamlit_server(url) as base:
        yield base


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_the_agency_slide_shows_all_nine_aspects(nine_server, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(f"{nine_server}/rapat?tahun=2027&urutan=instansi&kode=33.01&slide=1")
        page.locator('section.tera-slide[data-kind="profil"] .tera-bar-label').first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"rapat-nine-aspects-{width}x{height}.png"))
        nav_top = page.locator(".st-key-rapat-nav").bounding_box()["y"]
        labels = page.locator(".tera-bar-label")
        assert labels.count() == 9
        for i in range(9):
            box = labels.nth(i).bounding_box()
            assert box is not None and box["y"] + box["height"] <= nav_top and box["x"] + box["width"] <= width, i
        assert [labels.nth(i).get_attribute("title").split(" ")[0] for i in range(9)] == [f"A{n}" for n in range(1, 10)]
    finally:
        page.close()


# Glide's scroller (wider content than its box: columns cut off at the right) and its accessible column headers.
GRID = """() => { const grid = document.querySelector('[data-testid="stDataFrame"]');
  const s = grid.querySelector('.dvn-scroller');
  return {scroll: s.scrollWidth, client: s.clientWidth,
          headers: Array.from(grid.querySelectorAll('[role=columnheader]')).map(e => e.textContent)}; }"""


def test_the_ranking_names_every_aspect_without_horizontal_scroll(nine_server, browser):
    from dashboard.logic.labels import compute_header_labels, header_chars
    from dashboard.render.tables import ranking_widths
    from indicators import load_framework

    aspects = [node.label("id") for node in load_framework(NINE).top_nodes]
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{nine_server}/peringkat?tahun=2027")
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)
        settle(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "peringkat-nine-aspects-1440x900.png"))
        grid = page.evaluate(GRID)
        assert grid["scroll"] <= grid["client"] + 2, grid
        # Every column is drawn (a column scrolled out of view has no header element), each aspect by its name.
        # 2027 has a previous year, so the reason column ("Alasan") takes its room too.
        shown = compute_header_labels(aspects, header_chars(ranking_widths(9, False, False, with_reason=True)["node"]))
        assert grid["headers"][-9:] == shown and all(len(label) >= 4 for label in shown), grid["headers"]
        legend = page.get_by_text("Judul kolom disingkat").inner_text()
        # A name cut in its header is spelled out below the table.
        assert all(f"A{n} {name}" in legend or name == label
                   for n, (name, label) in enumerate(zip(aspects, shown, strict=True), start=1)), legend
    finally:
        page.close()
