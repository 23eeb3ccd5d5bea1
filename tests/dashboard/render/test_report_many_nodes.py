"""The agency report of a nine-aspect index: the aspect bars stand beside the indicator strip (neither a sliver)
on one A4 page."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.render import report, report_pdf
from tests.support.stores import load_framework_year

NINE = Path(__file__).resolve().parents[2] / "indicators" / "data" / "nine-aspects.yaml"


def test_nine_aspect_bars_stand_beside_the_indicator_strip(tmp_path, monkeypatch):
    from dashboard.state import history as history_state
    from ingest import queries
    from ingest.access import EVALUATOR_VIEWER, reads
    from ingest.frameworks.catalog import FrameworkCatalog
    from ingest.frameworks.commands import add_framework
    from ingest.store import get_engine

    engine = get_engine(f"sqlite:///{tmp_path / 'tera.db'}")
    add_framework(engine, NINE)
    load_framework_year(engine, "nine-aspects", 2026, [("33.01", "Kabupaten Cilacap"), ("33.02", "Kabupaten Banyumas")],
                        {f"I{n}": 1 + n % 5 for n in range(1, 35)} | {"I35": 70})
    catalog = FrameworkCatalog.from_store(engine)
    fw = catalog.get("nine-aspects")
    history = history_state.compute_history(engine, fw, catalog.version_frameworks(fw.code))
    agency = report.build_report(history, queries.load_all_final_levels(engine, 2026, framework=fw.code),
                                 reads.load_agency_levels(engine, EVALUATOR_VIEWER, 2026, "33.01", fw.code), fw, 2026, "33.01", "id",
                                 as_of=queries.load_data_as_of(engine))
    placed = []
    picture = report_pdf._Page.picture
    monkeypatch.setattr(report_pdf._Page, "picture",
                        lambda self, png, x, y, w, h: placed.append((x, y, w, h)) or picture(self, png, x, y, w, h))
    pdf = report_pdf.write_report_pdf(agency)
    long_plan = agency.steps is not None and len(agency.steps) > report_pdf.MAX_STEPS  # continues on page 2
    assert len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf)) == (2 if long_plan else 1)
    (bars_x, bars_y, _, bars_h), (strip_x, strip_y, _, strip_h) = placed[:2]
    assert bars_y == strip_y and strip_x > bars_x and bars_h == strip_h == report_pdf.SIDE_BY_SIDE_H
