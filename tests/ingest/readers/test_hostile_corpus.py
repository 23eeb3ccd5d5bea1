"""The hostile and real-shaped corpus: one folder load of every built file, one assertion table of outcomes.

Each row: the file, its outcome, the problem type that decides it (and the unreadable reason or cell),
and — for a rejected file — that the store holds nothing from it. The files are built by
`tests/ingest/readers/hostile_corpus.py`; none is stored in the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest.load import load_paths
from ingest.store import get_engine
from ingest.store.engine import dispose_engine
from ingest.store.schema import files, scores, submissions
from tests.ingest.readers import hostile_corpus as corpus

FULL = corpus.full_levels()

BUILDERS = {
    # native-reader crashers
    "far-cell-single-quotes.xlsx": lambda t: corpus.far_cell_single_quotes(),
    "sheet-outside-worksheets.xlsx": lambda t: corpus.sheet_outside_worksheets(),
    "xls-far-cell.xls": lambda t: corpus.xls_far_cell(),
    "duplicate-cell-padding.xlsx": lambda t: corpus.duplicate_cell_padding(),
    "ods-far-cell.ods": lambda t: corpus.ods_far_cell(),
    # damaged or protected files
    "zip-damage.xlsx": corpus.corrupt_member,
    "zip-encrypted-flag.xlsx": corpus.encrypted_flag,
    "deflate64.xlsx": corpus.deflate64,
    "password-protected.xlsx": lambda t: corpus.encrypted_ooxml(),
    "big-csv-field.csv": lambda t: corpus.big_csv_field(),
    # real-shaped files that must not load silently
    "name-code-conflict.xlsx": lambda t: corpus.patch_cells(corpus.evaluation(FULL), {"C5": "32.73"}),
    "hidden-code-conflict.xlsx": lambda t: corpus.patch_cells(
        corpus.patch_cells(corpus.evaluation(FULL), {"C5": None}), {"B3": "32.73"}, member="xl/worksheets/sheet3.xml"),
    "year-typo.xlsx": lambda t: corpus.patch_cells(corpus.evaluation(FULL), {"C6": 20244}),
    "year-conflict.xlsx": lambda t: corpus.patch_cells(corpus.evaluation(FULL), {"C6": 2023}),
    "level-formula.xlsx": lambda t: corpus.patch_cells(
        corpus.evaluation(FULL, code="32.04", name="Kabupaten Bandung"), {"F11": ("=1+2", 3)}),
    "hidden-stale-sheet.xlsx": lambda t: corpus.hidden_stale_sheet(corpus.evaluation(FULL, code="32.05", name="Kabupaten Garut")),
    "unfilled-template.xlsx": lambda t: corpus.evaluation(None),
    "header-only.csv": lambda t: corpus.csv_text("Nama Instansi;Indeks\n"),
    "nameless-recap-row.csv": lambda t: corpus.csv_text(
        "Rekap Indeks SPBE Tahun 2024\nNama Instansi;Domain 1;Domain 2;Domain 3;Domain 4\n"
        "Kabupaten Ciamis;3;3;3;3\n;2,5;2;3;1\n"),
    "fewer-1-complete.xlsx": lambda t: corpus.evaluation(FULL, code="32.06", name="Kabupaten Tasikmalaya"),
    "fewer-2-partial.xlsx": lambda t: corpus.evaluation(corpus.full_levels(40), code="32.06", name="Kabupaten Tasikmalaya"),
    "report-recap.xlsx": lambda t: corpus.report_recap([
        ("Kabupaten di Provinsi Jawa Barat", [("Kabupaten Bekasi", [3.0] * 4, 3.0, "Baik"),
                                              ("Kabupaten Karawang", [2.0] * 4, 2.0, "Cukup")]),
        ("Kota di Provinsi Jawa Tengah", [("Kota Semarang", [4.0] * 4, 4.0, "Sangat Baik")])]),
    "index-only-recap.xlsx": lambda t: corpus.report_recap(
        [("Instansi Pusat", [("Kementerian Keuangan", [], 4.5, "Memuaskan")])], domains=False),
    # the batch goes on: a good file after all of them
    "zz-good.xlsx": lambda t: t,
}

# file → (outcome, problem type, reason or cell)
TABLE = [
    ("far-cell-single-quotes.xlsx", "rejected", "unreadable-file", "far-cells"),
    ("sheet-outside-worksheets.xlsx", "rejected", "unreadable-file", "far-cells"),
    ("xls-far-cell.xls", "rejected", "unreadable-file", "far-cells"),
    ("duplicate-cell-padding.xlsx", "rejected", "unreadable-file", "too-many-cells"),
    ("ods-far-cell.ods", "rejected", "unreadable-file", "far-cells"),
    ("zip-damage.xlsx", "rejected", "unreadable-file", "damaged-zip"),
    ("zip-encrypted-flag.xlsx", "rejected", "unreadable-file", "encrypted"),
    ("deflate64.xlsx", "rejected", "unreadable-file", "deflate64"),
    ("password-protected.xlsx", "rejected", "unreadable-file", "encrypted"),
    ("big-csv-field.csv", "rejected", "unreadable-file", "csv-field"),
    ("name-code-conflict.xlsx", "rejected", "agency-conflict", "C4"),
    ("hidden-code-conflict.xlsx", "rejected", "agency-conflict", "C4"),
    ("year-typo.xlsx", "rejected", "year-unreadable", "C6"),
    ("year-conflict.xlsx", "rejected", "year-conflict", "C6"),
    ("level-formula.xlsx", "loaded", "level-formula", "F11"),
    ("hidden-stale-sheet.xlsx", "loaded", "hidden-sheet", "Evaluasi"),
    ("unfilled-template.xlsx", "rejected", "empty-file", ""),
    ("header-only.csv", "rejected", "empty-file", ""),
    ("nameless-recap-row.csv", "rejected", "unreadable-row", "row 4, column Nama Instansi"),
    ("fewer-1-complete.xlsx", "loaded", "", ""),
    ("fewer-2-partial.xlsx", "loaded", "fewer-answers", "C4"),
    ("report-recap.xlsx", "loaded", "", ""),
    ("index-only-recap.xlsx", "loaded", "index-only", "Lampiran"),
    ("zz-good.xlsx", "loaded", "", ""),
]


@pytest.fixture(scope="module")
def corpus_load(tmp_path_factory, template_bytes):
    """Write every corpus file to one folder, load the folder once, and return (results by name, engine)."""
    folder = tmp_path_factory.mktemp("corpus")
    for name, build in BUILDERS.items():
        (folder / name).write_bytes(build(template_bytes))
    engine = get_engine(f"sqlite:///{tmp_path_factory.mktemp('corpus-store') / 'tera.db'}")
    # Loaded as for one year, so a file naming another year conflicts.
    results = load_paths(engine, [folder], year=2024)
    yield {Path(r.path).name: r for r in results}, engine
    dispose_engine(engine)


def test_a_folder_load_reports_every_file(corpus_load):
    results, _ = corpus_load
    assert sorted(results) == sorted(BUILDERS)


@pytest.mark.parametrize(("name", "outcome", "type", "where"), TABLE, ids=[row[0] for row in TABLE])
def test_corpus(corpus_load, name, outcome, type, where):
    results, engine = corpus_load
    result = results[name]
    if not type:
        assert (result.outcome, result.problems) == (outcome, [])
        return
    decisive = result.errors[0] if result.errors else next(p for p in result.problems if p.type == type)
    assert (result.outcome, decisive.type) == (outcome, type), [p.message for p in result.problems]
    assert where in (decisive.fields.get("reason"), decisive.cell, decisive.sheet)
    assert decisive.message and decisive.file == name
    if outcome == "rejected":
        with engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(submissions).join(files)
                                  .where(files.c.original_name == name)).scalar()
            loaded = conn.execute(select(func.count()).select_from(files)
                                  .where((files.c.original_name == name) & (files.c.outcome == "loaded"))).scalar()
        assert stored == 0 and loaded == 0, "store unchanged by a rejected file"


def test_visible_sheet_wins_and_disappeared_indicators_are_stored(corpus_load):
    _, engine = corpus_load
    with engine.connect() as conn:
        rows = {row.agency_code: row for row in conn.execute(
            select(submissions).where(submissions.c.is_current & submissions.c.agency_code.in_(["32.05", "32.06"])))}
        garut_levels = conn.execute(select(func.min(scores.c.value)).where(scores.c.submission_id == rows["32.05"].id)).scalar()
    assert garut_levels == 3, "levels come from the visible sheet, not the hidden stale copy (levels 1)"
    assert rows["32.06"].dropped == [f"I{n}" for n in range(41, 48)] and rows["32.06"].revision == 2


def test_report_shaped_recaps_keep_every_number(corpus_load):
    _, engine = corpus_load
    with engine.connect() as conn:
        stored = conn.execute(
            select(submissions.c.agency_code, submissions.c.index_only, submissions.c.published_index,
                   func.count(scores.c.id))
            .join(scores, scores.c.submission_id == submissions.c.id).join(files)
            .where(files.c.original_name.in_(["report-recap.xlsx", "index-only-recap.xlsx"]))
            .group_by(submissions.c.agency_code, submissions.c.index_only, submissions.c.published_index)).all()
    by_code = {row[0]: row[1:] for row in stored}
    assert len(by_code) == 4
    assert sorted(by_code.values()) == [(False, 2.0, 4), (False, 3.0, 4), (False, 4.0, 4), (True, 4.5, 1)]
