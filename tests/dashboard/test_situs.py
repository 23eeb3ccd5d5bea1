"""The static public site: only what the public may see goes in, every value is escaped, both languages, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from dashboard.cli import main
from dashboard.situs import write_site, write_site_on_publication
from ingest.access import EVALUATOR_VIEWER, save_publication
from ingest.errors import AccessDenied
from tests.support.stores import seed_dashboard_store

TEST_FRAMEWORKS = Path(__file__).resolve().parents[1] / "indicators" / "data"
HOSTILE_NAME = '<script>alert("x")</script> Kab <b>Uji</b>'
SECRET = "RAHASIA-MANDIRI-123"
WHO = {"actor": "test", "source": "test"}


@pytest.fixture
def published_store(store_url):
    """A small store: 2022 published, 2023 not; a self-assessment-only agency, a review mark and an unpublished framework."""
    from ingest.frameworks.commands import add_framework
    from ingest.frameworks.results import save_results
    from ingest.store import get_engine, save_file, save_submission
    from ingest.store.schema import agencies

    seed_dashboard_store(store_url, years=(2022, 2023), limit=12, recap_year=None)
    engine = get_engine(store_url)
    add_framework(engine, TEST_FRAMEWORKS / "percent-two-level.yaml")
    with engine.begin() as conn:
        conn.execute(update(agencies).where(agencies.c.code == "35.10").values(name=HOSTILE_NAME))
        file_id = save_file(conn, b"extra", "extra.xlsx", "xlsx", kind="workbook")
        # An agency that only assessed itself in the published year: nothing of it is a result.
        save_submission(conn, "35.09", 2022, "mandiri", "spbe-2020", file_id,
                        [{"code": "I1", "value": 5, "explanation": SECRET, "evidence": f"{SECRET}.pdf"}])
        # A review mark on a published agency's visit.
        save_submission(conn, "35", 2022, "visitasi", "spbe-2020", file_id,
                        [{"code": "I2", "value": 4, "review": "tidak-valid", "justification": SECRET}])
        save_submission(conn, "35.10", 2022, "hasil", "percent-two-level", file_id,
                        [{"code": "X1", "value": 3}, {"code": "X2", "value": 4}])
        # As a load does: the store keeps the results of what it holds.
        save_results(conn, [("35.09", 2022, "spbe-2020"), ("35", 2022, "spbe-2020"), ("35.10", 2022, "percent-two-level")])
    save_publication(engine, EVALUATOR_VIEWER, 2022, "spbe-2020", True, **WHO)
    return engine


def _texts(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*")
            if p.is_file() and p.suffix in (".html", ".svg", ".csv")}


def test_site_holds_only_published_final_results(published_store, tmp_path):
    out = tmp_path / "site"
    written = write_site(published_store, 2022, out, "spbe-2020", app_url="https://tera.example/")
    texts = _texts(out)
    assert set(written) >= {out / "id" / "index.html", out / "en" / "peringkat.html", out / "id" / "wilayah.html",
                            out / "data" / "peringkat-2022.csv", out / "id" / "instansi" / "35.10.html"}
    everything = "\n".join(texts.values())
    # No self-assessment, evidence, explanation, justification, review mark, unpublished year or framework.
    for hidden in (SECRET, "Penjelasan I", "Bukti_I", "Catatan asesor", "tidak-valid", "Tidak Valid", "mandiri",
                   "Indeks Uji Dua Tingkat", "Two-level test index"):
        assert hidden not in everything, hidden
    pages = "\n".join(text for name, text in texts.items() if not name.endswith(".csv"))
    assert "2023" not in pages
    # The self-assessment-only agency is listed without any value: no index, rating or indicator table.
    self_only = texts["id/instansi/35.09.html"]
    assert "Tidak mengisi" in self_only and "<td>I1</td>" not in self_only
    row = next(line for line in texts["data/peringkat-2022.csv"].splitlines() if ",35.09," in line)
    assert row.split(",")[5:7] == ["", ""]
    assert not (out / "data" / "instansi" / "35.09-2022.csv").exists()
    # Values from files are text: the hostile name is escaped wherever it appears.
    assert "<script>alert" not in pages
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Kab &lt;b&gt;Uji&lt;/b&gt;" in texts["en/instansi/35.10.html"]
    # Both languages, SVG charts, the live app link with the year and framework.
    assert "Ringkasan nasional" in texts["id/index.html"] and "National overview" in texts["en/index.html"]
    assert texts["id/charts/sebaran-indeks.svg"].lstrip().startswith("<svg")
    assert "https://tera.example/instansi?tahun=2022&amp;kerangka=spbe-2020&amp;lang=en&amp;kode=35.10" in \
        texts["en/instansi/35.10.html"]


def test_unpublished_year_or_framework_writes_nothing_and_the_cli_says_so(published_store, tmp_path, capsys):
    for year, code in ((2023, "spbe-2020"), (2022, "percent-two-level")):
        with pytest.raises(AccessDenied):
            write_site(published_store, year, tmp_path / f"{year}-{code}", code)
        assert not (tmp_path / f"{year}-{code}").exists()
    url = published_store.url.render_as_string(hide_password=False)
    assert main(["site", "--year", "2023", "--out", str(tmp_path / "t"), "--db", url]) == 1
    assert "not published" in capsys.readouterr().err and not (tmp_path / "t").exists()
    assert main(["site", "--year", "2022", "--out", str(tmp_path / "s"), "--db", url]) == 0
    assert (tmp_path / "s" / "en" / "wilayah.html").exists()


def test_publication_writes_then_removes_the_configured_site(published_store, tmp_path, monkeypatch):
    monkeypatch.delenv("TERA_SITE_DIR", raising=False)
    assert write_site_on_publication(published_store, 2022, "spbe-2020") is None
    monkeypatch.setenv("TERA_SITE_DIR", str(tmp_path / "public"))
    folder = write_site_on_publication(published_store, 2022, "spbe-2020")
    assert (folder / "id" / "index.html").exists()
    save_publication(published_store, EVALUATOR_VIEWER, 2022, "spbe-2020", False, **WHO)
    assert write_site_on_publication(published_store, 2022, "spbe-2020") == folder
    assert not folder.exists()
