"""Sign-in in Debian chromium: a local account and OpenID Connect against a real provider on loopback.

The provider is `oidc-provider-mock` (a real OpenID Connect server) in a thread of this process;
Streamlit's own `st.login` talks to it through `.streamlit`-style secrets given with `--secrets.files`.
"""

from __future__ import annotations

import os

import pytest

from tests.support.browser import BROWSER_MARKS, free_port, full_shot, settle, streamlit_server
from tests.support.stores import ACCESS_AGENCY, ACCESS_PASSWORD, make_access_store, save_lower_madiun_2023

pytestmark = BROWSER_MARKS
NOTE = "Bukti_I1.pdf"  # evidence of the seeded agencies: only inside a viewer's detail


@pytest.fixture(scope="module")
def store(dashboard_store, tmp_path_factory) -> str:
    return make_access_store(dashboard_store, tmp_path_factory.mktemp("masuk-store") / "tera.db")


def _open(page, url: str, text: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text(text, exact=False).first.wait_for(timeout=60_000)
    settle(page)


def _sidebar(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def test_local_account_sign_in_survives_page_changes(store, browser):
    with streamlit_server(store) as base:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        try:
            # Signed out, a deep link to an agency's detail shows the public part and a prompt, not an error.
            _open(page, f"{base}/instansi?kode=35.10&tahun=2023", "Kabupaten Banyuwangi")
            assert page.get_by_text("Masuk untuk melihat", exact=False).count() >= 1
            assert page.get_by_text(NOTE).count() == 0
            full_shot(page, "akses-publik-instansi")
            _open(page, f"{base}/masuk", "Masuk ke Tera")
            page.get_by_label("Email").fill(ACCESS_AGENCY)
            page.get_by_label("Kata sandi").fill("salah-sekali")
            page.get_by_role("button", name="Masuk", exact=True).click()
            page.get_by_text("Email atau kata sandi salah", exact=False).first.wait_for(timeout=30_000)
            page.get_by_label("Email").fill(ACCESS_AGENCY)
            page.get_by_label("Kata sandi").fill(ACCESS_PASSWORD)
            page.get_by_role("button", name="Masuk", exact=True).click()
            page.get_by_text(f"Masuk sebagai {ACCESS_AGENCY}", exact=False).first.wait_for(timeout=30_000)
            settle(page)
            # An agency user lands on their own profile; then changes page inside the app: still signed in.
            page.get_by_text("Kabupaten Banyuwangi", exact=False).first.wait_for(timeout=30_000)
            assert "kode=35.10" in page.url and ACCESS_AGENCY in _sidebar(page)
            page.locator('[data-testid="stSidebarNav"]').get_by_text("Peringkat").click()
            page.get_by_text("Peringkat", exact=False).first.wait_for(timeout=30_000)
            settle(page)
            assert ACCESS_AGENCY in _sidebar(page) and "Keluar" in _sidebar(page)
            full_shot(page, "akses-masuk-lokal")
            page.get_by_role("button", name="Keluar").click()
            page.get_by_text(f"Masuk sebagai {ACCESS_AGENCY}", exact=False).first.wait_for(state="detached",
                                                                                          timeout=30_000)
            assert ACCESS_AGENCY not in _sidebar(page)
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            page.close()


def test_a_reload_keeps_the_session_and_keluar_ends_it(store, browser):
    with streamlit_server(store) as base:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        try:
            _open(page, f"{base}/masuk", "Masuk ke Tera")
            page.get_by_label("Email").fill(ACCESS_AGENCY)
            page.get_by_label("Kata sandi").fill(ACCESS_PASSWORD)
            page.get_by_role("button", name="Masuk", exact=True).click()
            page.get_by_text(f"Masuk sebagai {ACCESS_AGENCY}", exact=False).first.wait_for(timeout=30_000)
            assert "kode=35.10" in page.url  # an agency user lands on their own profile
            settle(page)
            cookie = next(c for c in page.context.cookies() if c["name"] == "tera_session")
            assert cookie["sameSite"] == "Strict" and cookie["secure"]
            # A reload and a typed link open new Streamlit sessions: the signed cookie carries the person over.
            page.reload(wait_until="domcontentloaded")
            page.get_by_text(f"Masuk sebagai {ACCESS_AGENCY}", exact=False).first.wait_for(timeout=60_000)
            _open(page, f"{base}/instansi?kode=35.10&tahun=2024", "Kabupaten Banyuwangi")
            assert ACCESS_AGENCY in _sidebar(page) and page.get_by_text("Masuk untuk melihat", exact=False).count() == 0
            page.get_by_role("button", name="Keluar").click()
            page.get_by_text(f"Masuk sebagai {ACCESS_AGENCY}", exact=False).first.wait_for(state="detached",
                                                                                          timeout=30_000)
            settle(page)
            page.reload(wait_until="domcontentloaded")
            page.get_by_text("Kabupaten Banyuwangi", exact=False).first.wait_for(timeout=60_000)
            settle(page)
            assert ACCESS_AGENCY not in _sidebar(page)
            assert not [c for c in page.context.cookies() if c["name"] == "tera_session" and c["value"]]
        finally:
            page.close()


def test_openid_connect_sign_in_against_a_real_provider(store, browser, tmp_path, monkeypatch):
    provider_module = pytest.importorskip("oidc_provider_mock")
    from oidc_provider_mock._storage import User

    # The provider runs on plain HTTP on loopback; Authlib refuses that unless told it is a test.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    person = User(sub="bwi-0001", claims={"email": ACCESS_AGENCY, "email_verified": True, "name": "Kepala Dinas Kominfo"})
    with provider_module.run_server_in_thread(user_claims=[person]) as provider:
        port = free_port()
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            f'cookie_secret = "{os.urandom(24).hex()}"\n'
            'client_id = "tera-test"\n'
            'client_secret = "tera-test-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8")
        with streamlit_server(store, args=("--secrets.files", str(secrets)), port=port,
                              AUTHLIB_INSECURE_TRANSPORT="1") as _:
            base = f"http://localhost:{port}"  # the redirect URI's host: the identity cookie is set there
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            try:
                _open(page, f"{base}/masuk", "Masuk dengan penyedia identitas")
                page.get_by_role("button", name="Masuk dengan penyedia identitas").click()
                page.get_by_text("Authorize Client", exact=False).first.wait_for(timeout=30_000)
                page.get_by_role("button", name="bwi-0001").click()
                page.get_by_text(f"Masuk sebagai {ACCESS_AGENCY}", exact=False).first.wait_for(timeout=60_000)
                settle(page)
                # Role and agencies come from Tera's table: the agency's own unpublished detail is visible...
                _open(page, f"{base}/instansi?kode=35.10&tahun=2024", "Kabupaten Banyuwangi")
                assert page.get_by_text("Masuk untuk melihat", exact=False).count() == 0
                assert ACCESS_AGENCY in _sidebar(page)
                full_shot(page, "akses-masuk-oidc-instansi")
                # ...another agency's unpublished year is not, even by a hand-made URL.
                _open(page, f"{base}/instansi?kode=35.77&tahun=2024", "belum dipublikasikan")
                assert page.get_by_text("Kota Madiun").count() == 0
                assert page.locator('[data-testid="stException"]').count() == 0
            finally:
                page.close()
    from ingest.access import EVALUATOR_VIEWER, load_audit
    from ingest.store import get_engine

    log = load_audit(get_engine(store), EVALUATOR_VIEWER, action="sign-in")
    assert any(d.get("method") == "oidc" and d.get("subject") == "bwi-0001" for d in log["detail"])


def test_a_published_page_is_unchanged_by_a_later_load_until_republished(dashboard_store, tmp_path, browser):
    from ingest.access import EVALUATOR_VIEWER, save_republication
    from ingest.store import get_engine

    url = make_access_store(dashboard_store, tmp_path / "tera.db")
    link = "/instansi?kode=35.77&tahun=2023"

    def index_text(page) -> str:
        return page.locator('[data-testid="stMetric"]').first.inner_text()

    with streamlit_server(url) as base:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        try:
            _open(page, base + link, "Hasil yang dipublikasikan pada")
            before = index_text(page)
            engine = get_engine(url)
            save_lower_madiun_2023(engine)
            page.wait_for_timeout(31_000)  # past the 30 s cache of the data stamp: the page reads the store again
            _open(page, base + link, "Hasil yang dipublikasikan pada")
            assert index_text(page) == before
            save_republication(engine, EVALUATOR_VIEWER, 2023, "spbe-2020", actor="t", source="test")
            page.wait_for_timeout(31_000)  # the publication state is cached for 30 s
            _open(page, base + link, "Hasil yang dipublikasikan pada")
            assert index_text(page) != before
            full_shot(page, "akses-snapshot-sesudah-publikasi-ulang")
        finally:
            page.close()
