"""The one funnel every page shows: evaluated → took part → complete → with an index, and why each drop.

Every count comes from the results frame (`dashboard.logic.results`), so the numbers on the
overview, the ranking, the profile and the data-quality page are the same and add up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard.logic.formatting import fmt_number
from i18n import t
from ingest.vocabulary import UNPUBLISHED


@dataclass(frozen=True)
class Funnel:
    """Agency counts of one year: each stage is the previous one minus the agencies it drops."""

    evaluated: int
    took_part: int
    complete: int
    scored: int

    @property
    def not_submitted(self) -> int:
        """Agencies in the registry with no submission this year."""
        return self.evaluated - self.took_part

    @property
    def incomplete(self) -> int:
        """Agencies that took part with some values empty (no index)."""
        return self.took_part - self.complete

    @property
    def invalid(self) -> int:
        """Agencies with every value given but some reviewed Tidak Valid (no index)."""
        return self.complete - self.scored


def compute_funnel(results: pd.DataFrame) -> Funnel:
    """Return the year's funnel from one year's results rows (`index_status` per agency)."""
    status = results["index_status"].value_counts()
    # Another agency's row without a published result is not counted: its reason is not the viewer's to see.
    evaluated = len(results) - int(status.get(UNPUBLISHED, 0))
    took_part = evaluated - int(status.get("not_submitted", 0))
    complete = took_part - int(status.get("incomplete", 0))
    return Funnel(evaluated=evaluated, took_part=took_part, complete=complete, scored=int(status.get("scored", 0)))


def funnel_text(funnel: Funnel, lang: str | None = None) -> str:
    """Return the funnel as one line: '638 dievaluasi → 630 mengisi → 629 lengkap → 628 berindeks (…)'."""
    def n(value: int) -> str:
        return fmt_number(value, 0, lang)

    drops = [t(key, lang=lang, n=n(count)) for key, count in (
        ("funnel.drop_not_submitted", funnel.not_submitted), ("funnel.drop_incomplete", funnel.incomplete),
        ("funnel.drop_invalid", funnel.invalid)) if count]
    line = t("funnel.line", lang=lang, evaluated=n(funnel.evaluated), took_part=n(funnel.took_part),
             complete=n(funnel.complete), scored=n(funnel.scored))
    return f"{line} ({'; '.join(drops)})" if drops else line


_CODE = re.compile(r"^([A-Za-z]+)(\d+)$")


def compute_code_ranges(codes: tuple[str, ...] | list[str]) -> str:
    """Return codes with consecutive runs joined: ('I45', 'I46', 'I47', 'I2') → 'I2, I45–I47'."""
    parsed = sorted((m.group(1), int(m.group(2))) if (m := _CODE.match(c)) else (c, -1) for c in codes)
    parts: list[str] = []
    run: list[tuple[str, int]] = []
    for item in [*parsed, ("", -2)]:
        if run and item[1] >= 0 and item[0] == run[-1][0] and item[1] == run[-1][1] + 1:
            run.append(item)
            continue
        if run:
            first, last = run[0], run[-1]
            name = f"{first[0]}{first[1]}" if first[1] >= 0 else first[0]
            parts.append(name if len(run) == 1 else f"{name}–{last[0]}{last[1]}")
        run = [item]
    return ", ".join(parts)


def status_text(row: pd.Series | dict, lang: str | None = None) -> str:
    """Return why an agency has no index ('indeks tidak dapat dihitung: I45–I47 kosong'), or '' when it has one."""
    status = row["index_status"]
    if status == "not_submitted":
        return t("not_submitted", lang=lang)
    if status == UNPUBLISHED:
        return t("funnel.unpublished", lang=lang)
    if status == "incomplete":
        codes = compute_code_ranges(row["empty_codes"])
        return t("funnel.no_index_empty", lang=lang, codes=codes) if codes else t("funnel.no_index", lang=lang)
    if status == "invalid":
        return t("funnel.no_index_invalid", lang=lang, codes=compute_code_ranges(row["invalid_codes"]))
    return ""


def short_status(status: str, lang: str | None = None) -> str:
    """Return the short table label of an index status: 'tidak mengisi', 'tanpa indeks' or ''."""
    if status == "not_submitted":
        return t("not_submitted", lang=lang)
    if status in ("incomplete", "invalid"):
        return t("funnel.no_index_short", lang=lang)
    if status == UNPUBLISHED:
        return t("funnel.unpublished_short", lang=lang)
    return ""
