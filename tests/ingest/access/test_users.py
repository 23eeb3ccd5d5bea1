"""Accounts, passwords, lock-out, publication settings and the append-only audit log (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError

from ingest.access import (
    EVALUATOR_VIEWER,
    PUBLIC_VIEWER,
    LockoutPolicy,
    Viewer,
    add_user,
    disable_user,
    list_users,
    load_audit,
    load_published,
    save_publication,
    set_password,
    sign_in,
    viewer_for_identity,
)
from ingest.access.passwords import check_password, compute_password_hash
from ingest.cli import main
from ingest.errors import AccessDenied, SignInError, UserError
from ingest.store.schema import audit_log, users

WHO = {"actor": "tester", "source": "test"}


def _actions(engine) -> list[str]:
    return list(load_audit(engine, EVALUATOR_VIEWER)["action"])[::-1]


def test_password_hash_is_argon2id_salted_and_verifies():
    first, second = compute_password_hash("kata-sandi-1"), compute_password_hash("kata-sandi-1")
    assert first.startswith("$argon2id$") and first != second and "kata-sandi-1" not in first
    assert check_password(first, "kata-sandi-1") and not check_password(first, "kata-sandi-2")
    assert not check_password(None, "x") and not check_password("not a hash", "x")


def test_add_user_sign_in_and_audit(store_engine):
    add_user(store_engine, " Bupati@Banyuwangikab.go.id ", "agency", ["35.10"], **WHO)
    set_password(store_engine, "bupati@banyuwangikab.go.id", "rahasia-123", **WHO)
    viewer = sign_in(store_engine, "BUPATI@banyuwangikab.go.id", "rahasia-123", source="test form")
    assert viewer == Viewer(role="agency", agency_codes=frozenset({"35.10"}), email="bupati@banyuwangikab.go.id")
    assert viewer.sees_detail("35.10") and not viewer.sees_detail("35.77")
    [row] = list_users(store_engine)
    assert row["has_password"] and "password_hash" not in row
    log = load_audit(store_engine, EVALUATOR_VIEWER)
    assert list(log["action"])[::-1] == ["user-add", "user-password", "sign-in"]
    assert "rahasia" not in log.to_csv()  # the password never reaches the log
    assert log.iloc[0]["source"] == "test form" and log.iloc[0]["actor"] == "bupati@banyuwangikab.go.id"


@pytest.mark.parametrize("email, role, codes, message", [
    ("not-an-email", "agency", ["35.10"], "not an e-mail"),
    ("a@b.go.id", "agency", [], "at least one"),
    ("a@b.go.id", "evaluator", ["35.10"], "give no --agency"),
    ("a@b.go.id", "admin", [], "not one of"),
    ("a@b.go.id", "agency", ["99.99"], "unknown agency"),
])
def test_bad_users_are_refused(store_engine, email, role, codes, message):
    with pytest.raises(UserError, match=message):
        add_user(store_engine, email, role, codes, **WHO)
    assert list_users(store_engine) == []


def test_duplicate_user_and_short_password_are_refused(store_engine):
    add_user(store_engine, "a@b.go.id", "evaluator", **WHO)
    with pytest.raises(UserError, match="already exists"):
        add_user(store_engine, "A@B.go.id", "evaluator", **WHO)
    with pytest.raises(UserError, match="at least 8"):
        set_password(store_engine, "a@b.go.id", "short", **WHO)
    with pytest.raises(UserError, match="no user"):
        disable_user(store_engine, "nobody@b.go.id", **WHO)


def test_lock_out_after_repeated_failures_then_expiry(store_engine):
    add_user(store_engine, "a@b.go.id", "evaluator", **WHO)
    set_password(store_engine, "a@b.go.id", "benar-sekali", **WHO)
    policy = LockoutPolicy(attempts=3, minutes=10)
    start = datetime.now(UTC)
    for _ in range(3):
        with pytest.raises(SignInError):
            sign_in(store_engine, "a@b.go.id", "salah-sekali", source="test", policy=policy, now=start)
    with pytest.raises(SignInError):  # locked: the right password fails too
        sign_in(store_engine, "a@b.go.id", "benar-sekali", source="test", policy=policy, now=start + timedelta(minutes=9))
    assert list_users(store_engine)[0]["locked_until"] > start
    viewer = sign_in(store_engine, "a@b.go.id", "benar-sekali", source="test", policy=policy,
                     now=start + timedelta(minutes=11))
    assert viewer.is_evaluator
    log = load_audit(store_engine, EVALUATOR_VIEWER)
    failed = log[log["action"] == "sign-in-failed"]
    assert [d["reason"] for d in failed["detail"]][::-1] == ["password", "password", "password", "locked"]
    assert "locked_until" in failed.iloc[1]["detail"]  # the third failure locked the account
    assert log.iloc[0]["action"] == "sign-in"


def test_lock_out_policy_from_environment(monkeypatch):
    monkeypatch.setenv("TERA_LOCKOUT_ATTEMPTS", "7")
    monkeypatch.setenv("TERA_LOCKOUT_MINUTES", "nonsense")
    assert LockoutPolicy.from_env() == LockoutPolicy(attempts=7, minutes=15)


@pytest.mark.parametrize("case", ["unknown", "disabled", "no-password"])
def test_sign_in_failures_share_one_message_and_are_audited(store_engine, case):
    add_user(store_engine, "a@b.go.id", "evaluator", **WHO)
    if case != "no-password":
        set_password(store_engine, "a@b.go.id", "benar-sekali", **WHO)
    if case == "disabled":
        disable_user(store_engine, "a@b.go.id", **WHO)
    email = "x@b.go.id" if case == "unknown" else "a@b.go.id"
    with pytest.raises(SignInError) as caught:
        sign_in(store_engine, email, "benar-sekali", source="test")
    assert "wrong" in str(caught.value)
    assert _actions(store_engine)[-1] == "sign-in-failed"


def test_identity_provider_people_get_role_from_the_user_table(store_engine):
    add_user(store_engine, "kepala@jatimprov.go.id", "agency", ["35", "35.10"], subject="sub-123", **WHO)
    add_user(store_engine, "staf@jatimprov.go.id", "agency", ["35"], **WHO)
    by_subject = viewer_for_identity(store_engine, "other@mail.id", "sub-123")
    by_email = viewer_for_identity(store_engine, "Staf@JatimProv.go.id", "sub-new", email_verified=True)
    assert by_subject.agency_codes == frozenset({"35", "35.10"}) and by_email.agency_codes == frozenset({"35"})
    stranger = viewer_for_identity(store_engine, "stranger@mail.id", "sub-9")
    assert stranger.role == "public" and stranger.signed_in
    disable_user(store_engine, "kepala@jatimprov.go.id", **WHO)
    assert viewer_for_identity(store_engine, "kepala@jatimprov.go.id", "sub-123").role == "public"
    assert viewer_for_identity(store_engine, None) == PUBLIC_VIEWER


@pytest.mark.parametrize("email, subject, verified, role", [
    ("kepala@jatimprov.go.id", "sub-attacker", True, "public"),  # the row is bound to sub-123: e-mail is not enough
    ("kepala@jatimprov.go.id", "sub-123", False, "agency"),
    ("staf@jatimprov.go.id", "sub-x", False, "public"),  # an unverified e-mail never matches
    ("staf@jatimprov.go.id", "sub-x", True, "agency"),
    ("staf@jatimprov.go.id", None, True, "agency"),
])
def test_identity_provider_subject_binding_and_verified_email(store_engine, email, subject, verified, role):
    add_user(store_engine, "kepala@jatimprov.go.id", "agency", ["35"], subject="sub-123", **WHO)
    add_user(store_engine, "staf@jatimprov.go.id", "agency", ["35"], **WHO)
    assert viewer_for_identity(store_engine, email, subject, email_verified=verified).role == role


def test_publication_is_an_audited_evaluator_setting(store_engine):
    with pytest.raises(AccessDenied):
        save_publication(store_engine, Viewer(role="agency", agency_codes=frozenset({"35.10"})), 2024, "spbe-2020",
                         True, **WHO)
    save_publication(store_engine, EVALUATOR_VIEWER, 2024, "spbe-2020", True, **WHO)
    save_publication(store_engine, EVALUATOR_VIEWER, 2023, "spbe-2020", True, **WHO)
    save_publication(store_engine, None, 2023, "spbe-2020", False, **WHO)
    assert load_published(store_engine) == frozenset({(2024, "spbe-2020")})
    log = load_audit(store_engine, EVALUATOR_VIEWER, action="publication")
    assert log.iloc[0]["detail"] == {"year": 2023, "framework": "spbe-2020", "published": False, "was": True}


def test_audit_log_is_append_only_in_the_database(store_engine):
    add_user(store_engine, "a@b.go.id", "evaluator", **WHO)
    for statement in (update(audit_log).values(actor="someone else"), delete(audit_log)):
        with pytest.raises(DBAPIError, match="append-only"), store_engine.begin() as conn:
            conn.execute(statement)
    if store_engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), store_engine.begin() as conn:
            conn.execute(text("TRUNCATE audit_log"))
    assert list(load_audit(store_engine, EVALUATOR_VIEWER)["actor"]) == ["tester"]
    with store_engine.begin() as conn:  # other tables stay editable
        conn.execute(update(users).values(disabled=True))


@pytest.mark.parametrize("viewer", [PUBLIC_VIEWER, Viewer(role="agency", agency_codes=frozenset({"35.10"}))])
def test_only_evaluators_read_the_audit_log(store_engine, viewer):
    with pytest.raises(AccessDenied):
        load_audit(store_engine, viewer)


def test_cli_users_password_from_stdin_and_audit(store_url, monkeypatch, capsys):
    monkeypatch.setenv("TERA_ACTOR", "admin@kemenpan.go.id")
    assert main(["users", "add", "a@b.go.id", "--role", "agency", "--agency", "35.10", "--agency", "35",
                 "--db", store_url]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-sekali\n"))
    assert main(["users", "password", "a@b.go.id", "--db", store_url]) == 0
    assert main(["users", "list", "--db", store_url]) == 0
    assert "a@b.go.id" in capsys.readouterr().out
    assert main(["publication", "publish", "--year", "2024", "--db", store_url]) == 0
    assert main(["users", "disable", "a@b.go.id", "--db", store_url]) == 0
    assert main(["users", "add", "bad", "--role", "agency", "--agency", "35", "--db", store_url]) == 1
    assert main(["audit", "--db", store_url]) == 0
    out = capsys.readouterr().out
    for action in ("user-add", "user-password", "publication", "user-disable"):
        assert action in out
    assert "rahasia" not in out and "admin@kemenpan.go.id" in out
    with pytest.raises(SystemExit):  # a password is never an argument
        main(["users", "password", "a@b.go.id", "rahasia-sekali", "--db", store_url])


def test_cli_loads_rejections_aliases_and_sample_clearing_are_audited(store_url, tmp_path, monkeypatch,
                                                                      template_bytes, broken_workbook):
    monkeypatch.setenv("TERA_ACTOR", "loader@kemenpan.go.id")
    (tmp_path / "good.xlsx").write_bytes(template_bytes)
    (tmp_path / "bad.xlsx").write_bytes(broken_workbook)
    assert main(["load", str(tmp_path / "good.xlsx"), str(tmp_path / "bad.xlsx"), "--db", store_url]) == 1
    assert main(["load", str(tmp_path / "good.xlsx"), "--dry-run", "--db", store_url]) == 0  # changes nothing
    assert main(["agencies", "alias", "Pemkab Bogor Raya", "32.01", "--db", store_url]) == 0
    assert main(["clear-sample", "--yes", "--db", store_url]) == 0
    from ingest.store import get_engine

    log = load_audit(get_engine(store_url), EVALUATOR_VIEWER)
    assert sorted(log["action"]) == sorted(["load", "reject", "framework", "alias", "sample-clear"])
    entries = {row.action: row for row in log.itertuples()}
    assert entries["load"].detail["file"] == "good.xlsx" and entries["load"].detail["submissions"] >= 1
    assert entries["reject"].detail["file"] == "bad.xlsx" and entries["reject"].detail["errors"] == 2
    assert entries["alias"].detail == {"alias": "Pemkab Bogor Raya", "agency": "32.01", "previous": None}
    assert set(log["actor"]) == {"loader@kemenpan.go.id"} and entries["load"].source == "cli: ingest load"
