"""Unggah: upload rules and the tables of a load's report and effect (the load itself: `dashboard.state.uploads`).

Only evaluators upload (the app lists the page for them only); every load records who uploaded and
is written to the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from dashboard.logic.formatting import fmt_index, fmt_number
from i18n import get_language, t
from ingest.readers import MAX_FILE_BYTES
from ingest.readers.messages import cell_text, problem_text, value_text
from ingest.vocabulary import SUPPORTED_SUFFIXES

if TYPE_CHECKING:  # types only: the store work itself is dashboard.state.uploads
    from ingest.effect import LoadEffect
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.load import LoadResult

ACCEPTED_TYPES = [suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES]


def effect_frame(effect: LoadEffect, catalog: FrameworkCatalog, lang: str) -> pd.DataFrame:
    """Return one row per agency a load changes: agency, year, index, rating and rank before → after, and a note (texts)."""
    rows = []
    for item in effect.agencies:
        fw = catalog.get(item.framework_code)
        ratings = [fw.band(slug).text(lang) if slug else "–" for slug in (item.rating_before, item.rating_after)]
        ranks = ["–" if value is None else str(value) for value in (item.rank_before, item.rank_after)]
        notes = []
        if item.lost:
            notes.append(t("unggah.effect_lost", codes=", ".join(item.empty_after) or "–"))
        elif item.lowered:
            notes.append(t("unggah.effect_lowered"))
        if item.dropped:
            notes.append(t("unggah.effect_dropped", count=len(item.dropped), codes=", ".join(item.dropped)))
        if item.published:
            notes.append(t("unggah.effect_published"))
        rows.append({"agency": item.agency_name, "year": str(item.year),
                     "index": f"{fmt_index(item.index_before, item.year, fw, lang)} → "
                              f"{fmt_index(item.index_after, item.year, fw, lang)}",
                     "rating": " → ".join(ratings), "rank": " → ".join(ranks),
                     "note": " ".join(notes), "alarm": item.lost or (item.published and item.lowered)})
    return pd.DataFrame(rows, columns=["agency", "year", "index", "rating", "rank", "note", "alarm"])


def published_lines(effect: LoadEffect, catalog: FrameworkCatalog, lang: str) -> list[str]:
    """Return one sentence per published year × framework the load changes (agencies with an index, mean index)."""
    lines = []
    for item in effect.published:
        fw = catalog.get(item.framework_code)
        lines.append(t("unggah.effect_published_figures", year=item.year, framework=fw.title_text(lang),
                       before=fmt_number(item.indexed_before, 0, lang), after=fmt_number(item.indexed_after, 0, lang),
                       mean_before=fmt_number(item.mean_before, fw.decimals, lang),
                       mean_after=fmt_number(item.mean_after, fw.decimals, lang)))
    return lines


def summary_frame(results: list[LoadResult]) -> pd.DataFrame:
    """Return one row per file: name, outcome, submissions, errors, warnings."""
    return pd.DataFrame([{"file": r.name, "outcome": r.outcome, "kind": r.kind, "submissions": r.submissions,
                          "errors": len(r.errors), "warnings": len(r.problems) - len(r.errors)} for r in results],
                        columns=["file", "outcome", "kind", "submissions", "errors", "warnings"])


def problems_frame(results: list[LoadResult], lang: str | None = None) -> pd.DataFrame:
    """Return every problem of every file: file, severity, type, sheet, cell, value, message in `lang` (errors first)."""
    rows = []
    for result in results:
        for p in result.problems:
            rows.append({"file": result.name, "severity": p.severity, "type": p.type, "sheet": p.sheet,
                         "cell": cell_text(p.cell, lang or get_language()), "value": value_text(p.value, lang or get_language()),
                         "message": problem_text(p, lang or get_language())})
    frame = pd.DataFrame(rows, columns=["file", "severity", "type", "sheet", "cell", "value", "message"])
    frame = frame.drop_duplicates(ignore_index=True)  # one row per problem, however many times it was found
    order = frame["severity"].map({"error": 0, "warning": 1})
    return frame.assign(_o=order).sort_values(["file", "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def max_size_mb() -> int:
    """Return the upload size limit in whole megabytes (the readers' limit)."""
    return MAX_FILE_BYTES // 2**20
