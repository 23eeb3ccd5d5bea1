"""The one number parser: cells and framework files write numbers the same ways."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from indicators.collect import read_number
from indicators.numbers import parse_number
from ingest.cells import parse_number as cell_number


@pytest.mark.parametrize(("value", "number"), [
    (3.42, 3.42), (3, 3.0), ("3,42", 3.42), (" 3.42 ", 3.42), ("1.234,5", 1234.5), ("12,5", 12.5), ("-0,5", -0.5),
    (".5", 0.5), ("", None), ("-", None), ("n/a", None), (None, None), (True, None), (math.nan, None),
    (math.inf, None), ("3,4,2", None), ("tiga", None), (dt.date(2024, 1, 1), None), ([3], None),
])
def test_every_reader_parses_numbers_alike(value, number):
    assert parse_number(value) == number
    assert read_number(value) == number and cell_number(value) == number
