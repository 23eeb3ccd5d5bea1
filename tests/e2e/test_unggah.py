"""Unggah in Debian chromium: a broken workbook's report shows its cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import BROWSER_MARKS, full_shot, settle, streamlit_server
from tests.support.stores import copy_store

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def demo_server(sample_store, tmp_path_factory):
    """A private copy of the sample store served as an explicit demo (TERA_DEMO=1): the first file an upload stores
    is real data and would otherwise end the demo evaluator these tests upload as."""
    url = copy_store(sample_store, tmp_path_factory.mktemp("upload-browser") / "tera.db")
    with streamlit_server(url, TERA_DEMO="1") as base:
        yield base


def upload(page, base: str, paths: list[str], wait_for: str, timeout: int = 60_000) -> None:
    """Open the upload page, send `paths` to the uploader and wait until `wait_for` is shown."""
    page.goto(f"{base}/unggah?tahun=2024", wait_until="domcontentloaded")
    page.get_by_text("Unggah berkas penilaian", exact=False).first.wait_for(timeout=60_000)
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(paths)
    page.get_by_text(wait_for, exact=False).first.wait_for(timeout=timeout)
    settle(page)


def test_upload_broken_workbook_shows_its_cells(demo_server, browser, broken_workbook, tmp_path):
    path = tmp_path / "LKE_rusak_Kab_Bogor_2024.xlsx"
    path.write_bytes(broken_workbook)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        upload(page, demo_server, [str(path)], "Laporan validasi")
        report = page.get_by_text("LKE_rusak_Kab_Bogor_2024.xlsx ditolak", exact=False).first
        report.wait_for(timeout=30_000)
        assert "F11" in report.inner_text()
        full_shot(page, "part2-unggah-laporan")
        # The report table (a canvas grid) can be downloaded as CSV; the cells are named there too.
        with page.expect_download() as download:
            page.get_by_role("button", name="Unduh CSV").first.click()
        content = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert "F11" in content and "F12" in content and "level-out-of-scale" in content
        page.set_viewport_size({"width": 1440, "height": 900})
        page.get_by_role("button", name="Muat 1 berkas").click()
        page.get_by_text("ditolak: 1", exact=False).first.wait_for(timeout=60_000)
        assert page.get_by_text("Laporan validasi", exact=False).count() == 0
        settle(page)
        full_shot(page, "part2-unggah-dimuat")
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_upload_of_the_worst_hostile_files_leaves_the_server_answering(demo_server, browser, tmp_path):
    """The native-reader crashers are read in the bounded worker: a report, never a dead server; values stay text."""
    import urllib.request

    from tests.ingest.readers import hostile_corpus as corpus

    files = {
        "sel-jauh-petik-tunggal.xlsx": corpus.far_cell_single_quotes(),
        "lembar-di-luar-worksheets.xlsx": corpus.sheet_outside_worksheets(),
        "xls-sel-jauh.xls": corpus.xls_far_cell(),
        "ods-sel-jauh.ods": corpus.ods_far_cell(),
        "rekap-markdown.csv": corpus.csv_text(
            "Rekap Indeks SPBE Tahun 2024\nNama Instansi;Indeks\n"
            "![gambar](http://gambar.invalid/x.png) [tautan](http://tautan.invalid);3,1\n"),
    }
    paths = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        paths.append(str(path))
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    try:
        page.goto(f"{demo_server}/unggah?tahun=2024", wait_until="domcontentloaded")
        page.get_by_text("Unggah berkas penilaian", exact=False).first.wait_for(timeout=60_000)
        settle(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(paths)
        page.get_by_text("Laporan validasi", exact=False).first.wait_for(timeout=120_000)
        settle(page)
        for name in files:
            page.get_by_text(f"{name} ditolak", exact=False).first.wait_for(timeout=30_000)
        body = page.locator('[data-testid="stMain"]').inner_text()
        assert "berkas tidak terbaca" in body and "![gambar](http://gambar.invalid/x.png)" in body
        # Shown as text: no image or link was made from the file's values.
        assert page.locator('img[src*="gambar.invalid"]').count() == 0
        assert page.locator('a[href*="tautan.invalid"]').count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        full_shot(page, "unggah-berkas-berbahaya")
        with urllib.request.urlopen(f"{demo_server}/_stcore/health", timeout=10) as answer:
            assert answer.status == 200
        page.reload(wait_until="domcontentloaded")
        page.get_by_text("Unggah berkas penilaian", exact=False).first.wait_for(timeout=60_000)
    finally:
        page.close()


def test_a_partial_workbook_shows_its_effect_waits_for_confirmation_and_is_reverted(dashboard_store, browser, tmp_path):
    """Issue 17: a published year; a partial workbook shows the effect, loads only when confirmed, and is undone."""
    import io

    from indicators import load_framework
    from ingest.access import EVALUATOR_VIEWER, save_publication
    from ingest.queries import load_all_final_levels, load_all_submissions
    from ingest.store import get_engine
    from ingest.template import write_template

    url = copy_store(dashboard_store, tmp_path / "tera.db")
    engine = get_engine(url)
    fw = load_framework("spbe-2020")
    save_publication(engine, EVALUATOR_VIEWER, 2024, fw.code, True, actor="setup", source="test")
    before = load_all_final_levels(engine, 2024, framework=fw.code)
    buffer = io.BytesIO()
    # The final stage with I21 onwards left blank: the stored final levels of I21–I47 would disappear.
    write_template(buffer, agency_code="35.10", agency_name="Kabupaten Banyuwangi", year=2024, framework=fw,
                   stages=("hasil",), levels={"hasil": {n.code: 3 for n in fw.indicators[:20]}})
    path = tmp_path / "LKE_Banyuwangi_2024_sebagian.xlsx"
    path.write_bytes(buffer.getvalue())
    with streamlit_server(url, TERA_DEMO="1") as base:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        try:
            upload(page, base, [str(path)], "Dampak bila dimuat", timeout=120_000)
            effect = page.locator(".tera-text-table").last.inner_text()
            assert "Banyuwangi" in effect and "jawaban hilang" in effect and "→" in effect
            assert "sudah dipublikasikan" in page.locator('[data-testid="stMain"]').inner_text()
            button = page.get_by_role("button", name="Muat 1 berkas")
            assert button.is_disabled(), "a load that drops answers of a published year waits for confirmation"
            full_shot(page, "unggah-dampak-sebelum-konfirmasi")
            assert len(load_all_submissions(engine, 2024, current_only=False)) == len(load_all_submissions(engine, 2024))
            page.get_by_text("Saya sudah memeriksa dampaknya", exact=False).first.click()
            settle(page)
            button.click()
            page.get_by_text("Dimuat: 1 berkas", exact=False).first.wait_for(timeout=60_000)
            settle(page)
            assert not load_all_final_levels(engine, 2024, framework=fw.code).equals(before)
            page.get_by_role("button", name="Batalkan pemuatan ini").click()
            page.get_by_text("Pemuatan dibatalkan", exact=False).first.wait_for(timeout=60_000)
            settle(page)
            full_shot(page, "unggah-dibatalkan")
            key = ["agency_code", "code"]
            after = load_all_final_levels(engine, 2024, framework=fw.code)
            assert after.sort_values(key).reset_index(drop=True).equals(before.sort_values(key).reset_index(drop=True))
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            page.close()
