"""Browser tests of part 2: each page opened by URL at 1440×900 on a copy of the full sample, and a real upload.

The server runs on a private copy of `sample_store` (rejected files, incomplete submission,
non-submitters and warnings included) so the upload test's load does not change the shared store.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import BROWSER_MARKS, SCREENSHOTS, streamlit_server

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def part2_server(sample_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("part2-browser")
    shutil.copy(sample_store.removeprefix("sqlite:///"), folder / "tera.db")
    # A private copy: the upload test loads a file, which must not change the shared store.
    with streamlit_server(f"sqlite:///{folder / 'tera.db'}") as base:
        yield base


def _settle(page) -> None:
    """Wait until the script runs are over (a chart's first selection state may start one more) and drawn."""
    for _ in range(3):
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                               timeout=60_000)
        page.wait_for_timeout(800)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)


def _full_shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Grow the viewport to the content until it stops growing (late charts add height).
    shown = 0
    for _ in range(4):
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        target = min(max(900, int(height) + 40), 14000)
        if target == shown:
            break
        page.set_viewport_size({"width": 1440, "height": target})
        shown = target
        _settle(page)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


PAGES = [
    ("bandingkan", "bandingkan?kode=35.10&kode=35.77&kode=35&kode=32.01&tahun=2024", "Bandingkan instansi 2024"),
    ("bandingkan-en", "bandingkan?kode=35.10&kode=35.77&tahun=2024&lang=en", "Compare agencies 2024"),
    ("wilayah", "wilayah?tahun=2024", "Peta petak provinsi"),
    ("wilayah-35", "wilayah?tahun=2024&provinsi=35", "Peringkat kabupaten dan kota di Jawa Timur"),
    ("kualitas-data", "kualitas-data?tahun=2024&kode=35.10", "Berkas ditolak dan letak masalahnya"),
    ("kualitas-data-2023-en", "kualitas-data?tahun=2023&lang=en", "Warnings on loaded files"),
    ("unggah", "unggah?tahun=2024", "Unggah berkas penilaian"),
]


@pytest.mark.parametrize(("name", "path", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_part2_page_renders(part2_server, browser, name, path, expected):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{part2_server}/{path}", wait_until="domcontentloaded")
        page.get_by_text(expected, exact=False).first.wait_for(timeout=60_000)
        _settle(page)
        _full_shot(page, f"part2-{name}")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "tahun=" in page.url
        if path.startswith("bandingkan"):
            assert page.url.count("kode=") >= 2
        if "provinsi=35" in path:
            assert "provinsi=35" in page.url
    finally:
        page.close()


def test_click_on_tile_opens_province(part2_server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{part2_server}/wilayah?tahun=2024", wait_until="domcontentloaded")
        page.get_by_text("Peta petak provinsi", exact=False).first.wait_for(timeout=60_000)
        _settle(page)
        # Vega draws each tile as an SVG path labelled with its tooltip fields.
        tile = page.locator('[data-testid="stVegaLiteChart"] path[aria-label*="Provinsi: Jawa Timur;"]').first
        box = tile.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.get_by_text("Peringkat kabupaten dan kota di Jawa Timur", exact=False).first.wait_for(timeout=30_000)
        assert "provinsi=35" in page.url
    finally:
        page.close()


def test_upload_broken_workbook_shows_its_cells(part2_server, browser, broken_workbook, tmp_path):
    path = tmp_path / "LKE_rusak_Kab_Bogor_2024.xlsx"
    path.write_bytes(broken_workbook)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{part2_server}/unggah?tahun=2024", wait_until="domcontentloaded")
        page.get_by_text("Unggah berkas penilaian", exact=False).first.wait_for(timeout=60_000)
        _settle(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
        page.get_by_text("Laporan validasi", exact=False).first.wait_for(timeout=60_000)
        _settle(page)
        report = page.get_by_text("LKE_rusak_Kab_Bogor_2024.xlsx ditolak", exact=False).first
        report.wait_for(timeout=30_000)
        assert "F11" in report.inner_text()
        _full_shot(page, "part2-unggah-laporan")
        # The report table (a canvas grid) can be downloaded as CSV; the cells are named there too.
        with page.expect_download() as download:
            page.get_by_role("button", name="Unduh CSV").first.click()
        content = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert "F11" in content and "F12" in content and "level-out-of-scale" in content
        page.set_viewport_size({"width": 1440, "height": 900})
        page.get_by_role("button", name="Muat 1 berkas").click()
        page.get_by_text("ditolak: 1", exact=False).first.wait_for(timeout=60_000)
        assert page.get_by_text("Laporan validasi", exact=False).count() == 0
        _settle(page)
        _full_shot(page, "part2-unggah-dimuat")
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()
