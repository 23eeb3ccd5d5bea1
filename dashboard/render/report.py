"""Laporan instansi: everything one agency's one-page report shows, and its figures as an XLSX workbook.

`build_report` gathers the numbers from the same results, helpers and Altair chart builders as the
profile page (`dashboard/screens/instansi.py`), so the file says what the screen says;
`dashboard.report_pdf.write_report_pdf` lays it out on one A4 page. No Streamlit here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from dashboard.logic import instansi
from dashboard.logic.formatting import is_missing
from dashboard.logic.results import group_levels, version_note
from dashboard.render import charts
from dashboard.render.export import neutralize_frame
from dashboard.render.scales import unanswered_legend
from i18n import t
from indicators import Band, Framework

# Chart sizes (Vega-Lite pixels) for the page; the PNGs are rendered at scale 2.
BARS_WIDTH = 170
# With a second level above the indicators (SPBE's aspects) the PDF draws the domain and aspect bars in a left column
# beside the indicator strip, each chart as wide as its column (mm) and sized in pixels so that one pixel prints as
# large as its smallest text needs to be 7 pt: the bars' names are FONT_SIZE - 1 px, the strip's codes MIN_FONT px.
PT_MM = 25.4 / 72
MIN_PT = 7.0
BARS_COLUMN_MM, STRIP_COLUMN_MM = 85.0, 101.0
BARS_MM_PER_PX = MIN_PT * PT_MM / (charts.FONT_SIZE - 1)
STRIP_MM_PER_PX = MIN_PT * PT_MM / charts.MIN_FONT
# Rows (px) as tight as the name above a bar or a row of cells allows; room beside the plot (px): Vega's padding
# (5 px a side) and the last axis label reaching past the plot.
PDF_BAR_STEP, PDF_STRIP_ROW, CHART_PADDING_PX = 36, 60, 16


class ReportError(ValueError):
    """The report cannot be made (unknown agency, or no result in that year)."""


@dataclass
class AgencyReport:
    """One agency's report for one year: key figures, tables and the Vega-Lite specs of its charts."""

    lang: str
    year: int
    framework: Framework
    code: str
    name: str
    type_slug: str
    place: str
    province: str | None
    stage: str
    as_of: Any
    sample: bool
    index: float
    band: Band
    rank: int | None  # None where ranks are not public (a year not yet published)
    ranked: int
    rank_type: int | None
    type_count: int
    rank_province: int | None
    province_count: int | None
    rank_change: int | None
    previous_year: int | None
    target: float | None
    domains: pd.DataFrame  # scores of the top level (SPBE: domains)
    aspects: pd.DataFrame  # scores of the second level when it is above the indicators (SPBE: aspects), else empty
    levels: pd.DataFrame  # one row per indicator (empty for recap-only years)
    steps: pd.DataFrame | None  # one row per raised indicator; None: not computable; empty: top band
    strengths: pd.DataFrame
    partners: pd.DataFrame
    specs: dict[str, dict] = field(default_factory=dict)
    framework_version: int | None = None  # the stored framework version the result was scored with

    def framework_title(self) -> str:
        """Return the framework's full title with the stored version the result was scored with."""
        return self.framework.title_text(self.lang) + version_note([self.framework_version], self.lang)
    # Between rounds (issue 21): what changed since the previous result, and the commitments due.
    change_text: str = ""
    commitments_text: str = ""
    commitments: pd.DataFrame = field(default_factory=pd.DataFrame)

    def text(self, key: str, **fmt: object) -> str:
        """Return a catalogue message in the report's language."""
        return t(key, lang=self.lang, **fmt)


def _scores_frame(row: pd.Series, nodes, results: pd.DataFrame, framework: Framework, year: int,
                  lang: str) -> pd.DataFrame:
    codes = [n.code for n in nodes]
    if not codes or row[codes].isna().all():
        return pd.DataFrame(columns=["code", "node", "value", "rating_label", "peer_median"])
    labels = {b.slug: b.text(lang) for b in framework.rating_bands}
    medians = instansi.peer_medians(results, row["agency_type"], codes)
    frame = pd.DataFrame({"code": codes, "node": [f"{n.code} {n.label(lang)}" for n in nodes],
                          "value": row[codes].astype(float).to_numpy(), "peer_median": medians.to_numpy()})
    frame["rating_label"] = [labels[framework.rating_for(v, year).slug] if not is_missing(v) else ""
                             for v in frame["value"]]
    return frame


def _int(value: Any) -> int | None:
    return None if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else int(value)


def build_report(history: pd.DataFrame, final: pd.DataFrame, scores: pd.DataFrame, framework: Framework, year: int,
                 code: str, lang: str = "id", sample: bool = False, as_of: Any = None,
                 levels_before: dict[str, float] | None = None, commitments: pd.DataFrame | None = None,
                 partners: pd.DataFrame | None = None) -> AgencyReport:
    """Return the report of agency `code` in `year`.

    `history` is `data.history` (results of every year with ranks), `final` the year's final levels
    of every agency (`data.final_levels`), `scores` the agency's score rows (`data.agency_levels`),
    `levels_before` its final levels of the previous result (what changed), `commitments` what
    `data.commitments` gives the viewer. With `partners` (the profile's learning partners, already found)
    `final` needs only the agency's own rows (`data.agency_final`).
    """
    results = history[history["year"] == year]
    found = results[results["agency_code"] == code]
    if found.empty:
        raise ReportError(f"agency {code!r} is not in the {year} results")
    row = found.iloc[0]
    if not row["submitted"]:
        raise ReportError(f"agency {code!r} has no result in {year}")
    submitted = results[results["submitted"]]
    peers = submitted[submitted["agency_type"] == row["agency_type"]]
    local = not pd.isna(row.get("rank_province"))
    province = row["province_name"] if isinstance(row["province_name"], str) else None
    previous = sorted(y for y in history["year"].unique() if y < year)
    targets = [item["index"] for item in framework.reference.get("targets", []) if item["year"] == year]
    target = max(targets) if targets else None

    groups = [nodes for _depth, nodes in group_levels(framework)]
    domains = _scores_frame(row, groups[0], results, framework, year, lang) if groups else _scores_frame(row, (), results, framework, year, lang)
    aspects = _scores_frame(row, groups[1] if len(groups) > 1 else (), results, framework, year, lang)
    levels = instansi.indicator_levels(final, code)
    table = instansi.level_table(scores, levels, framework, lang) if levels else pd.DataFrame()
    # The path as the profile shows it: one row per indicator ("I47 3 → 5"), fewest raises first.
    plan = instansi.path_plan(levels, framework, year, lang) if levels else None
    steps = plan[0].assign(step=range(1, len(plan[0]) + 1)) if plan is not None else None
    strengths = instansi.strengths_weaknesses(levels, framework, lang) if levels else pd.DataFrame()
    shown_partners = pd.DataFrame(columns=["code", "indicator", "agency_code", "agency_name", "level", "index"])
    if levels:
        found_partners = partners if partners is not None else instansi.learning_partners(
            final, code, instansi.weakest_indicators(levels, framework), results, framework)
        shown_partners = found_partners.assign(
            indicator=found_partners["code"].map(lambda c: f"{c} {framework.node(c).label(lang)}"))

    report = AgencyReport(
        lang=lang, year=int(year), framework=framework, code=code, name=str(row["agency_name"]),
        type_slug=str(row["agency_type"]), place=province or t("instansi.central", lang=lang), province=province,
        # One label for the stage an index comes from, as on every page.
        stage="final", as_of=as_of, sample=sample,
        index=float(row["index"]), band=framework.rating_for(float(row["index"]), year),
        rank=_int(row["rank"]), ranked=len(submitted), rank_type=_int(row["rank_type"]), type_count=len(peers),
        rank_province=_int(row["rank_province"]) if local else None,
        province_count=int((peers["province_code"] == row["province_code"]).sum()) if local else None,
        rank_change=_int(row["rank_change"]), previous_year=int(previous[-1]) if previous else None, target=target,
        domains=domains, aspects=aspects, levels=table, steps=steps, strengths=strengths, partners=shown_partners,
        framework_version=_int(row.get("framework_version")),
    )
    report.specs = chart_specs(report)
    _between_rounds(report, history, levels, levels_before, commitments)
    return report


def _between_rounds(report: AgencyReport, history: pd.DataFrame, levels: dict[str, float],
                    levels_before: dict[str, float] | None, commitments: pd.DataFrame | None) -> None:
    """Fill the report's 'what changed' sentence and its commitments (line and rows) where there are any."""
    from dashboard.logic import changes, komitmen
    from dashboard.render.commitments import card_text

    if levels_before is not None:
        what = changes.compute_what_changed(history, levels_before, levels, report.code, report.year, report.framework)
        report.change_text = changes.change_sentence(what, report.framework, report.lang) if what else ""
    if commitments is not None and not commitments.empty:
        counts = komitmen.card_counts(commitments, report.code, report.year)
        report.commitments_text = card_text(counts, report.lang) if counts else ""
        report.commitments = commitments[commitments["agency_code"] == report.code]


def chart_specs(report: AgencyReport) -> dict[str, dict]:
    """Return the Vega-Lite specs of the report's charts, built by the profile page's chart builders."""
    lang, fw = report.lang, report.framework
    titles = {"value": t("col.score", lang=lang), "rating": t("col.rating", lang=lang),
              "peer": t("instansi.peer_median", lang=lang), "target": t("chart.target", lang=lang, year=report.year)}
    specs = {}
    columns = has_chart_columns(report)
    for key, frame in (("domains", report.domains), ("aspects", report.aspects)):
        if not frame.empty:
            # In columns the aspect bars carry the legends for both bar charts.
            sized = {"step": PDF_BAR_STEP, "legends": key == "aspects"} if columns else {}
            chart = charts.score_bars_chart(frame, fw, lang, titles, report.target, **sized).properties(
                width=int(BARS_COLUMN_MM / BARS_MM_PER_PX) - CHART_PADDING_PX if columns else BARS_WIDTH)
            specs[key] = charts.with_locale(chart.to_dict(), lang)
    if not report.levels.empty:
        rows = instansi.heat_rows(report.levels)
        # The cells share the column's width; the aspect names a pixel smaller than on screen, so the longest fits.
        sized = {"row_step": PDF_STRIP_ROW, "name_size": charts.FONT_SIZE - 2,
                 "cell": (int(STRIP_COLUMN_MM / STRIP_MM_PER_PX) - CHART_PADDING_PX) // int(rows["position"].max())} \
            if columns else {}
        chart = charts.heat_strip_chart(rows, fw,
                                        {"level": t("col.level", lang=lang), "indicator": t("col.indicator", lang=lang)},
                                        unanswered_legend(fw, t("level.unanswered", lang=lang)), **sized)
        # The strip keeps its own steps: a row per parent with the parent's name written above its cells.
        specs["indicators"] = charts.with_locale(chart.to_dict(), lang)
    return specs


def has_chart_columns(report: AgencyReport) -> bool:
    """Return whether the PDF draws the bars in a column beside the indicator strip (a second level's bars exist)."""
    return not report.aspects.empty and not report.levels.empty


def render_charts(report: AgencyReport, scale: float = 2.0) -> dict[str, bytes]:
    """Render the report's charts to PNG with vl-convert (offline), keyed like `report.specs`."""
    import vl_convert

    return {key: vl_convert.vegalite_to_png(spec, scale=scale) for key, spec in report.specs.items()}


def summary_rows(report: AgencyReport) -> list[tuple[str, Any]]:
    """Return the key figures as (label, value) pairs, numbers unrounded."""
    text = report.text
    rows: list[tuple[str, Any]] = [
        (t("col.agency", lang=report.lang), report.name), (t("col.code", lang=report.lang), report.code),
        (t("col.type", lang=report.lang), t(f"type.{report.type_slug}", lang=report.lang)),
        (t("col.province", lang=report.lang), report.province or report.place),
        (t("col.year", lang=report.lang), report.year), (text("report.index"), report.index),
        (text("report.rating"), report.band.text(report.lang)),
        (text("report.rank_national"), report.rank), (text("report.ranked"), report.ranked),
        (text("report.rank_type", type=t(f"type.{report.type_slug}", lang=report.lang)), report.rank_type),
    ]
    if report.rank_province is not None:
        rows.append((text("report.rank_province", province=report.place), report.rank_province))
    if report.rank_change is not None:
        rows.append((t("col.rank_change", lang=report.lang), report.rank_change))
    rows.append((t("data_caption", lang=report.lang, year=report.year, stage=t(f"stage.{report.stage}", lang=report.lang),
                   as_of=_when(report.as_of)), ""))
    if report.sample:
        rows.append((text("report.sample"), ""))
    return rows


def _when(value: Any) -> str:
    return value.strftime("%d-%m-%Y %H:%M") if hasattr(value, "strftime") else "–"


def made_at() -> str:
    """Return the report's creation time (UTC) as text."""
    return datetime.now(UTC).strftime("%d-%m-%Y %H:%M UTC")


def write_report_xlsx(report: AgencyReport) -> bytes:
    """Return the report's numbers as an XLSX workbook: one sheet per section, unrounded, formula-safe."""
    lang = report.lang
    col = {key: t(f"col.{key}", lang=lang) for key in ("aspect", "code", "indicator", "level", "level_name", "score",
                                                        "rating", "step", "level_change", "index_gain", "index_after",
                                                        "strengths", "weaknesses", "unanswered", "agency", "index")}
    summary = pd.DataFrame(summary_rows(report), columns=[report.text("report.field"), report.text("report.value")])
    sheets: list[tuple[str, pd.DataFrame]] = [(report.text("report.sheet.summary"), summary)]
    fw = report.framework
    parent = fw.level_label(fw.depth - 1, lang) if fw.depth > 1 else col["index"]
    for depth, frame in ((1, report.domains), (2, report.aspects)):
        if not frame.empty:
            node = fw.level_label(depth, lang)
            sheets.append((node, pd.DataFrame({
                col["code"]: frame["code"], node: frame["node"], col["score"]: frame["value"],
                col["rating"]: frame["rating_label"], report.text("report.peer_median"): frame["peer_median"]})))
    if not report.levels.empty:
        sheets.append((report.text("report.sheet.indicators"), report.levels[["aspect", "code", "name", "level",
                                                                             "level_name"]].set_axis(
            [parent, col["code"], col["indicator"], col["level"], col["level_name"]], axis=1)))
    if report.steps is not None and not report.steps.empty:
        steps = report.steps
        sheets.append((report.text("report.sheet.path"), pd.DataFrame({
            col["step"]: steps["step"], col["code"]: steps["code"], col["indicator"]: steps["name"],
            report.text("report.level_from"): steps["from_level"], report.text("report.level_to"): steps["to_level"],
            col["index_gain"]: steps["index_gain"], col["index_after"]: steps["index_after"]})))
    if not report.strengths.empty:
        sheets.append((report.text("report.sheet.sw"), report.strengths.set_axis(
            [parent, col["score"], col["strengths"], col["weaknesses"], col["unanswered"]], axis=1)))
    if not report.commitments.empty:
        sheets.append((report.text("report.sheet.commitments"), report.commitments[[
            "indicator", "target_level", "target_year", "base_level", "level", "status", "responsible", "meeting",
            "note"]].assign(status=report.commitments["status"].map(lambda s: report.text(f"commitment.status.{s}")))))
    if not report.partners.empty:
        sheets.append((report.text("report.sheet.partners"), pd.DataFrame({
            col["indicator"]: report.partners["indicator"], col["agency"]: report.partners["agency_name"],
            col["level"]: report.partners["level"], col["index"]: report.partners["index"]})))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as writer:
        for name, frame in sheets:
            safe = neutralize_frame(frame)
            safe.to_excel(writer, index=False, sheet_name=name[:31])
            sheet = writer.sheets[name[:31]]
            for i, column in enumerate(safe.columns):
                width = max([len(str(column)), *(len(str(v)) for v in safe[column].head(60))]) if len(safe) else 12
                sheet.set_column(i, i, min(max(width + 2, 8), 70))
    return buffer.getvalue()


def file_name(code: str, year: int, lang: str, extension: str, framework_code: str) -> str:
    """Return the download name, e.g. `laporan-<framework code>-35.10-2024.pdf`."""
    stem = f"laporan-{framework_code}" if lang == "id" else f"{framework_code}-report"
    return f"{stem}-{code}-{year}.{extension}"
