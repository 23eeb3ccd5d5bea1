"""Re-scoring on /akses: an evaluator sees what version 2 would change, then applies it (audited); nothing before."""

from __future__ import annotations

import io
from pathlib import Path

from ingest.access import EVALUATOR_VIEWER, load_audit
from tests.support.apptest import open_page, page_texts

NINE = Path(__file__).resolve().parents[2] / "indicators" / "data" / "nine-aspects.yaml"


def _store(tmp_path) -> str:
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.frameworks.commands import add_framework
    from ingest.load import load_file
    from ingest.store import get_engine
    from ingest.template import write_template

    url = f"sqlite:///{tmp_path / 'tera.db'}"
    engine = get_engine(url)
    add_framework(engine, NINE)
    fw = FrameworkCatalog.from_store(engine).get("nine-aspects")
    for seed, (code, name) in enumerate([("32.01", "Pemerintah Kab. Bogor"), ("32.02", "Pemerintah Kab. Sukabumi")], 1):
        buffer = io.BytesIO()
        levels = {f"I{n}": 1 + (n * seed) % 5 for n in range(1, 35)} | {"I35": 50}
        write_template(buffer, agency_code=code, agency_name=name, year=2026, framework=fw, levels={"mandiri": levels})
        assert load_file(engine, buffer.getvalue(), name=f"{code}.xlsx").outcome == "loaded"
    two = tmp_path / "v2.yaml"
    two.write_text(NINE.read_text(encoding="utf-8").replace("{code: I1, weight: 3,", "{code: I1, weight: 5,")
                   .replace("{code: I2, weight: 3,", "{code: I2, weight: 1,"), encoding="utf-8")
    add_framework(engine, two)
    return url


def test_the_page_previews_then_applies_a_rescore(monkeypatch, tmp_path):
    from ingest.queries import load_all_submissions
    from ingest.store import get_engine

    url = _store(tmp_path)
    at = open_page(monkeypatch, url, "akses", viewer=EVALUATOR_VIEWER)
    texts = page_texts(at)
    assert "2 dari 2 hasil dihitung dengan versi lebih lama dari versi 2" in "\n".join(m.value for m in at.markdown)
    assert "Versi kerangka dan hitung ulang" in texts
    preview = next(frame.value for frame in at.dataframe if "version_before" in frame.value.columns)
    assert set(preview["version_before"]) == {1} and set(preview["version_after"]) == {2}
    engine = get_engine(url)
    assert set(load_all_submissions(engine, 2026)["framework_version"]) == {1}  # a preview changes nothing
    next(b for b in at.button if b.key == "rescore_apply").click().run()
    assert not at.exception and "kini dihitung dengan versi 2" in page_texts(at)
    assert set(load_all_submissions(engine, 2026)["framework_version"]) == {2}
    entry = load_audit(engine, EVALUATOR_VIEWER, action="rescore").iloc[0]
    assert entry["source"] == "page: akses" and entry["detail"]["moved"] == {"1": 2}
