"""Numbers on screen: Indonesian separators and index text that never suggests the wrong rating."""

from __future__ import annotations

import math

from dashboard.logic.formatting import fmt_index, fmt_number, fmt_signed, index_decimals
from indicators import load_framework

FW = load_framework("spbe-2020")


def test_indonesian_and_english_separators():
    assert fmt_number(2.789, 2, "id") == "2,79"
    assert fmt_number(1234, 0, "id") == "1.234"
    assert fmt_number(1234.5, 1, "en") == "1,234.5"
    assert fmt_number(float("nan"), 2, "id") == "–"
    assert fmt_number(None, 2, "id") == "–"


def test_signed_change():
    assert fmt_signed(0.123, 2, "id") == "+0,12"
    assert fmt_signed(-0.05, 2, "id") == "−0,05"
    assert fmt_signed(0.001, 2, "id") == "0,00"


def test_band_edge_shows_three_decimals_when_rounding_would_mislead():
    # 2024 rates the unrounded index: 3.499 is Baik, so "3,50" would look like Sangat Baik.
    assert FW.rating_for(3.499, 2024).slug == "baik"
    assert index_decimals(3.499, 2024, FW) == 3
    assert fmt_index(3.499, 2024, FW, "id") == "3,499"
    assert fmt_index(3.4996, 2024, FW, "id") == "3,499"
    assert fmt_index(1.7985, 2024, FW, "id") == "1,798"


def test_rounded_basis_year_keeps_two_decimals():
    # 2023 rates the rounded index: 1.7985 shows as 1,80 and is rated Cukup, which matches.
    assert FW.rating_for(1.7985, 2023).slug == "cukup"
    assert fmt_index(1.7985, 2023, FW, "id") == "1,80"
    assert fmt_index(3.12, 2024, FW, "en") == "3.12"
    assert fmt_index(math.nan, 2024, FW) == "–"
