"""A regional head's phone (390×844) in Debian chromium: sidebar closed, nothing wider than the screen, text legible."""

from __future__ import annotations

import pytest

from tests.support.browser import BROWSER_MARKS, SCREENSHOTS, settle

pytestmark = BROWSER_MARKS

WIDTH, HEIGHT = 390, 844


# Smallest text on a phone: Streamlit's captions are 14 px, chart text at least 11 px.
MIN_PAGE_PX, MIN_CHART_PX = 12, 11
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 "
               "Mobile Safari/537.36")


@pytest.fixture
def phone(browser):
    # A phone's browser says so in its User-Agent (the ranking sends its cards only then).
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True,
                                  device_scale_factor=1, user_agent=PHONE_AGENT)
    page = context.new_page()
    yield page
    context.close()


def open_phone_page(page, url: str, expected: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text(expected, exact=False).first.wait_for(timeout=60_000)
    settle(page)


MEASURE = """() => {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const box = sidebar ? sidebar.getBoundingClientRect() : null;
  const visible = e => { const b = e.getBoundingClientRect(); const s = getComputedStyle(e);
                         return b.width > 0 && b.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const main = document.querySelector('[data-testid="stMain"]');
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')].map(s => {
    const b = s.getBoundingClientRect(); return {left: b.left, right: b.right, width: b.width}; });
  // Chart text as drawn: the font size times the SVG's own scale on screen.
  const chartText = [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks text')].filter(visible)
    .map(t => { const svg = t.ownerSVGElement; const ratio = svg.getBoundingClientRect().width / svg.width.baseVal.value;
                return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * ratio,
                        right: t.getBoundingClientRect().right}; });
  const pageText = [...main.querySelectorAll('p, li, label, h1, h2, h3')].filter(visible)
    .filter(e => e.textContent.trim()).map(e => ({text: e.textContent.slice(0, 40), px: parseFloat(getComputedStyle(e).fontSize)}));
  return {sidebarRight: box ? box.right : null, pageWidth: document.documentElement.scrollWidth,
          mainWidth: main.scrollWidth, charts, chartText, pageText};
}"""


def assert_phone_fit(page) -> dict:
    m = page.evaluate(MEASURE)
    # The sidebar is closed (off screen to the left), not covering three quarters of the page.
    assert m["sidebarRight"] is None or m["sidebarRight"] <= 1, m["sidebarRight"]
    assert m["pageWidth"] <= WIDTH and m["mainWidth"] <= WIDTH, (m["pageWidth"], m["mainWidth"])
    for chart in m["charts"]:
        assert chart["left"] >= 0 and chart["right"] <= WIDTH + 1, chart
    small = [t for t in m["chartText"] if t["px"] < MIN_CHART_PX - 0.01]
    assert not small, small[:5]
    assert all(t["right"] <= WIDTH + 1 for t in m["chartText"]), [t for t in m["chartText"] if t["right"] > WIDTH + 1][:5]
    tiny = [t for t in m["pageText"] if t["px"] < MIN_PAGE_PX]
    assert not tiny, tiny[:5]
    return m


def full_phone_shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": min(int(height) + 40, 12000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-full.png"))
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def test_profile_on_a_phone(server, phone):
    # The first section (with the section chooser, whose six choices wrap) fits the screen.
    open_phone_page(phone, f"{server}/instansi?kode=35.10&tahun=2024", "Apa yang berubah dan mengapa")
    assert_phone_fit(phone)
    full_phone_shot(phone, "phone-instansi")
    open_phone_page(phone, f"{server}/instansi?kode=35.10&tahun=2024&bagian=indikator", "Nilai per indikator")
    m = assert_phone_fit(phone)
    texts = [t["text"] for t in m["chartText"]]
    # Every one of the 47 indicator cells is drawn with its code inside the screen, a row per aspect.
    codes = {t for t in texts if t.startswith("I") and t[1:].isdigit()}
    assert codes == {f"I{n}" for n in range(1, 48)}, sorted(codes)
    full_phone_shot(phone, "phone-instansi-indikator")
    open_phone_page(phone, f"{server}/instansi?kode=35.10&tahun=2024&bagian=skor", "Nilai per aspek")
    m = assert_phone_fit(phone)
    texts = [t["text"] for t in m["chartText"]]
    # Aspect bars use the whole width: their names are written above them, not in a column beside them.
    assert any(t.endswith("A8 Layanan Publik Berbasis Elektronik") or "A8 Layanan Publik" in t for t in texts), texts
    assert max(chart["width"] for chart in m["charts"]) >= WIDTH - 60


def test_tile_map_on_a_phone_fits_and_opens_a_province(server, phone):
    open_phone_page(phone, f"{server}/wilayah?tahun=2024", "Peta petak provinsi")
    assert_phone_fit(phone)
    legend = phone.locator(".tera-tile-legend")
    assert legend.is_visible()
    box = legend.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    for label in ("Memuaskan", "Sangat Baik", "Baik", "Cukup", "Kurang"):
        assert label in legend.inner_text()
    full_phone_shot(phone, "phone-wilayah")
    # The map is scaled to the screen; a tap still lands on the tile under the finger.
    tile = phone.locator('[data-testid="stVegaLiteChart"] path[aria-label*="Provinsi: Jawa Timur;"]').first
    tile.scroll_into_view_if_needed()
    spot = tile.bounding_box()
    phone.mouse.click(spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
    phone.get_by_text("Peringkat kabupaten dan kota di Jawa Timur", exact=False).first.wait_for(timeout=30_000)
    assert "provinsi=35" in phone.url


def test_overview_on_a_phone(server, phone):
    open_phone_page(phone, f"{server}/?tahun=2024", "Ringkasan nasional")
    assert_phone_fit(phone)
    full_phone_shot(phone, "phone-ringkasan")


def test_comparison_on_a_phone_never_scrolls_the_page_sideways(server, phone):
    open_phone_page(phone, f"{server}/bandingkan?kode=35.10&kode=35.77&tahun=2024", "Bandingkan instansi 2024")
    m = phone.evaluate(MEASURE)
    # The 47-column level matrix is wider than a phone: it scrolls inside its own box, the page does not.
    assert m["pageWidth"] <= WIDTH and m["mainWidth"] <= WIDTH, (m["pageWidth"], m["mainWidth"])
    boxes = phone.evaluate("() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
                           ".map(e => e.getBoundingClientRect().right)")
    assert boxes and max(boxes) <= WIDTH
    # Only the level matrix is wider than the screen, and it keeps its size (it used to be shrunk to
    # 5 px text): the bars per domain and aspect (names and values above them) and the trend fit whole.
    wide = [chart for chart in m["charts"] if chart["right"] > WIDTH + 1]
    assert len(m["charts"]) >= 4 and len(wide) == 1, m["charts"]
    small = [t for t in m["chartText"] if t["px"] < MIN_CHART_PX - 0.01]
    assert not small, small[:5]
    full_phone_shot(phone, "phone-bandingkan")


def test_path_and_learning_partners_are_cards_on_a_phone(server, phone):
    """Issue 17: on a phone the path and the learning partners are cards naming every field, not a one-column table."""
    open_phone_page(phone, f"{server}/instansi?kode=35.10&tahun=2024&bagian=jalan", "Satu baris per indikator")
    assert_phone_fit(phone)
    path = phone.locator(".st-key-cards-path .tera-card")
    assert path.count() >= 1 and path.first.is_visible()
    first = path.first.inner_text()
    assert "→" in first and "Indeks sesudahnya" in first, first
    assert not phone.locator(".st-key-wide-path").is_visible()
    phone.locator(".st-key-cards-path").scroll_into_view_if_needed()
    phone.wait_for_timeout(500)
    phone.screenshot(path=str(SCREENSHOTS / "phone-instansi-jalan-kartu.png"))
    open_phone_page(phone, f"{server}/instansi?kode=35.10&tahun=2024&bagian=mitra", "Mitra belajar")
    assert_phone_fit(phone)
    partners = phone.locator(".st-key-cards-partners .tera-card")
    if partners.count():
        text = partners.first.inner_text()
        assert "Tingkat" in text and ("Kabupaten" in text or "Kota" in text), text
    for card in partners.all()[:3]:
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box


def test_ranking_on_a_phone_is_cards_with_every_field(server, phone):
    """Issue 17: at 390 px the ranking is readable: a card per agency (rank, name linking to the profile, index,
    rating, change, place), not a grid showing two columns."""
    open_phone_page(phone, f"{server}/peringkat?tahun=2024", "Peringkat Indeks SPBE 2024")
    assert_phone_fit(phone)
    cards = phone.locator(".st-key-cards-ranking .tera-card")
    assert cards.count() >= 10 and not phone.locator(".st-key-wide-ranking").is_visible()
    first = cards.first.inner_text()
    assert first.startswith("1. ") and "Indeks" in first and "Predikat" in first and "Perubahan" in first, first
    full_phone_shot(phone, "phone-peringkat")
    link = cards.first.locator("a")
    name = link.inner_text().split(". ", 1)[1]
    link.click()
    phone.get_by_role("heading", name=name).first.wait_for(timeout=60_000)
    assert "/instansi?kode=" in phone.url
