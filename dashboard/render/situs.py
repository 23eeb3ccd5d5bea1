"""Write the static public site as plain files: HTML from Jinja2 templates (autoescaped), SVG charts, CSV downloads.

Every value from the store or a file reaches the page through template autoescaping (names, codes,
labels) or as a number formatted here; band colours go into `style` only when they are plain hex
colours. Charts are SVG rendered offline by vl-convert and linked as images, never inlined.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

import jinja2
import pandas as pd

from dashboard.logic import peringkat, ringkasan, situs, wilayah
from dashboard.logic.formatting import fmt_index, fmt_number, is_missing, level_word
from dashboard.render import charts, export
from i18n import t
from indicators import Framework

TEMPLATES = Path(__file__).resolve().parent / "templates" / "situs"
LANGUAGES = ("id", "en")
ASSETS = ("situs.css", "situs.js")
_HEX = re.compile(r"#[0-9A-Fa-f]{3,8}")
DEFAULT_BAND_COLOR = "#888888"
CHART_WIDTH = 640  # pixels of every chart's plot on the static pages
BAR_WIDTH = 420  # pixels of the full index range in a profile's bars (of a 600 px wide drawing)


@dataclass(frozen=True)
class SiteContent:
    """What the public may see of one year and framework, read through the public viewer, and where the app lives."""

    framework: Framework
    year: int
    history: pd.DataFrame  # results of every published year (public viewer), with ranks
    final: pd.DataFrame  # the year's final values (public viewer)
    published_at: datetime | None
    generated_at: datetime
    app_url: str  # base URL of the live app, e.g. "/" or "https://tera.example.go.id/"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def _color(value: object) -> str:
    return str(value) if isinstance(value, str) and _HEX.fullmatch(value) else DEFAULT_BAND_COLOR


class _Look:
    """Formatting of one language and framework: numbers, bands and agency types as page text."""

    def __init__(self, content: SiteContent, lang: str) -> None:
        self.fw, self.year, self.lang = content.framework, content.year, lang
        self.bands = {b.slug: b for b in self.fw.rating_bands}

    def index(self, value: object, year: int | None = None) -> str:
        return fmt_index(None if is_missing(value) else float(value), year or self.year, self.fw, self.lang)

    def number(self, value: object, decimals: int | None = None) -> str:
        return fmt_number(None if is_missing(value) else float(value),
                          self.fw.decimals if decimals is None else decimals, self.lang)

    def rank(self, value: object) -> str:
        return "–" if is_missing(value) else str(int(value))

    def band(self, slug: object) -> dict:
        band = self.bands.get(slug) if isinstance(slug, str) else None
        if band is None:
            return {"rating": "", "color": DEFAULT_BAND_COLOR, "ink": "#000000"}
        color = _color(band.color)
        return {"rating": band.text(self.lang), "color": color, "ink": charts.text_color_for(color)}


def _labels(content: SiteContent, lang: str) -> dict[str, str]:
    fw, year = content.framework, content.year
    stamp = content.published_at.strftime("%Y-%m-%d") if content.published_at else "–"
    return {
        "site": t("app.title", lang=lang),
        "overview": t("nav.overview", lang=lang), "ranking": t("nav.ranking", lang=lang),
        "regions": t("wilayah.nav", lang=lang),
        "other_language": t("lang.en" if lang == "id" else "lang.id", lang=lang),
        "live_app": t("situs.live_app", lang=lang),
        "snapshot": t("situs.snapshot", lang=lang, date=stamp),
        "public_note": t("situs.public_note", lang=lang),
        "generated": t("situs.generated", lang=lang, date=content.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
        "counts_title": t("ringkasan.counts_title", lang=lang),
        "histogram_title": t("ringkasan.histogram_title", lang=lang),
        "trend_title": t("ringkasan.trend_title", lang=lang, level=level_word(fw, 1, lang)),
        "rank": t("col.rank", lang=lang), "agency": t("col.agency", lang=lang), "index": t("col.index", lang=lang),
        "rating": t("col.rating", lang=lang), "type": t("col.type", lang=lang),
        "province": t("col.province", lang=lang), "year": t("col.year", lang=lang),
        "code": t("col.code", lang=lang), "indicator": t("col.indicator", lang=lang),
        "level": t("col.level", lang=lang), "level_name": t("col.level_name", lang=lang),
        "download_csv": t("situs.download_csv", lang=lang), "all": t("situs.all", lang=lang),
        "search": t("situs.search", lang=lang), "not_submitted": t("situs.not_submitted", lang=lang),
        "indicators_title": t("situs.indicators_title", lang=lang),
        "history_title": t("situs.history_title", lang=lang),
        "scores_title": t("situs.scores_title", lang=lang, level=level_word(fw, 1, lang)),
        "members": t("situs.members", lang=lang), "province_mean": t("situs.province_mean", lang=lang),
        "own_index": t("situs.own_index", lang=lang), "submitted_count": t("situs.submitted_count", lang=lang),
        "year_title": f"{fw.short_text(lang)} {year}",
    }


def _live_url(content: SiteContent, lang: str, path: str = "", **params: str) -> str:
    query = urlencode({"tahun": content.year, "kerangka": content.framework.code, "lang": lang, **params})
    return f"{content.app_url.rstrip('/')}/{path}?{query}"


def write_site_files(content: SiteContent, out: Path) -> list[Path]:
    """Write the whole site under `out` (one folder per language, `data/` for CSV); return the files written."""
    env = _environment()
    written: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    for asset in ASSETS:
        shutil.copyfile(TEMPLATES / asset, out / asset)
        written.append(out / asset)
    written += _write_data(content, out / "data")
    for lang in LANGUAGES:
        written += _write_language(env, content, lang, out / lang)
    index = out / "index.html"
    index.write_text('<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=id/index.html">'
                     '<a href="id/index.html">Tera</a>\n', encoding="utf-8")
    return [*written, index]


def _write_data(content: SiteContent, folder: Path) -> list[Path]:
    (folder / "instansi").mkdir(parents=True, exist_ok=True)
    fw, year = content.framework, content.year
    rows = situs.ranked_rows(content.history, year)
    table = peringkat.ranking_export(rows, fw, year, "id")[peringkat.ranking_export_columns(fw, True, False)]
    ranking = folder / f"peringkat-{year}.csv"
    ranking.write_bytes(export.write_csv(table, float_format="%.6f"))
    written = [ranking]
    for page in situs.agency_pages(content.history, content.final, year, fw, "id"):
        if not page.levels:
            continue
        path = folder / "instansi" / page_csv(page.code, year)
        frame = pd.DataFrame(page.levels)[["code", "name", "level", "level_name"]]
        path.write_bytes(export.write_csv(frame, float_format="%g"))
        written.append(path)
    return written


def page_csv(agency_code: str, year: int) -> str:
    """Return the file name of an agency's indicator-level CSV of a year."""
    return situs.page_name(agency_code).removesuffix(".html") + f"-{year}.csv"


def _page(env: jinja2.Environment, name: str, path: Path, **context: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(env.get_template(name).render(**context), encoding="utf-8")
    return path


def _write_language(env: jinja2.Environment, content: SiteContent, lang: str, folder: Path) -> list[Path]:
    fw, year = content.framework, content.year
    look, labels = _Look(content, lang), _labels(content, lang)
    other = "en" if lang == "id" else "id"
    rows = situs.ranked_rows(content.history, year)
    common = {"lang": lang, "other_lang": other, "L": labels, "framework_title": fw.short_text(lang), "year": year}
    top = {"root": "../", "base": ""}
    written = _write_charts(content, lang, rows, folder / "charts")
    best, worst = ringkasan.top_bottom(rows, 10)
    written.append(_page(env, "ringkasan.html", folder / "index.html", **common, **top, here="index.html",
                         title=t("ringkasan.title", lang=lang, framework=fw.short_text(lang), year=year),
                         live_url=_live_url(content, lang), figures=_figures(content, look, lang),
                         tops=[(t("ringkasan.top_title", lang=lang), [_row(r, look, lang) for _, r in best.iterrows()]),
                               (t("ringkasan.bottom_title", lang=lang), [_row(r, look, lang) for _, r in worst.iterrows()])]))
    written.append(_page(env, "peringkat.html", folder / "peringkat.html", **common, **top, here="peringkat.html",
                         title=t("peringkat.title", lang=lang, framework=fw.short_text(lang), year=year),
                         live_url=_live_url(content, lang, "peringkat"), csv_name=f"peringkat-{year}.csv",
                         types=[(s, t(f"type.{s}", lang=lang)) for s in dict.fromkeys(rows["agency_type"].dropna())],
                         provinces=situs.province_options(rows),
                         top_nodes=[{"code": n.code, "name": n.label(lang)} for n in fw.top_nodes],
                         rows=[_row(r, look, lang) for _, r in rows.iterrows()]))
    written.append(_page(env, "wilayah.html", folder / "wilayah.html", **common, **top, here="wilayah.html",
                         title=t("wilayah.title", lang=lang, year=year), live_url=_live_url(content, lang, "wilayah"),
                         provinces=_provinces(rows, look, lang)))
    deep = {"root": "../../", "base": "../"}
    for page in situs.agency_pages(content.history, content.final, year, fw, lang):
        name = situs.page_name(page.code)
        written.append(_page(env, "instansi.html", folder / "instansi" / name, **common, **deep,
                             here=f"instansi/{name}", title=str(page.row["agency_name"]),
                             live_url=_live_url(content, lang, "instansi", kode=page.code),
                             csv_name=page_csv(page.code, year), a=_agency(page, look, lang)))
    return written


def _row(row: pd.Series, look: _Look, lang: str) -> dict:
    status = row.get("index_status")
    return {"rank": look.rank(row.get("rank")), "name": str(row["agency_name"]), "page": situs.page_name(row["agency_code"]),
            "type": str(row["agency_type"]), "type_label": t(f"type.{row['agency_type']}", lang=lang),
            "province_code": "" if is_missing(row.get("province_code")) else str(row["province_code"]),
            "province": "" if is_missing(row.get("province_name")) else str(row["province_name"]),
            "index": look.index(row.get("index"), int(row["year"])),
            "search": f"{row['agency_name']} {row['agency_code']}".lower(),
            "status": t("situs.not_submitted", lang=lang) if status != "scored" else "",
            "nodes": [look.number(row.get(n.code)) for n in look.fw.top_nodes], **look.band(row.get("rating"))}


def _figures(content: SiteContent, look: _Look, lang: str) -> list[tuple[str, str]]:
    overview = ringkasan.compute_overview(content.history, content.year, content.framework)
    figures = [(t("ringkasan.evaluated", lang=lang), look.number(overview.submitted, 0)),
               (t("ringkasan.computed_mean", lang=lang), look.index(overview.mean)),
               (t("ringkasan.computed_median", lang=lang), look.index(overview.median))]
    published = (overview.published or {}).get("index")
    if published is not None:
        figures.insert(1, (t("ringkasan.published_index", lang=lang), look.index(published)))
    return figures


def _write_charts(content: SiteContent, lang: str, rows: pd.DataFrame, folder: Path) -> list[Path]:
    fw, year = content.framework, content.year
    folder.mkdir(parents=True, exist_ok=True)
    labels = {b.slug: b.text(lang) for b in fw.rating_bands}
    counts = ringkasan.rating_counts(rows, fw, lambda slug: t(f"type.{slug}", lang=lang), lang)
    targets = [{"index": item["index"], "label": f"{item['source'].get(lang, item['source']['id'])} "
                f"({fmt_number(item['index'], fw.decimals, lang)})"}
               for item in fw.reference.get("targets", []) if item["year"] == year]
    changes = [{"year": c["year"], "label": c["label"].get(lang, c["label"]["id"])}
               for c in fw.reference.get("method_changes", [])]
    built = {
        "predikat-per-jenis": charts.rating_counts_chart(counts, fw, lang, {
            "group": t("col.type", lang=lang), "count": t("col.count", lang=lang), "rating": t("col.rating", lang=lang)}),
        "sebaran-indeks": charts.histogram_chart(rows.assign(rating_label=rows["rating"].map(labels)), fw, lang, {
            "index": t("col.index", lang=lang), "count": t("col.count", lang=lang),
            "rating": t("col.rating", lang=lang)}, targets),
        "rata-rata": charts.domain_trend_chart(
            ringkasan.domain_trend(content.history[content.history["year"] <= year], fw, lang, t("col.index", lang=lang)),
            fw, {"year": t("col.year", lang=lang), "value": t("col.mean_value", lang=lang),
                 "series": t("col.series", lang=lang)}, changes),
    }
    written = []
    for name, chart in built.items():
        # A static page has no container to fit: a fixed width keeps the trend lines readable.
        spec = {**charts.with_locale(chart.to_dict(validate=False), lang), "width": CHART_WIDTH}
        path = folder / f"{name}.svg"
        path.write_text(export.write_chart_svg(spec), encoding="utf-8")
        written.append(path)
    return written


def _provinces(rows: pd.DataFrame, look: _Look, lang: str) -> list[dict]:
    averages = wilayah.province_averages(rows, look.fw, look.year)
    listed = set(rows["agency_code"])
    found = []
    for _, p in averages.iterrows():
        if is_missing(p["province_name"]):
            continue
        members = wilayah.province_members(rows, p["province_code"])
        found.append({"name": str(p["province_name"]), "mean": look.index(p["mean"]),
                      "page": situs.page_name(p["province_code"]) if p["province_code"] in listed else "",
                      "counts": f"{int(p['submitted'])} / {int(p['total'])}", "own": look.index(p["own_index"]),
                      **look.band(p["rating"]),
                      "members": [{"rank": look.rank(m["rank_in_province"]), "name": str(m["agency_name"]),
                                   "page": situs.page_name(m["agency_code"]), "index": look.index(m["index"])}
                                  for _, m in members.iterrows()]})
    return found


def _agency(page: situs.AgencyPage, look: _Look, lang: str) -> dict:
    row, fw = page.row, look.fw
    low, high = fw.index_range
    nodes = []
    for node in situs.node_rows(row, fw, lang):
        if node["depth"] != 1 or node["value"] is None:
            continue
        share = min(max((node["value"] - low) / (high - low), 0.0), 1.0) if high > low else 0.0
        nodes.append({**node, "value": look.number(node["value"]), "width": round(share * BAR_WIDTH, 1),
                      "color": look.band(fw.rating_for(node["value"], look.year).slug)["color"]})
    return {"code": page.code, "submitted": bool(row["submitted"]),
            "type_label": t(f"type.{row['agency_type']}", lang=lang),
            "province": "" if is_missing(row.get("province_name")) else str(row["province_name"]),
            "index": look.index(row.get("index")), "rank": look.rank(row.get("rank")), **look.band(row.get("rating")),
            "nodes": nodes,
            "levels": [{**level, "level": "–" if level["level"] is None else look.number(level["level"], 0 if float(
                level["level"]).is_integer() else fw.decimals)} for level in page.levels],
            "trend": [{"year": y["year"], "index": look.index(y["index"], y["year"]),
                       "rating": look.band(y["rating"])["rating"], "rank": look.rank(y["rank"])} for y in page.trend]}
