"""The static site's page logic: safe file names, ranking order, public trend of one agency."""

from __future__ import annotations

import pytest

from dashboard.logic import situs

NAMES = [
    ("35.10", "35.10.html"),
    ("K-KEMENKEU", "K-KEMENKEU.html"),
    ("../../etc/passwd", "_.._etc_passwd.html"),
    ("a/b\\c", "a_b_c.html"),
    ("..", "_.html"),
    ("<x>", "_x_.html"),
]


@pytest.mark.parametrize(("code", "name"), NAMES)
def test_page_name_never_leaves_its_folder(code, name):
    assert situs.page_name(code) == name


def test_ranked_rows_and_trend(history, fw):
    year = int(history["year"].max())
    rows = situs.ranked_rows(history, year)
    ranked = rows["rank"].dropna()
    assert ranked.is_monotonic_increasing and rows["rank"].isna().sum() == (~rows["submitted"]).sum()
    trend = situs.agency_trend(history, "35.10", year)
    assert [p["year"] for p in trend] == sorted(p["year"] for p in trend)
    assert all(p["year"] <= year for p in trend)
    levels = situs.level_rows(history.iloc[0:0].assign(kind=[], value=[], code=[]), "35.10", fw, "en")
    assert len(levels) == len(fw.leaves) and all(level["level"] is None for level in levels)
