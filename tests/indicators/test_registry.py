"""Frameworks are found by code and by year; two covering one year never break each other."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from indicators import (
    FRAMEWORK_DIR,
    FrameworkError,
    default_framework_code,
    framework_by_code,
    framework_for_year,
    frameworks_for_year,
    read_framework_defaults,
)
from tests.support.frameworks import FRAMEWORK_DATA


@pytest.fixture
def two_for_2022(tmp_path):
    """A framework folder where SPBE (2021-) and the continuous test framework (2022-2025) both cover 2022."""
    folder = tmp_path / "frameworks"
    folder.mkdir()
    shutil.copy(FRAMEWORK_DIR / "spbe-2020.yaml", folder)
    shutil.copy(FRAMEWORK_DATA / "continuous-groups.yaml", folder)
    return folder


def test_both_are_listed_and_neither_is_chosen_silently(two_for_2022):
    assert [fw.code for fw in frameworks_for_year(2022, two_for_2022)] == ["spbe-2020", "continuous-groups"]
    settings = two_for_2022 / "none.yaml"
    # 2021: only SPBE covers it; 2022: two do and the settings file names neither, so the message lists both.
    assert default_framework_code(2021, two_for_2022, settings) == "spbe-2020"
    with pytest.raises(FrameworkError, match="2 frameworks cover the year 2022.*spbe-2020 .*; continuous-groups "):
        framework_for_year(2022, two_for_2022, settings)
    with pytest.raises(FrameworkError, match="files without a year"):
        default_framework_code(None, two_for_2022, settings)


def test_the_settings_file_chooses_per_year(two_for_2022):
    settings = two_for_2022.parent / "settings.yaml"
    settings.write_text("frameworks:\n  default: spbe-2020\n  years:\n    2023: continuous-groups\n", encoding="utf-8")
    assert framework_for_year(2023, two_for_2022, settings).code == "continuous-groups"
    assert default_framework_code(None, two_for_2022, settings) == "spbe-2020"
    # Years the file does not name are not given the overall default: 2022 has two candidates.
    with pytest.raises(FrameworkError, match="names none for it"):
        framework_for_year(2022, two_for_2022, settings)


def test_lookup_by_code(two_for_2022):
    assert framework_by_code("continuous-groups", two_for_2022).depth == 3
    with pytest.raises(FrameworkError, match="no framework 'nope'.*known: continuous-groups, spbe-2020"):
        framework_by_code("nope", two_for_2022)
    with pytest.raises(FrameworkError, match="no framework covers the year 2019"):
        framework_for_year(2019, two_for_2022, two_for_2022 / "none.yaml")


# One row per bad settings file: its text and what the message must name.
BAD_SETTINGS = [
    ("frameworks: [spbe-2020]\n", "'frameworks' needs"),
    ("frameworks:\n  years: [2023]\n", "'frameworks' needs"),
    ("frameworks:\n  years:\n    dua-ribu: spbe-2020\n", "years › 'dua-ribu'"),
    ("frameworks:\n  years:\n    2023: ''\n", "years › 2023"),
    ("frameworks:\n  default: 5\n", "frameworks › default"),
    ("frameworks: {default: [\n", "cannot read the settings file"),
]


@pytest.mark.parametrize(("text", "message"), BAD_SETTINGS, ids=[m for _, m in BAD_SETTINGS])
def test_a_bad_settings_file_names_its_entry(tmp_path, text, message):
    settings = tmp_path / "settings.yaml"
    settings.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError, match=re.escape(message)):
        read_framework_defaults(settings)


def test_an_edited_settings_file_counts_without_a_restart(two_for_2022):
    settings = two_for_2022.parent / "settings.yaml"
    settings.write_text("frameworks:\n  years:\n    2023: continuous-groups\n", encoding="utf-8")
    assert default_framework_code(2023, two_for_2022, settings) == "continuous-groups"
    settings.write_text("frameworks:\n  years:\n    2023: spbe-2020\n", encoding="utf-8")
    os.utime(settings, ns=(settings.stat().st_atime_ns, settings.stat().st_mtime_ns + 1_000_000))
    assert default_framework_code(2023, two_for_2022, settings) == "spbe-2020"
