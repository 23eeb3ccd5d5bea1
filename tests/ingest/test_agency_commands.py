"""The functions behind the CLI's `agencies` commands, on both store backends."""

from __future__ import annotations

import pytest

from ingest.agency_commands import add_alias, find_agencies, list_agencies, match_in_store
from ingest.errors import AliasError, RegistryError, UnknownAgencyError
from ingest.queries import load_user_aliases


def test_add_alias_makes_a_name_resolve(store_engine):
    assert not match_in_store(store_engine, "Pemda Bumi Blambangan").ok
    saved = add_alias(store_engine, "Pemda Bumi Blambangan", "3510")
    assert saved["agency_code"] == "35.10" and saved["previous_code"] is None
    match = match_in_store(store_engine, "pemda bumi  blambangan")
    assert match.status == "alias" and match.code == "35.10"


def test_add_alias_repoints_an_existing_alias(store_engine):
    add_alias(store_engine, "Bogor Raya", "32.01")
    saved = add_alias(store_engine, "Bogor Raya", "32.71")
    assert saved["previous_code"] == "32.01"
    assert set(load_user_aliases(store_engine).values()) == {"32.71"}


def test_add_alias_rejects_unknown_codes_and_empty_names(store_engine):
    with pytest.raises(UnknownAgencyError):
        add_alias(store_engine, "Somewhere", "99.99")
    with pytest.raises(AliasError):
        add_alias(store_engine, " ... ", "32.01")


def test_list_agencies_by_type(store_engine):
    assert len(list_agencies(store_engine, "provinsi")) == 38
    assert len(list_agencies(store_engine)) > 38 + 416 + 98
    with pytest.raises(RegistryError):
        list_agencies(store_engine, "dinas")


def test_find_agencies_returns_ranked_candidates(store_engine):
    found = find_agencies(store_engine, "kominfo")
    assert found[0]["code"] == "K-KOMINFO"
    assert {f["code"] for f in find_agencies(store_engine, "Bogor")[:2]} == {"32.01", "32.71"}
