"""Numbers as people read them: Indonesian decimal comma by default, and index text safe at band edges."""

from __future__ import annotations

import math
import re

import pandas as pd

from i18n import get_language
from indicators import Framework, round_half_up


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA (an agency that did not submit has no score, which is not 0)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | int | None, decimals: int = 2, lang: str | None = None) -> str:
    """Format a number with the language's separators ('1.234,56' in Indonesian, '1,234.56' in English)."""
    if is_missing(value):
        return "–"
    rounded = round_half_up(float(value), decimals) if decimals is not None else float(value)
    text = f"{rounded:,.{decimals}f}"
    if (lang or get_language()) == "id":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def fmt_signed(value: float | None, decimals: int = 2, lang: str | None = None) -> str:
    """Format a change with an explicit sign ('+0,12', '−0,05', '0,00')."""
    if is_missing(value):
        return "–"
    text = fmt_number(abs(value), decimals, lang)
    if round_half_up(abs(value), decimals) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def index_decimals(index: float | None, year: int | None, framework: Framework) -> int:
    """Return how many decimals to show so the shown index does not suggest a different rating.

    At a band edge a rating read from the unrounded index (2024: 3.499 is Baik) would look wrong
    next to the two-decimal text "3,50"; there we show one more decimal, truncated toward the band.
    """
    if is_missing(index):
        return framework.decimals
    decimals = framework.decimals
    actual = framework.rating_for(index, year)
    shown = round_half_up(index, decimals)
    for band in framework.rating_bands:
        if band.min <= shown < band.max or shown == band.max == framework.index_range[1]:
            return decimals if band.slug == actual.slug else decimals + 1
    return decimals


def fmt_index(index: float | None, year: int | None, framework: Framework, lang: str | None = None) -> str:
    """Format an index with the framework's decimals, or one more (truncated) where those would cross a band edge."""
    if is_missing(index):
        return "–"
    decimals = index_decimals(index, year, framework)
    if decimals > framework.decimals:
        # Truncate rather than round so 3.4996 shows 3,499 and stays visibly below 3,50.
        factor = 10**decimals
        return fmt_number(math.floor(round(index * factor, 6)) / factor, decimals, lang)
    return fmt_number(index, decimals, lang)


def level_word(framework: Framework, depth: int, lang: str) -> str:
    """Return a level's name as written inside a sentence ('domain', 'aspek', 'pilar'); depth 1 is the top level."""
    return framework.level_label(depth, lang).lower()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=^])")


def plain(text: object) -> str:
    """Return a value from a file escaped for Streamlit's Markdown, so it shows as the text it is (no link, image or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
