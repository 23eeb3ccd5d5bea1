"""Every page opened by URL in Debian chromium at 1440×900 on the seeded store and on the full sample."""

from __future__ import annotations

import pytest

from tests.support.browser import BROWSER_MARKS, SCREENSHOTS, full_shot, open_settled, settle

pytestmark = BROWSER_MARKS

PAGES = [
    ("ringkasan", "", "Ringkasan nasional Indeks SPBE 2024"),
    ("ringkasan-en-2023", "?tahun=2023&lang=en", "SPBE Index: national overview 2023"),
    ("peringkat", "peringkat?tahun=2024", "Peringkat Indeks SPBE 2024"),
    ("peringkat-kota-baik", "peringkat?tahun=2024&jenis=kota&predikat=baik", "Peringkat Indeks SPBE 2024"),
    ("instansi-35.10", "instansi?kode=35.10&tahun=2024", "Jalan ke predikat berikutnya"),
    ("instansi-recap-en", "instansi?kode=35.10&tahun=2021&lang=en", "Agency profile"),
]


@pytest.mark.parametrize(("name", "path", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_page_renders(server, browser, name, path, expected):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        page.get_by_text(expected, exact=False).first.wait_for(timeout=45_000)
        # Wait for the script run to finish so charts and tables are drawn before the screenshot.
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=45_000)
        page.wait_for_timeout(1500)
        # Streamlit scrolls inside its main container, so grow the viewport to the content for a full shot.
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1440, "height": min(max(900, int(height) + 40), 12000)})
        page.wait_for_timeout(1000)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "tahun=" in page.url
        if "lang=en" not in path:
            assert page.get_by_text("Data contoh (sintetis)", exact=False).count() >= 1
    finally:
        page.close()


def test_deep_link_keeps_agency_in_url(server, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{server}/instansi?kode=35.10&tahun=2024", wait_until="domcontentloaded")
        page.get_by_text("Kabupaten Banyuwangi", exact=False).first.wait_for(timeout=45_000)
        assert "kode=35.10" in page.url and "tahun=2024" in page.url
    finally:
        page.close()


SAMPLE_PAGES = [
    ("bandingkan", "bandingkan?kode=35.10&kode=35.77&kode=35&kode=32.01&tahun=2024", "Bandingkan instansi 2024"),
    ("bandingkan-en", "bandingkan?kode=35.10&kode=35.77&tahun=2024&lang=en", "Compare agencies 2024"),
    ("wilayah", "wilayah?tahun=2024", "Peta petak provinsi"),
    ("wilayah-35", "wilayah?tahun=2024&provinsi=35", "Peringkat kabupaten dan kota di Jawa Timur"),
    ("kualitas-data", "kualitas-data?tahun=2024&kode=35.10", "Berkas ditolak dan letak masalahnya"),
    ("kualitas-data-2023-en", "kualitas-data?tahun=2023&lang=en", "Warnings on loaded files"),
    ("unggah", "unggah?tahun=2024", "Unggah berkas penilaian"),
    # The sample's second framework, chosen in the URL beside the year.
    ("contoh-ringkasan", "?tahun=2024&kerangka=indeks-contoh", "Ringkasan nasional Indeks Contoh"),
    ("contoh-instansi", "instansi?kode=35&tahun=2024&kerangka=indeks-contoh&bagian=tren", "Hasil di setiap kerangka"),
]


@pytest.mark.parametrize(("name", "path", "expected"), SAMPLE_PAGES, ids=[p[0] for p in SAMPLE_PAGES])
def test_page_renders_on_full_sample(sample_server, browser, name, path, expected):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{sample_server}/{path}", wait_until="domcontentloaded")
        page.get_by_text(expected, exact=False).first.wait_for(timeout=60_000)
        settle(page)
        full_shot(page, f"part2-{name}")
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "tahun=" in page.url
        if path.startswith("bandingkan"):
            assert page.url.count("kode=") >= 2
        if "provinsi=35" in path:
            assert "provinsi=35" in page.url
        if "kerangka=" in path:
            assert "kerangka=indeks-contoh" in page.url
    finally:
        page.close()


# Streamlit's own widget texts in English, which an Indonesian page must never show (issue 17).
ENGLISH_WIDGET_WORDS = ("Upload", "per file", "Browse files", "Drag and drop", "Choose options", "Choose an option",
                        "Select all", "No results", "None", "YYYY", "yyyy")
INDONESIAN_PAGES = [
    ("unggah", "unggah?tahun=2024", "Unggah berkas penilaian"),
    ("ringkasan-agenda", "?tahun=2024", "Ringkasan nasional"),
    ("instansi-agenda", "instansi?kode=35.10&tahun=2024", "Jalan ke predikat berikutnya"),
    ("bandingkan", "bandingkan?kode=35.10&kode=35.77&tahun=2024", "Bandingkan instansi 2024"),
    ("akses", "akses", "Akses, publikasi dan log audit"),
    ("komitmen", "komitmen?tahun=2024", "Komitmen antar-putaran"),
]


@pytest.mark.parametrize(("name", "path", "expected"), INDONESIAN_PAGES, ids=[p[0] for p in INDONESIAN_PAGES])
def test_no_english_widget_text_on_indonesian_pages(server, browser, name, path, expected):
    """The uploader's button and limit, the agenda's multiselects (opened) and the pickers speak Indonesian."""
    import re

    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        open_settled(page, f"{server}/{path}", expected)
        texts = [page.locator('[data-testid="stMain"]').inner_text()]
        # Text drawn by CSS (the uploader's replaced labels) is what a reader sees, so it counts too.
        texts += page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMain"] *')].map(
            e => getComputedStyle(e, '::after').content).filter(c => c && c !== 'none' && c !== 'normal')""")
        # An empty widget's placeholder ("Choose options", "yyyy/mm/dd") is shown though no inner text holds it.
        texts += page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMain"] [placeholder]')]
            .filter(e => !e.value).map(e => e.getAttribute('placeholder'))""")
        if page.get_by_role("button", name="Presentasikan").count():
            page.get_by_role("button", name="Presentasikan").first.click()
            page.wait_for_timeout(800)
            page.locator('[data-testid="stMultiSelect"]', has=page.get_by_text("Slide (urutan", exact=False)).click()
            page.wait_for_timeout(800)
            texts.append(page.locator("body").inner_text())
            link = page.get_by_text("/rapat?tahun=2024", exact=False).first.inner_text()
            assert link.startswith("http://"), link  # an invitation carries the whole address
            page.keyboard.press("Escape")
        shown = "\n".join(texts)
        # A word counts when it stands alone, so "Upload" inside an Indonesian word or file name does not.
        found = [w for w in ENGLISH_WIDGET_WORDS if re.search(rf"(?<![\w.]){re.escape(w)}(?![\w.])", shown)]
        hidden = '[data-testid="stFileUploaderDropzone"] p, [data-testid="stFileUploaderDropzoneInstructions"] span'
        visible = page.evaluate(f"""() => [...document.querySelectorAll('{hidden}')]
            .filter(e => getComputedStyle(e).display !== 'none').map(e => e.textContent)""")
        assert not found and not visible, (found, visible)
        if name == "unggah":
            assert "Pilih berkas" in shown and "20 MB per berkas" in shown
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_button_label_is_cut_on_the_profile_at_1440(server, browser, lang):
    """Issue 17: "Unduh angka lapora…" and "Download P…" were cut by fixed columns; every label shows whole."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        # The indicators section: the report's two buttons, the heat strip's two and the table's three.
        open_settled(page, f"{server}/instansi?kode=35.10&tahun=2024&lang={lang}&bagian=indikator",
                     '[data-testid="stDownloadButton"]')
        cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stDownloadButton"] button p')]
            .filter(p => p.scrollWidth > p.clientWidth + 1).map(p => p.textContent)""")
        labels = page.locator('[data-testid="stDownloadButton"] button').all_inner_texts()
        assert len(labels) >= 5 and not cut, cut
    finally:
        page.close()


# Text width (px) in the dataframe's font, as glide draws a cell (14 px).
TEXT_WIDTH = """([names, family]) => { const c = document.createElement('canvas').getContext('2d');
  c.font = `14px ${family}`; return names.map(n => c.measureText(n).width); }"""


def test_top_and_bottom_ten_names_are_whole_at_1440(sample_server, browser):
    """Issue 17: the overview's top and bottom ten show every agency's whole name at 1440x900 (no cut, no scroll)."""
    from dashboard.render.tables import COMPACT_AGENCY_WIDTH

    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        open_settled(page, f"{sample_server}/?tahun=2024", '[data-testid="stDataFrame"]')
        tables = page.locator('[data-testid="stDataFrame"]')
        tables.first.scroll_into_view_if_needed()
        settle(page)
        page.screenshot(path=str(SCREENSHOTS / "ringkasan-sepuluh-1440.png"))
        names, family = [], page.evaluate(
            """() => getComputedStyle(document.querySelector('[data-testid="stDataFrame"]')).fontFamily""")
        for i in range(tables.count()):
            cells = tables.nth(i).locator('[role="gridcell"]').all_inner_texts()
            names += [cell.rpartition("#")[2] for cell in cells if "instansi?kode=" in cell]
            scroller = tables.nth(i).locator(".dvn-scroller")
            assert scroller.evaluate("s => s.scrollWidth <= s.clientWidth + 2"), i
        # The registry's longest name too (100 characters): the widest the column is meant to hold.
        names.append("Kementerian Kependudukan dan Pembangunan Keluarga/Badan Kependudukan dan Keluarga Berencana Nasional")
        widths = page.evaluate(TEXT_WIDTH, [names, family])
    finally:
        page.close()
    assert len(names) == 21
    cut = [(n, w) for n, w in zip(names, widths, strict=True) if w > COMPACT_AGENCY_WIDTH - 16]  # cell padding
    assert not cut, cut
