"""Sessions follow the account (AppTest): a disabled, demoted or idle session loses its rights at its next interaction;
a Markdown `kode=` in a deep link shows as text."""

from __future__ import annotations

import time

import pytest

from dashboard.state import identity
from ingest.access import Viewer, disable_user
from tests.support.apptest import open_page
from tests.support.stores import ACCESS_AGENCY, ACCESS_EVALUATOR, make_access_store

AGENCY = Viewer(role="agency", agency_codes=frozenset({"35.10"}), email=ACCESS_AGENCY)
WHO = {"actor": "tester", "source": "test"}


@pytest.fixture
def store(dashboard_store, tmp_path) -> str:
    return make_access_store(dashboard_store, tmp_path / "tera.db")


def _signed_in(at, email: str) -> bool:
    return any(email in str(element.value) for element in at.text)


@pytest.mark.parametrize("change", ["disabled", "demoted"])
def test_a_changed_account_loses_its_rights_at_the_next_interaction(monkeypatch, store, change):
    from sqlalchemy import update

    from ingest.store import get_engine
    from ingest.store.schema import users

    evaluator = Viewer(role="evaluator", email=ACCESS_EVALUATOR)
    at = open_page(monkeypatch, store, viewer=evaluator)
    assert _signed_in(at, ACCESS_EVALUATOR)
    engine = get_engine(store)
    if change == "disabled":
        disable_user(engine, ACCESS_EVALUATOR, **WHO)
    else:
        with engine.begin() as conn:
            conn.execute(update(users).where(users.c.email == ACCESS_EVALUATOR).values(role="agency", agency_codes=["35.77"]))
    at.session_state[identity.CHECKED_KEY] = time.monotonic() - identity.REFRESH_SECONDS  # the next run re-reads
    at.run()
    if change == "disabled":
        assert identity.VIEWER_KEY not in at.session_state and not _signed_in(at, ACCESS_EVALUATOR)
    else:
        viewer = at.session_state[identity.VIEWER_KEY]
        assert viewer.role == "agency" and viewer.agency_codes == frozenset({"35.77"})
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # /akses is gone for this session
        at.switch_page("screens/akses.py")


def test_an_idle_session_ends(monkeypatch, store):
    at = open_page(monkeypatch, store, viewer=AGENCY)
    assert _signed_in(at, ACCESS_AGENCY)
    at.session_state[identity.SEEN_KEY] = time.monotonic() - 61 * 60
    at.run()
    assert identity.VIEWER_KEY not in at.session_state and not _signed_in(at, ACCESS_AGENCY)


def test_a_markdown_kode_in_a_deep_link_is_shown_as_text(monkeypatch, store):
    at = open_page(monkeypatch, store, "instansi", kode="[klik](https://contoh.invalid)", tahun="2023")
    notices = [str(e.value) for e in at.info]
    assert any("\\[klik\\]\\(https" in n for n in notices), notices
    from ingest.access import EVALUATOR_VIEWER, load_audit
    from ingest.store import get_engine

    refused = load_audit(get_engine(store), EVALUATOR_VIEWER, action="access-refused")
    assert refused.iloc[0]["detail"]["kode"] == "[klik](https://contoh.invalid)"[:40]


def test_an_agency_users_overview_is_national_only_when_published(monkeypatch, store):
    from tests.support.apptest import page_texts

    unpublished = page_texts(open_page(monkeypatch, store, viewer=AGENCY, tahun="2024"))
    assert "belum dipublikasikan" in unpublished and "Kabupaten Banyuwangi" in unpublished
    assert "Sepuluh teratas" not in unpublished  # no "national" top ten of the agency's own row
    published = page_texts(open_page(monkeypatch, store, viewer=AGENCY, tahun="2023"))
    assert "Sepuluh teratas" in published and "peringkat nasional" in published
