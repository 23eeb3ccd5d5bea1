"""Unggah logic: problem frames and labels (the dry run and load themselves: tests/dashboard/state/test_uploads.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.logic import kualitas_data
from dashboard.render.export import neutralize_frame


@pytest.fixture(scope="module")
def engine(dashboard_store):
    from ingest.store import get_engine

    return get_engine(dashboard_store)


def test_problem_export_is_formula_safe():
    frame = pd.DataFrame({"value": ["=HYPERLINK(1)", "3"], "n": [1, np.nan]})
    assert neutralize_frame(frame)["value"].iloc[0].startswith("'=")


def test_every_problem_type_has_a_label_in_both_languages():
    from i18n import catalogue
    from ingest.readers.messages import problem_types

    for lang in ("id", "en"):
        assert {f"problem.{slug}.{part}" for slug in problem_types() for part in ("severity", "title", "message")} \
            <= set(catalogue(lang))
    assert kualitas_data.problem_label("below-scale").endswith("(below-scale)")
