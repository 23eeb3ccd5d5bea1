"""Meeting slides between rounds (pure HTML): last meeting's commitments, and what changed and why for one agency."""

from __future__ import annotations

import pandas as pd

from dashboard.logic import komitmen
from dashboard.logic.changes import WhatChanged, change_sentence, waterfall_range, waterfall_rows
from dashboard.logic.formatting import fmt_number
from dashboard.logic.rapat import TOP_N
from dashboard.render.slides import _e, _table, frame, message
from i18n import t
from indicators import Framework

# Status labels on a slide: a word in a bordered label, the colour only repeating it.
# A slide has room for the sentence and this many indicator bars (plus the rest and the two indices).
SLIDE_BARS = 4
STATUS_CLASS = {"kept": "up", "partly": "same", "missed": "down", "open": "same"}


def commitments_slide(commitments: pd.DataFrame, codes: tuple[str, ...], year: int, framework: Framework,
                      frameworks: dict[str, Framework], lang: str) -> str:
    """'Komitmen rapat lalu': the commitments due in `year` (of the chosen agencies, else all) and whether each was kept."""
    kicker = t("rapat.kicker.komitmen", lang=lang, year=year, framework=framework.short_text(lang))
    due = commitments[(commitments["target_year"] == year) & (commitments["status"] != "withdrawn")]
    if codes:
        due = due[due["agency_code"].isin(codes)]
    if due.empty:
        return message("komitmen", kicker, t("rapat.commitments_none_title", lang=lang, year=year),
                       t("rapat.commitments_none", lang=lang))
    kept = int((due["status"] == "kept").sum())
    title = t("rapat.commitments_title", lang=lang, kept=kept, n=len(due), year=year)
    order = {status: i for i, status in enumerate(komitmen.STATUS_ORDER)}
    due = due.assign(_order=due["status"].map(order)).sort_values(["_order", "agency_name", "indicator"])
    rows = [[_e(r["agency_name"]), _e(komitmen.indicator_text(r["framework_code"], r["indicator"], frameworks,
                                                              framework.code, lang)),
             _e(f"{fmt_number(r['base_level'], 0, lang)} → {fmt_number(r['target_level'], 0, lang)}"),
             _e(fmt_number(r["level"], 0, lang)),
             _status_label(r["status"], lang)]
            for _, r in due.head(TOP_N).iterrows()]
    headers = [(t("col.agency", lang=lang), "name"), (t("col.indicator", lang=lang), "name"),
               (t("rapat.col.promise", lang=lang), "num"), (t("rapat.col.level_now", lang=lang, year=year), "num"),
               (t("komitmen.status", lang=lang), "rating")]
    more = (f'<p class="tera-note">{_e(t("rapat.more_commitments", lang=lang, n=len(due) - TOP_N))}</p>'
            if len(due) > TOP_N else "")
    return frame("komitmen", kicker, title, _table(headers, rows) + more)


def _status_label(status: str, lang: str) -> str:
    word = t(f"commitment.status.{status}", lang=lang)
    return f'<span class="tera-move-{STATUS_CLASS.get(status, "same")}"><strong>{_e(word)}</strong></span>'


def what_changed_slide(what: WhatChanged | None, agency_name: str | None, year: int, framework: Framework,
                       lang: str) -> str:
    """One agency's change since its previous result: the sentence as title and body, the waterfall as labelled bars."""
    kicker = t("rapat.kicker.perubahan", lang=lang, year=year, framework=framework.short_text(lang))
    if what is None:
        return message("perubahan", kicker, agency_name or t("rapat.no_agency_title", lang=lang),
                       t("rapat.change_none", lang=lang))
    sentence = change_sentence(what, framework, lang)
    rows = waterfall_rows(what, framework, lang, bars=SLIDE_BARS)
    low, high = waterfall_range(rows, framework.decimals)
    bars = []
    for _, r in rows.iterrows():
        start = low if r["kind"] == "total" else min(r["start"], r["end"])
        stop = r["end"] if r["kind"] == "total" else max(r["start"], r["end"])
        left, width = 100 * (start - low) / (high - low), max(0.4, 100 * (stop - start) / (high - low))
        color = {"total": "#6E6E6E", "up": "#1B7F3B", "down": "#C62828"}[r["kind"]]
        bars.append(f'<div class="tera-bar-row"><div class="tera-bar-label">{_e(r["label"])}</div>'
                    f'<div class="tera-bar-track"><div class="tera-bar" style="margin-left:{left:.1f}%;'
                    f'width:{width:.1f}%;background:{color}"></div></div>'
                    f'<div class="tera-bar-value">{_e(r["text"])}</div></div>')
    body = f'<p class="tera-note">{_e(sentence)}</p><div class="tera-bars">{"".join(bars)}</div>'
    return frame("perubahan", kicker, agency_name or "", body)
