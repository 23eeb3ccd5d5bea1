"""Role × page × export through AppTest and the CLI: what each viewer sees and never sees.

The store: the small seeded store (2021 recap, 2022–2024 full) with users, 2022 and 2023 published,
2024 not. The agency viewer is Kabupaten Banyuwangi (35.10); Kota Madiun (35.77) is "another agency".
Hand-made URLs (`kode=` of another agency, an unpublished `tahun=`) are part of the table.
"""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.cli import main as cli_main
from dashboard.logic.instansi import SECTIONS
from i18n import t
from ingest.access import Viewer
from tests.support.apptest import open_page, page_texts
from tests.support.stores import ACCESS_AGENCY, ACCESS_EVALUATOR, make_access_store

AGENCY = Viewer(role="agency", agency_codes=frozenset({"35.10"}), email=ACCESS_AGENCY)
EVALUATOR = Viewer(role="evaluator", email=ACCESS_EVALUATOR)
VIEWERS = {"evaluator": EVALUATOR, "agency": AGENCY, "public": None}
NOTES = ("Penjelasan I1", "Bukti_I1.pdf", "Catatan asesor I1")  # every seeded agency's notes
OTHER = "Kota Madiun"


@pytest.fixture(scope="module")
def access_store(dashboard_store, tmp_path_factory) -> str:
    """A private copy of the seeded store with an evaluator, Banyuwangi's user, and 2022–2023 published."""
    return make_access_store(dashboard_store, tmp_path_factory.mktemp("access-store") / "tera.db")


def _everything(at) -> str:
    """Every text the page shows: titles, notices, tables (as CSV), select options, HTML slides."""
    parts = [page_texts(at)]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    parts += [" ".join(map(str, box.options)) for box in [*at.selectbox, *at.multiselect]]
    parts += [element.proto.body for element in at.get("html")]
    parts += [expander.label for expander in at.expander]
    parts += [text.value for text in at.text]
    return "\n".join(parts)


def _years(at) -> list[str]:
    return [str(o) for o in at.selectbox(key="_url_tahun").options]


# role, page, URL parameters, texts that must be there, texts that must not
MATRIX = [
    ("evaluator", "instansi", {"kode": "35.77", "tahun": "2024"}, [OTHER, *NOTES, "Penilaian mandiri"],
     ["Masuk untuk melihat"]),
    ("agency", "instansi", {"kode": "35.10", "tahun": "2024"}, ["Kabupaten Banyuwangi", *NOTES, "Berkas dan revisi"],
     ["Masuk untuk melihat", "tidak berhak"]),
    ("agency", "instansi", {"kode": "35.77", "tahun": "2023"}, [OTHER, "tidak berhak", "hanya terlihat oleh instansi"],
     [*NOTES, "Berkas dan revisi"]),
    ("agency", "instansi", {"kode": "35.77", "tahun": "2024"}, ["belum dipublikasikan atau tidak tersedia"],
     [*NOTES, OTHER]),
    ("public", "instansi", {"kode": "35.10", "tahun": "2023"}, ["Kabupaten Banyuwangi", "Masuk untuk melihat"],
     [*NOTES, "Berkas dan revisi"]),
    ("public", "instansi", {"kode": "35.77", "tahun": "2024"}, [OTHER, "Masuk untuk melihat"], [*NOTES, "2024"]),
    ("evaluator", None, {"tahun": "2024"}, ["Ringkasan nasional", "Masuk sebagai evaluator@menpan.go.id"],
     []),
    ("public", None, {"tahun": "2024"}, ["2023"], ["2024"]),
    ("agency", "peringkat", {"tahun": "2024"}, ["Kabupaten Banyuwangi"], [OTHER]),
    ("public", "peringkat", {"tahun": "2023"}, ["Kabupaten Banyuwangi", OTHER], [*NOTES, "2024"]),
    ("agency", "bandingkan", {"kode": ["35.10", "35.77"], "tahun": "2024"}, ["Pilih 2 sampai 6"], [OTHER]),
    ("public", "bandingkan", {"kode": ["35.10", "35.77"], "tahun": "2023"}, ["Kabupaten Banyuwangi", OTHER], NOTES),
    ("agency", "wilayah", {"tahun": "2024", "provinsi": "35"}, ["Kabupaten Banyuwangi"], [OTHER]),
    ("public", "wilayah", {"tahun": "2023", "provinsi": "35"}, ["Kabupaten Banyuwangi", OTHER], ["2024"]),
    ("agency", "rapat", {"tahun": "2024", "urutan": "instansi", "kode": "35.77"}, [], [OTHER]),
    ("public", "rapat", {"tahun": "2023", "urutan": "instansi", "kode": "35.77"}, [OTHER], ["2024"]),
    ("evaluator", "kualitas_data", {"tahun": "2024"}, ["Kualitas data 2024"], []),
    ("evaluator", "unggah", {}, ["Unggah berkas penilaian"], []),
    ("evaluator", "akses", {}, ["Log audit", "kab@banyuwangikab.go.id", "publikasi"], []),
    ("public", "masuk", {}, ["Masuk ke Tera"], []),
]


@pytest.mark.parametrize("role, page, params, present, absent", MATRIX,
                         ids=[f"{r}-{p or 'ringkasan'}-{'-'.join(str(v) for v in q.values())}" for r, p, q, *_ in MATRIX])
def test_page_per_role(monkeypatch, access_store, role, page, params, present, absent):
    at = open_page(monkeypatch, access_store, page, viewer=VIEWERS[role], **params)
    shown = _everything(at)
    # A profile draws one section at a time: what is shown or withheld is checked in every one of them.
    chooser = [w for w in at.segmented_control if w.key == "_url_bagian"]
    for section in SECTIONS if chooser else ():
        if t(f"instansi.section_{section}", "id") not in chooser[0].options:
            continue
        at.segmented_control(key="_url_bagian").set_value(section).run()
        assert not at.exception, [e.value for e in at.exception]
        shown += "\n" + _everything(at)
    for text in present:
        assert text in shown, f"{role} should see {text!r} on {page}"
    for text in absent:
        assert text not in shown, f"{role} must not see {text!r} on {page}"
    if role == "public" and page != "masuk":
        assert "2024" not in _years(at)


@pytest.mark.parametrize("role", ["agency", "public"])
@pytest.mark.parametrize("page", ["kualitas_data", "unggah", "akses"])
def test_evaluator_pages_do_not_exist_for_others(monkeypatch, access_store, role, page):
    at = open_page(monkeypatch, access_store, viewer=VIEWERS[role])
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page(f"screens/{page}.py")


@pytest.mark.parametrize("as_, kode, year, code, columns", [
    (None, "35.77", 2024, 0, "full"),
    ("kab@banyuwangikab.go.id", "35.10", 2024, 0, "full"),
    ("kab@banyuwangikab.go.id", "35.77", 2023, 0, "public"),
    ("kab@banyuwangikab.go.id", "35.77", 2024, 1, None),
    ("public", "35.10", 2023, 0, "public"),
    ("public", "35.10", 2024, 1, None),
    ("nobody@mail.id", "35.10", 2023, 1, None),
])
def test_cli_levels_export_per_viewer(access_store, tmp_path, capsys, as_, kode, year, code, columns):
    out = tmp_path / "levels.csv"
    argv = ["export", "levels", "--year", str(year), "--kode", kode, "--db", access_store, "--out", str(out)]
    assert cli_main(argv + (["--as", as_] if as_ else [])) == code
    if code:
        assert "error" in capsys.readouterr().err and not out.exists()
        return
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 47
    if columns == "full":
        assert list(rows[0]) == ["code", "name", "level", "level_mandiri", "level_dokumen", "level_interviu",
                                 "level_visitasi", "level_hasil", "explanation", "evidence", "justification", "review"]
        assert rows[0]["evidence"] == "Bukti_I1.pdf" and rows[0]["level_mandiri"]
    else:
        assert list(rows[0]) == ["code", "name", "level"]
        assert not any(note in out.read_text(encoding="utf-8-sig") for note in NOTES)


@pytest.mark.parametrize("as_, year, agencies", [
    (None, 2024, "many"), ("kab@banyuwangikab.go.id", 2024, {"35.10"}), ("public", 2024, set()),
    ("public", 2023, "many"),
])
def test_cli_ranking_export_per_viewer(access_store, tmp_path, as_, year, agencies):
    out = tmp_path / "ranking.xlsx"
    argv = ["export", "ranking", "--year", str(year), "--db", access_store, "--format", "xlsx", "--out", str(out)]
    code = cli_main(argv + (["--as", as_] if as_ else []))
    if agencies == set():
        assert code == 1 and not out.exists()
        return
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    codes = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert code == 0 and (len(codes) > 50 if agencies == "many" else codes == agencies)


@pytest.mark.parametrize("role, year, code, outcome", [
    ("evaluator", 2024, "35.77", "report"), ("agency", 2024, "35.10", "report"), ("agency", 2024, "35.77", "refused"),
    ("agency", 2023, "35.77", "report"), ("public", 2023, "35.10", "report"), ("public", 2024, "35.10", "refused"),
])
def test_report_pdf_and_xlsx_per_role(access_store, role, year, code, outcome):
    """The profile's PDF/XLSX report is built from the viewer's frames: outside them there is nothing to build."""
    from dashboard.render import report, report_pdf
    from dashboard.state.history import compute_history
    from indicators import load_framework
    from ingest.access import PUBLIC_VIEWER, load_published, reads
    from ingest.store import get_engine

    viewer = VIEWERS[role] or PUBLIC_VIEWER
    engine, fw = get_engine(access_store), load_framework("spbe-2020")
    history = reads.filter_results(compute_history(engine, fw), viewer, load_published(engine), fw)
    args = (history, reads.load_final_levels(engine, viewer, year), reads.load_agency_levels(engine, viewer, year, code),
            fw, year, code)
    if outcome == "refused":
        with pytest.raises(report.ReportError):
            report.build_report(*args)
        return
    built = report.build_report(*args)
    xlsx = report.write_report_xlsx(built)
    assert report_pdf.write_report_pdf(built).startswith(b"%PDF")
    from openpyxl import load_workbook

    cells = " ".join(str(c) for ws in load_workbook(io.BytesIO(xlsx)).worksheets
                     for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    assert not any(note in cells for note in NOTES)
    if role == "agency" and year == 2024:
        assert built.rank is None  # 2024 is not published: no rank among others


def test_sample_only_store_without_users_makes_a_demo_evaluator(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "kualitas_data", tahun="2024")
    assert "Mode demo" in page_texts(at) and "Kualitas data 2024" in page_texts(at)
    # No account exists to sign in with, so the sign-in page is not offered.
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("screens/masuk.py")


def test_real_store_without_users_or_provider_is_public(monkeypatch, real_store):
    at = open_page(monkeypatch, real_store)
    assert "Mode demo" not in page_texts(at)
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("screens/kualitas_data.py")
