"""Mode rapat slides as HTML (pure): every slide carries one message in its title; colours come with their label."""

from __future__ import annotations

import html
import math

import pandas as pd

from dashboard.logic import ringkasan
from dashboard.logic.formatting import fmt_index, fmt_number, fmt_signed, is_missing, level_word
from dashboard.logic.ranks import compute_rank_move
from dashboard.logic.rapat import MAX_PATH_ROWS, TOP_N, movers, rating_distribution, shared_prefix
from dashboard.render.charts import text_color_for
from dashboard.render.scales import index_domain, level_text
from i18n import t
from indicators import Band, Framework


def _e(text: object) -> str:
    return html.escape(str(text))


def _kicker(kind: str, framework: Framework, year: int, lang: str) -> str:
    return t(f"rapat.kicker.{kind}", lang=lang, year=year, framework=framework.short_text(lang),
             rating_name=_rating_name(framework, lang))


def _rating_name(framework: Framework, lang: str) -> str:
    """The framework's word for its bands, inside a sentence ('predikat', 'kelompok')."""
    return (framework.rating_name.get(lang) or framework.rating_name["id"]).lower()


def badge(band: Band | None, lang: str) -> str:
    """Return the rating as a coloured label with its name written inside (never colour alone)."""
    if band is None:
        return f'<span class="tera-badge tera-badge-none">{_e(t("not_submitted", lang=lang))}</span>'
    return (f'<span class="tera-badge" style="background:{band.color};color:{text_color_for(band.color)}">'
            f"{_e(band.text(lang))}</span>")


def frame(kind: str, kicker: str, title: str, body: str) -> str:
    """Return one slide: a small line naming the section, the message as title, and the body."""
    return (f'<section class="tera-slide" data-kind="{_e(kind)}">'
            f'<div class="tera-kicker">{_e(kicker)}</div><h1 class="tera-title">{_e(title)}</h1>'
            f'<div class="tera-body">{body}</div></section>')


def message(kind: str, kicker: str, title: str, text: str) -> str:
    """Return a slide that only says something (no data for this slide)."""
    return frame(kind, kicker, title, f'<p class="tera-note">{_e(text)}</p>')


def _figure(label: str, value: str, extra: str = "") -> str:
    return (f'<div class="tera-figure"><div class="tera-figure-value">{_e(value)}</div>'
            f'<div class="tera-figure-label">{_e(label)}</div>{extra}</div>')


def summary_slide(history: pd.DataFrame, year: int, framework: Framework, lang: str) -> str:
    """National summary: agencies with results, published national index, computed mean and median."""
    overview = ringkasan.compute_overview(history, year, framework)
    kicker = _kicker("ringkasan", framework, year, lang)
    if overview.submitted == 0:
        return message("ringkasan", kicker, t("rapat.no_results", lang=lang, year=year),
                       t("rapat.no_results_note", lang=lang))
    published = (overview.published or {}).get("index")
    headline = published if published is not None else overview.mean
    band = framework.rating_for(headline, year)
    key = "rapat.summary_title_published" if published is not None else "rapat.summary_title_mean"
    title = t(key, lang=lang, year=year, index=fmt_index(headline, year, framework, lang), rating=band.text(lang),
              framework=framework.short_text(lang), rating_name=_rating_name(framework, lang))
    figures = [_figure(t("ringkasan.evaluated", lang=lang), fmt_number(overview.submitted, 0, lang),
                       f'<div class="tera-figure-sub">{_e(t("rapat.of_registry", lang=lang, n=fmt_number(overview.evaluated, 0, lang)))}</div>')]
    if published is not None:
        previous = (overview.previous_published or {}).get("index")
        sub = (f'<div class="tera-figure-sub">{_e(t("rapat.vs_year", lang=lang, delta=fmt_signed(published - previous, framework.decimals, lang), year=year - 1))}</div>'
               if previous is not None else "")
        figures.append(_figure(t("ringkasan.published_index", lang=lang), fmt_index(published, year, framework, lang),
                               badge(band, lang) + sub))
    mean_band = framework.rating_for(overview.mean, year)
    sub = ""
    if overview.previous_mean is not None:
        sub = (f'<div class="tera-figure-sub">{_e(t("rapat.vs_year", lang=lang, delta=fmt_signed(overview.mean - overview.previous_mean, framework.decimals, lang), year=year - 1))}</div>')
    figures.append(_figure(t("ringkasan.computed_mean", lang=lang), fmt_index(overview.mean, year, framework, lang),
                           badge(mean_band, lang) + sub))
    figures.append(_figure(t("ringkasan.computed_median", lang=lang),
                           fmt_index(overview.median, year, framework, lang)))
    return frame("ringkasan", kicker, title, f'<div class="tera-figures">{"".join(figures)}</div>')


def distribution_slide(results: pd.DataFrame, year: int, framework: Framework, lang: str) -> str:
    """Rating distribution: one labelled bar per rating, with count and share written beside it."""
    kicker = _kicker("distribusi", framework, year, lang)
    dist = rating_distribution(results, framework, lang)
    total = int(dist["count"].sum())
    if total == 0:
        return message("distribusi", kicker, t("rapat.no_results", lang=lang, year=year),
                       t("rapat.no_results_note", lang=lang))
    # The message: how many reach the middle band or better (SPBE's national targets are stated as "Baik or better").
    middle = middle_band(framework)
    good = [b.slug for b in framework.rating_bands if b.min >= middle.min]
    reached = int(dist.loc[dist["slug"].isin(good), "count"].sum())
    title = t("rapat.distribution_title", lang=lang, n=fmt_number(reached, 0, lang), total=fmt_number(total, 0, lang),
              share=fmt_number(100 * reached / total, 0, lang), rating=middle.text(lang))
    peak = max(int(dist["count"].max()), 1)
    rows = []
    for item in dist.itertuples():
        width = 100 * item.count / peak
        ink = text_color_for(item.color)
        rows.append(
            f'<div class="tera-dist-row"><div class="tera-dist-label">'
            f'<span class="tera-badge" style="background:{item.color};color:{ink}">{_e(item.label)}</span></div>'
            f'<div class="tera-dist-track"><div class="tera-dist-bar" style="width:{width:.1f}%;background:{item.color}">'
            f'</div></div><div class="tera-dist-value">{_e(fmt_number(item.count, 0, lang))} '
            f'<span class="tera-dim">({_e(fmt_number(100 * item.share, 0, lang))} %)</span></div></div>')
    return frame("distribusi", kicker, title, f'<div class="tera-dist">{"".join(rows)}</div>')


def middle_band(framework: Framework) -> Band:
    """Return the band in the middle of the framework's bands (the upper middle for an even count): SPBE's Baik."""
    bands = framework.rating_bands  # best first
    return bands[(len(bands) - 1) // 2]


def _table(headers: list[tuple[str, str]], rows: list[list[str]]) -> str:
    head = "".join(f'<th class="{cls}">{_e(text)}</th>' for text, cls in headers)
    body = "".join("<tr>" + "".join(f'<td class="{headers[i][1]}">{_clamp(cell, headers[i][1])}</td>'
                                    for i, cell in enumerate(row)) + "</tr>" for row in rows)
    return f'<table class="tera-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _clamp(cell: str, cls: str) -> str:
    # Names may take two lines on a slide, never more: a third would push the table off the screen.
    return f'<div class="tera-clamp">{cell}</div>' if cls == "name" else cell


def top_slide(results: pd.DataFrame, year: int, framework: Framework, lang: str) -> str:
    """Top ten: rank, agency, type, index and rating label."""
    kicker = _kicker("teratas", framework, year, lang)
    top, _ = ringkasan.top_bottom(results, TOP_N)
    if top.empty:
        return message("teratas", kicker, t("rapat.no_results", lang=lang, year=year),
                       t("rapat.no_results_note", lang=lang))
    first = top.iloc[0]
    title = t("rapat.top_title", lang=lang, n=len(top), year=year, agency=first["agency_name"],
              framework=framework.short_text(lang))
    rows = [[_e(int(r["rank"])), _e(r["agency_name"]), _e(t(f"type.{r['agency_type']}", lang=lang)),
             _e(fmt_index(r["index"], year, framework, lang)), badge(framework.rating_for(r["index"], year), lang)]
            for _, r in top.iterrows()]
    headers = [(t("col.rank", lang=lang), "num"), (t("col.agency", lang=lang), "name"), (t("col.type", lang=lang), "type"),
               (t("col.index", lang=lang), "num"), (t("col.rating", lang=lang), "rating")]
    return frame("teratas", kicker, title, _table(headers, rows))


def movers_slide(results: pd.DataFrame, year: int, framework: Framework, lang: str, falling: bool = False) -> str:
    """Biggest rank gains (or, `falling`, losses) over the previous year: agency, rank before → now, change, index."""
    kind = "turun" if falling else "naik"
    kicker = _kicker(kind, framework, year, lang)
    up = movers(results, falling=falling)
    if up.empty:
        return message(kind, kicker, t("rapat.movers_none_title", lang=lang, year=year),
                       t("rapat.fallers_none" if falling else "rapat.movers_none", lang=lang))
    first = up.iloc[0]
    title = t("rapat.fallers_title" if falling else "rapat.movers_title", lang=lang, agency=first["agency_name"],
              places=fmt_number(abs(int(first["rank_change"])), 0, lang))
    rows = [[_e(r["agency_name"]), _e(f"{int(r['previous_rank'])} → {int(r['rank'])}"),
             f'<strong>{_e(fmt_signed(float(r["rank_change"]), 0, lang))}</strong>',
             _e(fmt_index(r["index"], year, framework, lang)), badge(framework.rating_for(r["index"], year), lang)]
            for _, r in up.iterrows()]
    headers = [(t("col.agency", lang=lang), "name"), (t("rapat.col.rank_move", lang=lang, year=year - 1), "num"),
               (t("col.rank_change", lang=lang), "num"), (t("col.index", lang=lang), "num"),
               (t("col.rating", lang=lang), "rating")]
    return frame(kind, kicker, title, _table(headers, rows))


def _agency_kicker(row: pd.Series, year: int, lang: str) -> str:
    place = row["province_name"] if isinstance(row["province_name"], str) else t("instansi.central", lang=lang)
    return f"{t(f'type.{row.agency_type}', lang=lang)} · {place} · {year}"


# Top-level bars drawn one per row on the agency slide; more go in two columns of shrinking rows.
BARS_IN_ONE_COLUMN = 4


def _rank(value) -> str:
    # An agency user's own result before publication has no rank among published results: "–", never a crash.
    return "–" if is_missing(value) else str(int(value))


def profile_slide(results: pd.DataFrame, code: str | None, year: int, framework: Framework, lang: str) -> str:
    """One agency: index, rating, ranks and the top-level node scores (SPBE: the four domains) as labelled bars."""
    kicker = _kicker("profil", framework, year, lang)
    if not code:
        return message("profil", kicker, t("rapat.no_agency_title", lang=lang), t("rapat.no_agency", lang=lang))
    found = results[results["agency_code"] == code]
    if found.empty:
        return message("profil", kicker, t("rapat.unknown_agency_title", lang=lang, code=code),
                       t("rapat.unknown_agency", lang=lang, year=year))
    row = found.iloc[0]
    kicker = _agency_kicker(row, year, lang)
    if not row["submitted"]:
        return message("profil", kicker, row["agency_name"], t("instansi.not_submitted", lang=lang, year=year))
    band = framework.rating_for(row["index"], year)
    title = t("rapat.profile_title", lang=lang, agency=row["agency_name"],
              index=fmt_index(row["index"], year, framework, lang), rating=band.text(lang))
    submitted = int(results["submitted"].sum())
    peers = int((results["submitted"] & (results["agency_type"] == row["agency_type"])).sum())
    move = compute_rank_move(row["rank_change"], lang)
    # In words ("turun 45 peringkat"), coloured like the profile: a sign alone reads wrongly on a projector.
    moved = "" if move is None else (
        f'<div class="tera-figure-sub tera-move-{move.direction}">'
        f'{_e(t("rapat.rank_change", lang=lang, delta=move.text))}</div>')
    figures = (_figure(t("col.index", lang=lang), fmt_index(row["index"], year, framework, lang), badge(band, lang))
               + _figure(t("instansi.rank_national", lang=lang),
                         f"{_rank(row['rank'])} / {fmt_number(submitted, 0, lang)}", moved)
               + _figure(t("instansi.rank_type", lang=lang, type=t(f"type.{row.agency_type}", lang=lang)),
                         f"{_rank(row['rank_type'])} / {fmt_number(peers, 0, lang)}"))
    bars = []
    low, high = index_domain(framework)
    for domain in framework.top_nodes:
        value = row.get(domain.code)
        if is_missing(value):
            continue
        dband = framework.rating_for(float(value), year)
        width = 100 * (float(value) - low) / (high - low)
        bars.append(
            f'<div class="tera-bar-row"><div class="tera-bar-label" title="{_e(domain.code)} {_e(domain.label(lang))}">'
            f'{_e(domain.code)} {_e(domain.label(lang))}</div>'
            f'<div class="tera-bar-track"><div class="tera-bar" style="width:{width:.1f}%;background:{dband.color}">'
            f'</div></div><div class="tera-bar-value">{_e(fmt_number(float(value), framework.decimals, lang))} {badge(dband, lang)}</div>'
            f"</div>")
    # Up to four bars (SPBE's domains) fill the slide; more (nine aspects, twelve pillars) go in two columns
    # whose rows shrink with their number, so every top-level node fits from 1280×720 up.
    many = len(bars) > BARS_IN_ONE_COLUMN
    rows = -(-len(bars) // 2) if many else len(bars)
    listing = (f'<div class="tera-bars-grid" style="--rows:{rows}">{"".join(bars)}</div>' if many else "".join(bars))
    domains = (f'<div class="tera-bars{" tera-bars-many" if many else ""}"><div class="tera-bars-title">'
               f'{_e(t("instansi.level_scores_title", lang=lang, level=level_word(framework, 1, lang)))}</div>'
               f'{listing}</div>') if bars else ""
    return frame("profil", kicker, title, f'<div class="tera-figures tera-figures-3">{figures}</div>{domains}')


def path_slide(results: pd.DataFrame, code: str | None, levels: dict[str, float], steps: pd.DataFrame | None,
               year: int, framework: Framework, lang: str) -> str:
    """One agency's path to the next rating, one row per indicator to raise ("I47 3 → 5"), as on the profile.

    `steps` is `instansi.path_plan`'s grouped path (code, name, from_level, to_level, raises, index_gain,
    index_after), None when levels are missing, empty at the top band.
    """
    kicker = _kicker("jalan", framework, year, lang)
    found = results[results["agency_code"] == code] if code else results.iloc[0:0]
    if found.empty:
        return message("jalan", kicker, t("rapat.unknown_agency_title", lang=lang, code=code or "–"),
                       t("rapat.unknown_agency", lang=lang, year=year))
    row = found.iloc[0]
    kicker = f"{_agency_kicker(row, year, lang)} · {t('instansi.path_title', lang=lang)}"
    if not row["submitted"]:
        return message("jalan", kicker, row["agency_name"], t("instansi.not_submitted", lang=lang, year=year))
    if not levels:
        return message("jalan", kicker, row["agency_name"], t("instansi.no_indicators", lang=lang, year=year))
    if steps is None:
        return message("jalan", kicker, row["agency_name"], t("instansi.path_incomplete", lang=lang))
    if steps.empty:
        return message("jalan", kicker, row["agency_name"], t("instansi.path_top", lang=lang))
    goal = framework.rating_for(steps["index_after"].iloc[-1], year)
    title = t("rapat.path_title", lang=lang, agency=row["agency_name"], steps=int(steps["raises"].sum()),
              indicators=len(steps), rating=goal.text(lang))
    shown = steps.head(MAX_PATH_ROWS)
    # The profile's decimals: the framework's, one more (truncated) only where rounding would reach the next band.
    rows = [[f"<strong>{_e(s.code)}</strong> {_e(short_name(s.name, framework, lang))}",
             _e(f"{level_text(framework, s.from_level)} → {level_text(framework, s.to_level)}"),
             _e("+" + fmt_number(s.index_gain, framework.decimals, lang)),
             _e(fmt_index(s.index_after, year, framework, lang))]
            for s in shown.itertuples()]
    headers = [(t("col.indicator", lang=lang), "name"), (t("col.level_change", lang=lang), "num"),
               (t("col.index_gain", lang=lang), "num"), (t("col.index_after", lang=lang), "num")]
    body = _table(headers, rows)
    if len(steps) > len(shown):
        body += f'<p class="tera-note">{_e(t("rapat.more_steps", lang=lang, n=len(steps) - len(shown)))}</p>'
    start = fmt_index(row["index"], year, framework, lang)
    body += (f'<p class="tera-note">{_e(t("rapat.path_from", lang=lang, index=start, band=framework.rating_for(row["index"], year).text(lang)))} '
             f"{badge(goal, lang)}</p>")
    return frame("jalan", kicker, title, body)


def short_name(name: str, framework: Framework, lang: str) -> str:
    """Return an indicator name without the words every indicator name of the framework starts with.

    On a slide a prefix shared by all names (SPBE's "Tingkat Kematangan ...") only pushes the real name off the line.
    """
    prefix = shared_prefix(tuple(node.label(lang) for node in framework.leaves))
    short = name.removeprefix(prefix) if prefix and name != prefix else name
    return short[:1].upper() + short[1:]


def countdown_html(seconds_left: float, lang: str) -> str:
    """Return the visible auto-advance countdown (whole seconds, never below 0)."""
    left = max(0, math.ceil(seconds_left))
    return f'<div class="tera-countdown" role="timer">{_e(t("rapat.countdown", lang=lang, seconds=left))}</div>'
