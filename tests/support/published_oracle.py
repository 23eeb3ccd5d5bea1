"""The pandas path the published results kept in the store replace, kept as the tests' oracle.

Before migration 0011 every public read recomputed a published year × framework from every score row of its
publication snapshot (`reads._published_rows`, `queries.compute_final_levels`, `compute_history`); these
functions are that path, unchanged, so the tests can prove the stored rows give the same frames.
`assert_stored_equals_oracle` does the same for the current (not only published) results.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.logic.stored_results import compute_stored_history
from dashboard.state.history import compute_history
from indicators import Framework
from ingest import queries
from ingest.access import Viewer, load_published, reads
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.result_queries import load_stored_final_levels, load_stored_results


def compute_published_final_levels_oracle(engine, framework_code: str) -> pd.DataFrame:
    """Return the final values as published (the former `reads.load_published_final_levels`), recomputed."""
    current = queries.load_all_final_levels(engine, framework=framework_code)
    snapshot = queries.compute_final_levels(reads._published_rows(engine, queries.load_all_scores, None, framework_code))
    unpublished = current[~reads._published_mask(current, load_published(engine))]
    return pd.concat([unpublished, snapshot], ignore_index=True)


def compute_public_final_levels_oracle(engine, viewer: Viewer, year: int | None = None,
                                       framework: str | None = None) -> pd.DataFrame:
    """Return what `reads.load_final_levels` gave a non-evaluator before 0011 (published pairs recomputed)."""
    final = queries.load_all_final_levels(engine, year=year, framework=framework)
    others = queries.compute_final_levels(reads._published_rows(engine, queries.load_all_scores, year, framework))
    others = reads._public_final(others[~reads._detail_mask(others, viewer)])
    return pd.concat([final[reads._detail_mask(final, viewer)], others], ignore_index=True)


def compute_published_history_oracle(engine, framework: Framework,
                                     versions: Mapping[int, Framework] | None = None) -> pd.DataFrame:
    """Return the results as published the way `compute_published_history` computed them before 0011."""
    return compute_history(engine, framework, versions, final=compute_published_final_levels_oracle(engine, framework.code))


def normal_results(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort a results frame's rows and make list-or-tuple cells comparable (two paths may differ only in those)."""
    frame = frame.sort_values(["year", "agency_code"]).reset_index(drop=True)
    for column in ("missing", "empty_codes", "invalid_codes"):
        frame[column] = [tuple(v) if isinstance(v, list | tuple) else None for v in frame[column]]
    return frame


def normal_levels(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort a final-values frame's rows (two paths may order them differently)."""
    keys = ["agency_code", "year", "framework_code", "code"]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def assert_published_equals_oracle(engine, code: str) -> pd.DataFrame:
    """Assert the published results of framework `code` read from the store equal the pandas oracle; return them."""
    from dashboard.state.history import compute_published_history
    from ingest.frameworks.catalog import FrameworkCatalog

    pd.testing.assert_frame_equal(normal_levels(reads.load_published_final_levels(engine, code)),
                                  normal_levels(compute_published_final_levels_oracle(engine, code)), check_dtype=False)
    catalog = FrameworkCatalog.from_store(engine)
    framework = catalog.get(code)
    oracle = normal_results(compute_published_history_oracle(engine, framework, catalog.version_frameworks(code)))
    stored = normal_results(compute_published_history(engine, framework))
    assert list(stored.columns) == list(oracle.columns)
    pd.testing.assert_frame_equal(stored, oracle, check_dtype=False, check_exact=False, rtol=1e-9)
    return stored


def assert_stored_equals_oracle(engine, code: str) -> pd.DataFrame:
    """Assert the stored results of framework `code` equal `compute_history`; return the stored frame."""
    pd.testing.assert_frame_equal(load_stored_final_levels(engine, framework=code),
                                  queries.load_all_final_levels(engine, framework=code), check_dtype=False)
    catalog = FrameworkCatalog.from_store(engine)
    framework = catalog.get(code)
    oracle = normal_results(compute_history(engine, framework, catalog.version_frameworks(code)))
    stored = normal_results(compute_stored_history(load_stored_results(engine, code), framework))
    assert list(stored.columns) == list(oracle.columns)
    pd.testing.assert_frame_equal(stored, oracle, check_dtype=False, check_exact=False, rtol=1e-9)
    return stored
