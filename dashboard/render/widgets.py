"""Small Streamlit building blocks shared by the pages: banners, captions, badges, downloads."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.render import charts, export
from dashboard.render.charts import text_color_for
from i18n import get_language, t
from indicators import Band, Framework


def badge_html(band: Band | None, lang: str | None = None) -> str:
    """Return an HTML badge with the rating's colour and its label written inside."""
    if band is None:
        return f"<span>{html.escape(t('not_submitted'))}</span>"
    return (
        f'<span style="background:{band.color};color:{text_color_for(band.color)};padding:2px 10px;'
        f'border-radius:6px;font-weight:600">{html.escape(band.text(lang or get_language()))}</span>'
    )


def sample_banner() -> None:
    """Show the unmissable notice that the store holds synthetic sample data."""
    st.warning(t("sample_banner"), icon="⚠️")


def data_caption(year: int, stage_key: str, as_of) -> None:
    """Say which data the page shows: year, stage and the store's 'data as of' date."""
    when = as_of.strftime("%d-%m-%Y %H:%M") if as_of is not None and hasattr(as_of, "strftime") else "–"
    st.caption(t("data_caption", year=year, stage=t(stage_key), as_of=when))


def empty_state() -> None:
    """Show the friendly explanation of an empty store instead of charts."""
    st.info(t("empty_store"), icon="ℹ️")


# A delta's colour and arrow come from its direction, never from its text: "−0,05" written with a
# typographic minus (or "turun 45 peringkat") would otherwise read as a rise.
DIRECTION_STYLE = {"up": ("green", "up"), "down": ("red", "down"), "same": ("gray", "off")}


def change_direction(change: float | None, decimals: int = 2) -> str | None:
    """Return 'up', 'down' or 'same' (after rounding to `decimals`) for a change, or None when unknown."""
    if change is None or pd.isna(change):
        return None
    shown = round(float(change), decimals)
    return "up" if shown > 0 else "down" if shown < 0 else "same"


def metric(label: str, value: str, delta: str | None = None, help: str | None = None,
           direction: str | None = None) -> None:
    """Show one key figure; `direction` ('up', 'down', 'same') sets the delta's colour and arrow."""
    if delta is not None and direction in DIRECTION_STYLE:
        color, arrow = DIRECTION_STYLE[direction]
        st.metric(label, value, delta=delta, help=help, delta_color=color, delta_arrow=arrow)
        return
    st.metric(label, value, delta=delta, help=help)


def chart_block(chart: alt.TopLevelMixin | dict, name: str, key: str, width: str = "stretch") -> None:
    """Draw an Altair chart with PNG and SVG downloads rendered offline on click.

    `width="content"` keeps a fixed-size chart (a matrix of cells) at its own size: where the page is
    narrower it scrolls sideways in its box (dashboard/static/narrow.css) instead of shrinking its text.
    """
    # Schema validation of a chart costs ~100 ms per rerun; the builders are tested, so skip it here.
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    spec = charts.with_locale(spec, get_language())
    # A cached spec's data goes as the Arrow bytes made once for every session (Streamlit would convert it per run).
    arrow = getattr(chart, "arrow_datasets", None)
    st.vega_lite_chart({**spec, "datasets": {**spec["datasets"], **arrow}} if arrow else spec, width=width)
    # Buttons as wide as their labels (fixed columns cut "Download P…" beside a half-width chart).
    left = right = st.container(horizontal=True)
    # Callables render only when clicked, so the chart images never slow down a rerun.
    left.download_button(t("download_png"), data=lambda: export.write_chart_png(spec), file_name=f"{name}.png",
                         mime="image/png", key=f"{key}_png", on_click="ignore")
    right.download_button(t("download_svg"), data=lambda: export.write_chart_svg(spec), file_name=f"{name}.svg",
                          mime="image/svg+xml", key=f"{key}_svg", on_click="ignore")


def table_downloads(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, key: str,
                    decimals: int = 2) -> None:
    """Offer the table as data CSV (dot decimals, full precision, English names), CSV for Excel
    (';', decimal comma, `decimals` places, UI headers) and XLSX (formula-safe, numbers unrounded).
    """
    get = frame if callable(frame) else (lambda: frame)
    lang = get_language()
    left = middle = right = st.container(horizontal=True)
    left.download_button(t("csv.data"), data=lambda: export.write_csv(get()), file_name=f"{name}.csv",
                         mime="text/csv", key=f"{key}_csv", on_click="ignore", help=t("csv.data_help"))
    middle.download_button(t("csv.excel"), data=lambda: export.write_csv_excel(get(), lang, decimals),
                           file_name=f"{name}-excel.csv", mime="text/csv", key=f"{key}_csv_excel", on_click="ignore",
                           help=t("csv.excel_help"))
    right.download_button(t("download_xlsx"), data=lambda: export.write_xlsx(get()), file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", on_click="ignore")


def year_span(years: list[int]) -> str:
    """Return years as '2021–2024' when consecutive, else '2021, 2023'."""
    years = sorted(years)
    if len(years) > 1 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def framework_break_note(framework: Framework, spans: dict[str, tuple[str, list[int]]], lang: str) -> None:
    """Under a trend: say that it stops at the framework's edge and name the other frameworks with their years."""
    others = [f"{title} ({year_span(years)})" for code, (title, years) in spans.items() if code != framework.code]
    if not others:
        return
    own = year_span(spans.get(framework.code, ("", []))[1])
    st.caption(t("framework.break_note", lang=lang, framework=framework.short_text(lang), years=own,
                 others="; ".join(others)))


def _css_string(text: str) -> str:
    # A CSS string literal: quotes and backslashes escaped, "<" written as its code so no tag can close the style.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ") + '"'


def uploader_texts(button: str, limit: str) -> None:
    """Write st.file_uploader's own texts (its English "Upload" and "200MB per file") in the page's language."""
    # Streamlit has no option for these texts: the built-in ones are hidden and the catalogue's drawn in their place.
    st.html(f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{ content: {_css_string(button)}; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: {_css_string(limit)}; font-size: 0.875rem; }}
</style>""")


def _card_title(title: str | tuple[str, str]) -> str:
    # A (text, relative link) title opens its page in the same tab.
    if isinstance(title, tuple):
        text, href = title
        return f'<a href="{html.escape(href, quote=True)}" target="_self">{html.escape(text)}</a>'
    return html.escape(title)


# The shell's phone rules (dashboard/static/narrow.css), read once per process rather than on every rerun.
NARROW_CSS = (Path(__file__).resolve().parent.parent / "static" / "narrow.css").read_text(encoding="utf-8")


# Words in a browser's User-Agent that name a phone or tablet (every phone browser sends one of them).
MOBILE_AGENT_WORDS = ("Mobi", "Android", "iPhone", "iPad")


def maybe_phone() -> bool:
    """False only when the browser says it is not a phone or tablet (its User-Agent names none); True when unknown."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no request context (bare mode)
        return True
    return not agent or any(word in agent for word in MOBILE_AGENT_WORDS)


def table_cards(key: str, cards: list[tuple[str | tuple[str, str], list[tuple[str, str]]]]) -> None:
    """Draw a table's rows as cards (title or (title, link), then label: value lines), shown instead of the table on a phone.

    The table goes inside `st.container(key=f"wide-{key}")`; dashboard/static/narrow.css shows one or the other.
    """
    body = "".join(
        f'<div class="tera-card"><div class="tera-card-title">{_card_title(title)}</div><dl>'
        + "".join(f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>" for label, value in fields)
        + "</dl></div>" for title, fields in cards)
    with st.container(key=f"cards-{key}"):
        st.html(f'<div class="tera-cards">{body}</div>')


TEXT_TABLE_CSS = """
.tera-text-table { border-collapse: collapse; width: 100%; font-size: 0.875rem; line-height: 1.35; }
.tera-text-table th { text-align: left; background: #EEF2F6; border-bottom: 2px solid #5F6B7A; padding: 0.3rem 0.5rem; }
.tera-text-table td { border-bottom: 1px solid #D5DCE3; padding: 0.3rem 0.5rem; vertical-align: top;
  overflow-wrap: anywhere; }
.tera-text-table tr.tera-alarm td { color: #B00020; font-weight: 600; }
"""


def text_table(frame: pd.DataFrame, alarm: pd.Series | None = None) -> None:
    """Draw a frame as a static table that wraps long text; every cell is escaped text, never Markdown or a link.

    Rows where `alarm` is true are written in red (bold), with words that say why in the row itself.
    """
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    flags = [False] * len(frame) if alarm is None else [bool(flag) for flag in alarm]
    rows = "".join(
        ('<tr class="tera-alarm">' if flag else "<tr>")
        + "".join(f"<td>{html.escape('' if value is None else str(value))}</td>" for value in row) + "</tr>"
        for row, flag in zip(frame.itertuples(index=False), flags, strict=True))
    st.html(f'<style>{TEXT_TABLE_CSS}</style><table class="tera-text-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")
