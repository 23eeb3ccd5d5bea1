"""Session tokens (the sign-in cookie) and the account re-check: signed, expiring, bound to the account as it is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ingest.access import add_user, disable_user, set_password
from ingest.access.sessions import (
    account_stamp,
    compute_session_token,
    idle_minutes,
    load_account,
    load_session_viewer,
    read_session_token,
    refresh_viewer,
)
from ingest.access.viewer import Viewer
from ingest.store.schema import users

WHO = {"actor": "tester", "source": "test"}
SECRET = b"s" * 32
NOW = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)


def _token(email="a@b.go.id", stamp="2026-12-05T07:00:00", when=NOW, secret=SECRET) -> str:
    return compute_session_token(email, stamp, when, secret)


def test_a_token_reads_back_within_the_idle_time():
    claim = read_session_token(_token(), SECRET, NOW + timedelta(minutes=59), 60)
    assert claim is not None and claim.email == "a@b.go.id" and claim.stamp == "2026-12-05T07:00:00"
    assert ";" not in _token() and "," not in _token() and " " not in _token()


@pytest.mark.parametrize("token, now", [
    (_token(), NOW + timedelta(minutes=60)),  # idle too long
    (_token(), NOW - timedelta(minutes=1)),  # issued in the future
    (_token(secret=b"other"), NOW),  # signed with another secret
    (_token().replace("YUBiLmdvLmlk", "ZUBiLmdvLmlk"), NOW),  # another e-mail, same signature
    (_token()[:-2], NOW), ("", NOW), (None, NOW), ("a|b|c", NOW), ("|||", NOW), ("x|y|z|w", NOW),
])
def test_bad_expired_or_forged_tokens_sign_nobody_in(token, now):
    assert read_session_token(token, SECRET, now, 60) is None


def test_idle_minutes_from_environment(monkeypatch):
    monkeypatch.setenv("TERA_SESSION_IDLE_MINUTES", "15")
    assert idle_minutes() == 15
    monkeypatch.setenv("TERA_SESSION_IDLE_MINUTES", "-3")
    assert idle_minutes() == 60


def test_a_changed_disabled_or_deleted_account_ends_its_sessions(store_engine):
    add_user(store_engine, "a@b.go.id", "agency", ["35.10"], **WHO)
    row = load_account(store_engine, "a@b.go.id")
    claim = read_session_token(_token(stamp=account_stamp(row), when=datetime.now(UTC)), SECRET, datetime.now(UTC), 60)
    assert load_session_viewer(store_engine, claim).agency_codes == frozenset({"35.10"})
    viewer = refresh_viewer(store_engine, Viewer(role="evaluator", email="a@b.go.id"))
    assert viewer.role == "agency"  # the session's copy follows the account, never the other way round
    set_password(store_engine, "a@b.go.id", "kata-sandi-baru", **WHO)  # a new password: old cookies stop
    assert load_session_viewer(store_engine, claim) is None
    disable_user(store_engine, "a@b.go.id", **WHO)
    assert refresh_viewer(store_engine, viewer) is None
    with store_engine.begin() as conn:
        conn.execute(users.delete())
    assert refresh_viewer(store_engine, viewer) is None and load_account(store_engine, "a@b.go.id") is None
