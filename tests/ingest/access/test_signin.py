"""Sign-in that resists guessing: atomic lock-out under concurrent attempts, equal work for every refusal,
a throttle per address and overall, and no password in the audit log (SQLite and PostgreSQL)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ingest.access import (
    EVALUATOR_VIEWER,
    LockoutPolicy,
    add_user,
    disable_user,
    list_users,
    load_audit,
    set_password,
    sign_in,
)
from ingest.access.throttle import Throttle
from ingest.errors import SignInError, SignInThrottled

WHO = {"actor": "tester", "source": "test"}
EMAIL, RIGHT = "a@b.go.id", "benar-sekali"


@pytest.fixture
def account(store_engine):
    add_user(store_engine, EMAIL, "evaluator", **WHO)
    set_password(store_engine, EMAIL, RIGHT, **WHO)
    return store_engine


def _try(engine, email, password, **kwargs) -> str:
    try:
        sign_in(engine, email, password, source="test", policy=LockoutPolicy(attempts=5, minutes=15), **kwargs)
        return "ok"
    except SignInError:
        return "refused"


def test_sixteen_concurrent_wrong_passwords_lock_the_account(account):
    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(lambda i: _try(account, EMAIL, f"salah-{i:04d}"), range(16)))
    assert outcomes == ["refused"] * 16
    assert list_users(account)[0]["locked_until"] is not None
    log = load_audit(account, EVALUATOR_VIEWER, action="sign-in-failed")
    reasons = [d["reason"] for d in log["detail"]]
    # Only the attempts counted before the lock had their password checked; the rest met the lock.
    assert reasons.count("password") == 5 and reasons.count("locked") == 11
    assert _try(account, EMAIL, RIGHT) == "refused"


def _median_seconds(engine, email: str, runs: int = 5) -> float:
    times = []
    for i in range(runs):
        start = time.perf_counter()
        _try(engine, email, f"salah-{i}")
        times.append(time.perf_counter() - start)
    return sorted(times)[runs // 2]


def test_unknown_locked_and_disabled_accounts_cost_as_much_as_a_wrong_password(account):
    add_user(account, "off@b.go.id", "evaluator", **WHO)
    set_password(account, "off@b.go.id", RIGHT, **WHO)
    disable_user(account, "off@b.go.id", **WHO)
    for i in range(5):
        _try(account, EMAIL, f"salah-{i}")  # locks EMAIL
    assert list_users(account)[0]["locked_until"] is not None
    add_user(account, "c@b.go.id", "evaluator", **WHO)
    set_password(account, "c@b.go.id", RIGHT, **WHO)
    wrong = _median_seconds(account, "c@b.go.id", runs=3)  # 3 wrong passwords stay under the lock
    for email in ("nobody@b.go.id", EMAIL, "off@b.go.id"):
        assert 1 / 3 < _median_seconds(account, email) / wrong < 3, email


@pytest.mark.parametrize("typed, actor", [
    ("benar-sekali", "(bukan email)"), ("", "(bukan email)"), ("  A@B.go.id ", "a@b.go.id"),
])
def test_the_actor_of_a_failed_sign_in_is_never_a_typed_password(account, typed, actor):
    _try(account, typed, "salah-sekali")
    assert load_audit(account, EVALUATOR_VIEWER, action="sign-in-failed")["actor"].iloc[0] == actor


def test_throttle_per_client_address_and_overall(account):
    throttle = Throttle(per_client=3, overall=4, window=60)
    outcomes = [_try(account, "x@b.go.id", "salah", client="10.0.0.1", throttle=throttle) for _ in range(4)]
    assert outcomes == ["refused"] * 4
    with pytest.raises(SignInThrottled):
        sign_in(account, EMAIL, RIGHT, source="test", client="10.0.0.1", throttle=throttle)
    assert _try(account, EMAIL, RIGHT, client="10.0.0.2", throttle=throttle) == "ok"
    with pytest.raises(SignInThrottled):  # the overall limit holds for a new address too
        sign_in(account, EMAIL, RIGHT, source="test", client="10.0.0.3", throttle=throttle)
    assert Throttle(per_client=1, overall=9, window=60).allow("10.0.0.9", now=0.0)
    late = Throttle(per_client=1, overall=9, window=60)
    assert late.allow("a", now=0.0) and not late.allow("a", now=30.0) and late.allow("a", now=61.0)
