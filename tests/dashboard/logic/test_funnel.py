"""The one funnel: statuses per agency, counts that add up, reasons in words, code ranges."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.logic import funnel
from dashboard.state import history as history_state
from ingest.store import get_engine
from tests.support.stores import sample_agency


def _rows(*statuses: tuple[str, tuple, tuple]) -> pd.DataFrame:
    return pd.DataFrame([{"agency_code": str(i), "index_status": s, "empty_codes": e, "invalid_codes": v}
                         for i, (s, e, v) in enumerate(statuses)])


def test_funnel_counts_add_up_and_name_each_drop():
    rows = _rows(("scored", (), ()), ("scored", (), ()), ("incomplete", ("I45", "I46", "I47"), ()),
                 ("invalid", (), ("I21",)), ("not_submitted", (), ()))
    found = funnel.compute_funnel(rows)
    assert (found.evaluated, found.took_part, found.complete, found.scored) == (5, 4, 3, 2)
    assert (found.not_submitted, found.incomplete, found.invalid) == (1, 1, 1)
    text = funnel.funnel_text(found, "id")
    assert text == ("5 dievaluasi → 4 mengisi → 3 lengkap → 2 berindeks "
                    "(1 tidak mengisi; 1 ada nilai kosong; 1 ada nilai Tidak Valid)")


@pytest.mark.parametrize(("codes", "expected"), [
    (("I45", "I46", "I47"), "I45–I47"),
    (("I2", "I45", "I46", "I47"), "I2, I45–I47"),
    (("I21",), "I21"),
    (("I9", "I10"), "I9–I10"),
    (("A1", "I1", "I3"), "A1, I1, I3"),
    ((), ""),
])
def test_code_ranges(codes, expected):
    assert funnel.compute_code_ranges(codes) == expected


@pytest.mark.parametrize(("status", "empty", "invalid", "lang", "expected"), [
    ("incomplete", ("I45", "I46", "I47"), (), "id", "indeks tidak dapat dihitung: I45–I47 kosong"),
    ("invalid", (), ("I21",), "id", "indeks tidak dapat dihitung: I21 Tidak Valid"),
    ("not_submitted", (), (), "id", "tidak mengisi"),
    ("scored", (), (), "id", ""),
    ("incomplete", ("I45",), (), "en", "the index cannot be computed: I45 empty"),
])
def test_status_text_says_why(status, empty, invalid, lang, expected):
    row = {"index_status": status, "empty_codes": empty, "invalid_codes": invalid}
    assert funnel.status_text(row, lang) == expected


@pytest.fixture(scope="module")
def sample_2024(sample_store, fw):
    history = history_state.compute_history(get_engine(sample_store), fw)
    return history[history["year"] == 2024].set_index("agency_code")


def test_submitted_without_index_is_not_a_non_submitter(sample_store, sample_2024):
    pidie = sample_2024.loc[sample_agency(sample_store, "empty")]
    serdang = sample_2024.loc[sample_agency(sample_store, "invalid")]
    assert pidie["took_part"] and pidie["index_status"] == "incomplete"
    assert pidie["empty_codes"] == ("I45", "I46", "I47") and pd.isna(pidie["rank"])
    assert serdang["took_part"] and serdang["index_status"] == "invalid" and len(serdang["invalid_codes"]) == 1
    assert not sample_2024.loc[sample_2024["index_status"] == "not_submitted", "took_part"].any()


def test_sample_funnel_reconciles_with_ranks(sample_2024):
    found = funnel.compute_funnel(sample_2024.reset_index())
    assert found.scored == int(sample_2024["rank"].notna().sum()) == int(sample_2024["submitted"].sum())
    assert found.evaluated == found.scored + found.not_submitted + found.incomplete + found.invalid
    assert (found.incomplete, found.invalid) == (1, 1)
