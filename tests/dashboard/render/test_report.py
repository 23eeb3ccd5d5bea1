"""Laporan instansi: one A4 page of PDF with embedded font, XLSX with the numbers, the buttons on /instansi."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dashboard.render import report, report_pdf

ROOT = Path(__file__).resolve().parents[3]


ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def store(dashboard_store):
    from dashboard.state import history as history_state
    from indicators import load_framework
    from ingest import queries
    from ingest.store import get_engine

    framework = load_framework("spbe-2020")
    engine = get_engine(dashboard_store)
    return {"engine": engine, "framework": framework, "history": history_state.compute_history(engine, framework),
            "as_of": queries.load_data_as_of(engine)}


def make(store, code="35.10", year=2024, lang="id") -> report.AgencyReport:
    from ingest import queries
    from ingest.access import EVALUATOR_VIEWER, reads

    engine = store["engine"]
    return report.build_report(store["history"], queries.load_all_final_levels(engine, year),
                               reads.load_agency_levels(engine, EVALUATOR_VIEWER, year, code, store["framework"].code), store["framework"], year, code, lang,
                               sample=True, as_of=store["as_of"])


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def expected_pages(agency_report) -> int:
    """One page, and a second with the whole action plan when it is longer than the first page holds."""
    steps = agency_report.steps
    return 2 if steps is not None and len(steps) > report_pdf.MAX_STEPS else 1


@pytest.fixture(scope="module")
def banyuwangi(store):
    return make(store)


def test_report_figures_match_the_results(store, banyuwangi):
    history = store["history"]
    row = history[(history["year"] == 2024) & (history["agency_code"] == "35.10")].iloc[0]
    assert banyuwangi.name == "Kabupaten Banyuwangi"
    assert banyuwangi.index == pytest.approx(row["index"])
    assert banyuwangi.rank == row["rank"] and banyuwangi.rank_type == row["rank_type"]
    assert banyuwangi.band.slug == row["rating"]
    assert list(banyuwangi.domains["value"]) == pytest.approx([row[c] for c in ("D1", "D2", "D3", "D4")])
    assert len(banyuwangi.levels) == 47
    assert set(banyuwangi.specs) == {"domains", "aspects", "indicators"}


def test_charts_come_from_the_profile_page_builders(banyuwangi):
    from dashboard.render import charts

    frame = banyuwangi.domains
    titles = {"value": "Nilai", "rating": "Predikat", "peer": "Median kelompok sejenis",
              "target": "Target nasional 2024"}
    screen = charts.score_bars_chart(frame, banyuwangi.framework, "id", titles, banyuwangi.target).to_dict()
    printed = banyuwangi.specs["domains"]
    # Same layers, encodings and data; only the fixed width for the page differs.
    assert [layer["mark"] for layer in printed["layer"]] == [layer["mark"] for layer in screen["layer"]]
    assert printed["datasets"] == screen["datasets"]


def test_pdf_is_one_a4_page_with_an_embedded_font(banyuwangi):
    pdf = report_pdf.write_report_pdf(banyuwangi)
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == expected_pages(banyuwangi)
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf or b"/MediaBox[0 0 595.28 841.89]" in pdf
    if (report_pdf.DEJAVU_DIR / "DejaVuSans.ttf").exists():
        assert b"DejaVu" in pdf and b"/FontFile2" in pdf


def test_pdf_in_english_and_for_a_recap_year(store):
    in_english = make(store, lang="en")
    english = report_pdf.write_report_pdf(in_english)
    assert english.startswith(b"%PDF") and pages(english) == expected_pages(in_english)
    recap = make(store, year=2021)
    assert recap.levels.empty and recap.steps is None and "indicators" not in recap.specs
    pdf = report_pdf.write_report_pdf(recap)
    assert pdf.startswith(b"%PDF") and pages(pdf) == expected_pages(recap)


def test_pdf_without_dejavu_uses_the_core_font(monkeypatch, banyuwangi, tmp_path):
    monkeypatch.setattr(report_pdf, "DEJAVU_DIR", tmp_path)
    pdf = report_pdf.write_report_pdf(banyuwangi)
    assert pdf.startswith(b"%PDF") and pages(pdf) == expected_pages(banyuwangi)
    assert b"Helvetica" in pdf


def test_a_long_report_still_fits_its_pages(store):
    """Every other agency too (different path lengths, partners, names): one page, plus the action plan when long."""
    history = store["history"]
    codes = history[(history["year"] == 2024) & history["submitted"]].sort_values("index")["agency_code"]
    for code in [codes.iloc[0], codes.iloc[len(codes) // 2], codes.iloc[-1]]:
        made = make(store, code=code)
        assert pages(report_pdf.write_report_pdf(made, pngs={})) == expected_pages(made), code


def test_report_refuses_unknown_and_non_submitting_agencies(store):
    with pytest.raises(report.ReportError):
        make(store, code="99.99")
    with pytest.raises(report.ReportError):
        make(store, code="11")  # Aceh does not submit in 2024


def test_xlsx_holds_the_numbers(banyuwangi):
    book = load_workbook(io.BytesIO(report.write_report_xlsx(banyuwangi)))
    assert book.sheetnames[:4] == ["Ringkasan", "Domain", "Aspek", "Indikator"]
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Indeks"] == pytest.approx(banyuwangi.index)
    assert summary["Predikat"] == banyuwangi.band.text("id")
    assert summary["Peringkat nasional"] == banyuwangi.rank
    domains = list(book["Domain"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in domains] == pytest.approx(list(banyuwangi.domains["value"]))
    levels = list(book["Indikator"].iter_rows(min_row=2, values_only=True))
    assert len(levels) == 47 and {r[1] for r in levels} == {f"I{i}" for i in range(1, 48)}
    if banyuwangi.steps is not None and not banyuwangi.steps.empty:
        path = list(book["Jalan predikat"].iter_rows(min_row=2, values_only=True))
        assert len(path) == len(banyuwangi.steps)
        assert path[-1][-1] == pytest.approx(banyuwangi.steps["index_after"].iloc[-1])


def test_xlsx_in_english(store):
    book = load_workbook(io.BytesIO(report.write_report_xlsx(make(store, lang="en"))))
    assert book.sheetnames[:3] == ["Summary", "Domain", "Aspect"]
    assert report.file_name("35.10", 2024, "en", "xlsx", "spbe-2020") == "spbe-2020-report-35.10-2024.xlsx"
    assert report.file_name("35.10", 2024, "id", "pdf", "spbe-2020") == "laporan-spbe-2020-35.10-2024.pdf"


def test_compress_codes():
    assert report_pdf.compress_codes(["I21", "I22", "I23", "I25"]) == "I21–I23, I25"
    assert report_pdf.compress_codes(["I3"]) == "I3"
    assert report_pdf.compress_codes([]) == ""


def test_pdf_rendered_to_png_for_review(banyuwangi, store):
    """Render the PDF with poppler's pdftoppm into test-artifacts/ so a person can look at it."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for lang, item in (("id", banyuwangi), ("en", make(store, lang="en"))):
        path = ARTIFACTS / f"laporan-35.10-2024-{lang}.pdf"
        path.write_bytes(report_pdf.write_report_pdf(item))
        stem = ARTIFACTS / f"laporan-35.10-2024-{lang}"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(path), str(stem)], check=True,
                       timeout=60)
        assert Path(f"{stem}.png").stat().st_size > 10_000


def test_report_charts_write_decimal_commas_in_indonesian(banyuwangi):
    import re

    import vl_convert

    svg = vl_convert.vegalite_to_svg(banyuwangi.specs["domains"])
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    numbers = re.findall(r"\d+[.,]\d+", texts)
    assert numbers and all("," in n for n in numbers), numbers[:5]


def test_report_says_what_changed_and_lists_commitments(store):
    import pandas as pd

    from dashboard.logic import instansi
    from ingest import queries
    from ingest.access import EVALUATOR_VIEWER, reads

    engine, fw = store["engine"], store["framework"]
    before = instansi.indicator_levels(queries.load_all_final_levels(engine, 2023), "35.10")
    promises = pd.DataFrame([{"agency_code": "35.10", "framework_code": fw.code, "indicator": "I44", "target_level": 5.0,
                              "target_year": 2024, "base_level": 2.0, "level": 5.0, "status": "kept",
                              "responsible": "Diskominfo", "meeting": "Rapat", "note": ""}])
    made = report.build_report(store["history"], queries.load_all_final_levels(engine, 2024),
                               reads.load_agency_levels(engine, EVALUATOR_VIEWER, 2024, "35.10", fw.code), fw, 2024, "35.10",
                               "id", sample=True, as_of=store["as_of"], levels_before=before, commitments=promises)
    assert made.change_text.startswith("Indeks ") and "(2023)" in made.change_text
    assert made.commitments_text == "1 komitmen 2024: 1 tercapai"
    long_plan = made.steps is not None and len(made.steps) > report_pdf.MAX_STEPS  # continues on page 2
    assert pages(report_pdf.write_report_pdf(made)) == (2 if long_plan else 1)
    book = load_workbook(io.BytesIO(report.write_report_xlsx(made)))
    assert "Komitmen" in book.sheetnames


def test_a_long_action_plan_continues_in_full_on_a_second_page(store):
    """Issue 17: an agency whose path has more rows than the first page holds gets every row on page 2."""
    history = store["history"]
    codes = history[(history["year"] == 2024) & history["submitted"]].sort_values("index")["agency_code"]
    for code in codes:
        long = make(store, code=code)
        if long.steps is not None and len(long.steps) > report_pdf.MAX_STEPS:
            break
    else:
        pytest.skip("no agency of the test store has a path longer than the first page")
    pdf = report_pdf.write_report_pdf(long, pngs={})
    assert pages(pdf) == 2
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")

    def page_text(number: int) -> str:
        done = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", "-", "-"], input=pdf,
                              capture_output=True, check=True)
        return done.stdout.decode("utf-8")

    second = page_text(2)
    assert all(f"{c} " in second for c in long.steps["code"]), (list(long.steps["code"]), second[:400])
    assert "halaman 2" in page_text(1)


def _font_sizes(spec) -> list[float]:
    """Return every text size (px) a Vega-Lite spec sets: marks' fontSize and the axes' and legends' sizes."""
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("fontSize", "labelFontSize", "titleFontSize") and isinstance(value, int | float):
                found.append(float(value))
            else:
                found += _font_sizes(value)
    elif isinstance(spec, list):
        for item in spec:
            found += _font_sizes(item)
    return found


def test_pdf_charts_fill_their_columns_with_no_text_under_7_pt(monkeypatch, banyuwangi):
    """Issue 17: SPBE's bars and indicator strip are as wide as their columns, every chart text prints at 7 pt or
    more, and no node name is longer than the width the chart lets it have (no "A2 Perencanaan Str…")."""
    from PIL import Image, ImageFont

    placed = {}
    picture = report_pdf._Page.picture
    pngs = report.render_charts(banyuwangi)
    keys = {id(png): key for key, png in pngs.items()}

    def record(self, png, x, y, w, h):
        used = picture(self, png, x, y, w, h)
        with Image.open(io.BytesIO(png)) as image:
            placed[keys[id(png)]] = (used * image.size[0] / image.size[1], image.size[0] / 2)  # mm wide, px wide
        return used

    monkeypatch.setattr(report_pdf._Page, "picture", record)
    report_pdf.write_report_pdf(banyuwangi, pngs)
    assert set(placed) == {"domains", "aspects", "indicators"}
    columns = {"domains": report.BARS_COLUMN_MM, "aspects": report.BARS_COLUMN_MM, "indicators": report.STRIP_COLUMN_MM}
    for key, (width_mm, width_px) in placed.items():
        assert width_mm == pytest.approx(columns[key], abs=0.1), key  # fills its column
        smallest_pt = min(_font_sizes(banyuwangi.specs[key])) * width_mm / width_px / report.PT_MM
        assert smallest_pt >= 7.0, (key, smallest_pt)
    # Names: written in DejaVu Sans (wider than the chart's sans-serif), each within the plot's width.
    regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not Path(regular).exists():
        pytest.skip("fonts-dejavu-core is not installed")
    strip = banyuwangi.specs["indicators"]
    bold = ImageFont.truetype(regular.replace("Sans.ttf", "Sans-Bold.ttf"), charts_name_size(strip))
    cells = int(banyuwangi.levels.groupby("aspect").size().max())
    for name in banyuwangi.levels["aspect"].unique():
        assert bold.getlength(name) <= strip["width"]["step"] * cells, name
    bars = banyuwangi.specs["aspects"]
    font = ImageFont.truetype(regular, 13)
    for node in banyuwangi.aspects["node"]:
        assert font.getlength(f"3,50 · {node}") <= bars["width"], node


def charts_name_size(strip: dict) -> int:
    """Return the size (px) of the strip's row names (its bold left-aligned text layer)."""
    return next(layer["mark"]["fontSize"] for layer in strip["layer"]
                if isinstance(layer["mark"], dict) and layer["mark"].get("align") == "left")
