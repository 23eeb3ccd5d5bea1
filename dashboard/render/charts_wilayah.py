"""Wilayah's charts: the province tile map and one province's index distribution."""

from __future__ import annotations

import html

import altair as alt
import pandas as pd

from dashboard.logic.formatting import fmt_number
from dashboard.logic.wilayah import GRID_COLUMNS, GRID_ROWS, NO_DATA_COLOR, SELECTION, TILE_SIZE, tile_frame
from dashboard.render.charts import FONT_SIZE, HIGHLIGHT, MIN_FONT, NEUTRALS, _configure, text_color_for
from dashboard.render.scales import index_domain
from indicators import Framework


def tile_chart(averages: pd.DataFrame, framework: Framework, lang: str, titles: dict[str, str],
               selected: str | None = None, no_data: str = "–", clickable: bool = True) -> alt.LayerChart:
    """Square tiles on the grid coloured by the rating of the province mean, short name and value written inside.

    The rating is in the legend and the tooltip and the value on the tile, so colour is never the only cue.
    """
    bands = {b.slug: b for b in framework.rating_bands}
    data = tile_frame().merge(averages, on="province_code", how="left")
    data["rating_label"] = data["rating"].map(lambda s: bands[s].text(lang) if isinstance(s, str) else no_data)
    data["fill"] = data["rating"].map(lambda s: bands[s].color if isinstance(s, str) else NO_DATA_COLOR)
    data["ink"] = data["fill"].map(text_color_for)
    # On the tile: the value, "–" without one, and "*" when it is the provincial government's own index.
    data["value_text"] = [("–" if pd.isna(v) else fmt_number(v, framework.decimals, lang) + ("*" if b == "provinsi" else ""))
                          for v, b in zip(data["mean"], data["basis"], strict=True)]
    data["selected"] = data["province_code"] == selected
    data["name"] = data["province_name"].fillna(data["short"])
    order = [b.text(lang) for b in framework.rating_bands] + [no_data]
    colors = [b.color for b in framework.rating_bands] + [NO_DATA_COLOR]
    size = TILE_SIZE
    base = alt.Chart(data).encode(
        x=alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(GRID_COLUMNS)), paddingInner=0.08)),
        y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(GRID_ROWS)), paddingInner=0.08)),
        tooltip=[alt.Tooltip("name:N", title=titles["province"]),
                 alt.Tooltip("value_text:N", title=titles["mean"]),
                 alt.Tooltip("rating_label:N", title=titles["rating"]),
                 alt.Tooltip("submitted:Q", title=titles["submitted"])],
    )
    tiles = base.mark_rect(cornerRadius=4).encode(
        color=alt.Color("rating_label:N", title=titles["rating"], scale=alt.Scale(domain=order, range=colors),
                        legend=alt.Legend(orient="bottom", direction="horizontal", symbolType="square",
                                          symbolSize=260, symbolStrokeColor="#666666")),
        stroke=alt.condition("datum.selected", alt.value("#000000"), alt.value("#FFFFFF")),
        strokeWidth=alt.condition("datum.selected", alt.value(4), alt.value(1)),
    )
    if clickable:
        tiles = tiles.add_params(alt.selection_point(name=SELECTION, fields=["province_code"], on="click",
                                                     clear=False, empty=False))
    short = base.mark_text(dy=-10, fontSize=MIN_FONT - 1, fontWeight="bold").encode(
        text="short:N", color=alt.Color("ink:N", scale=None))
    value = base.mark_text(dy=8, fontSize=FONT_SIZE - 1, fontWeight="bold").encode(text="value_text:N", color=alt.Color("ink:N", scale=None))
    # "pad", not Streamlit's default "fit": fitting squeezes the legend into the height and the tiles stop being square.
    return _configure(alt.layer(tiles, short, value).properties(
        width=GRID_COLUMNS * size, height=GRID_ROWS * size, autosize=alt.AutoSizeParams(type="pad", contains="padding")))


def tile_legend_html(framework: Framework, lang: str, title: str, no_data: str) -> str:
    """Return the tile map's legend as HTML badges (rating colour with its name), shown on narrow screens."""
    badges = [f'<span style="background:{b.color};color:{text_color_for(b.color)};padding:2px 8px;border-radius:6px;'
              f'font-weight:600">{html.escape(b.text(lang))}</span>' for b in framework.rating_bands]
    badges.append(f'<span style="background:{NO_DATA_COLOR};color:#000000;padding:2px 8px;border-radius:6px">'
                  f"{html.escape(no_data)}</span>")
    return f'<div class="tera-tile-legend"><strong>{html.escape(title)}</strong>{"".join(badges)}</div>'


def distribution_chart(members: pd.DataFrame, framework: Framework, lang: str,
                       titles: dict[str, str]) -> alt.LayerChart:
    """Dot strip of the members' indices on the framework's index range over the rating bands, band names on top."""
    low, high = index_domain(framework)
    bands = pd.DataFrame([{"start": b.min, "end": min(b.max, high), "label": b.text(lang),
                           "color": b.color} for b in framework.rating_bands])
    bands["start"] = bands["start"].clip(lower=low)
    given = members.dropna(subset=["index"]).assign(
        type_label=members["agency_type"].map(titles.get), value_text=members["index"].map(lambda v: fmt_number(v, framework.decimals, lang)))
    # A fixed golden-ratio spread instead of random jitter, so a picture is the same on every run.
    given["jitter"] = [0.15 + 0.7 * ((i * 0.618034) % 1) for i in range(len(given))]
    band_rects = alt.Chart(bands).mark_rect(opacity=0.35).encode(
        x=alt.X("start:Q", title=titles["index"], scale=alt.Scale(domain=[low, high])),
        x2="end:Q", color=alt.Color("color:N", scale=None), tooltip=alt.Tooltip("label:N", title=titles.get("rating", "")))
    # A band's name only where the band is wide enough for it (on a phone "Memuaskan" would run into
    # "Sangat Baik"); the legend of the rating colours is the band names themselves.
    fits = f"scale('x', datum.end) - scale('x', datum.start) >= {(FONT_SIZE - 2) * 0.62:.2f} * length(datum.label) + 6"
    band_text = alt.Chart(bands).mark_text(y=10, fontSize=FONT_SIZE - 2, fontWeight="bold").encode(
        x=alt.X("mid:Q"), text=alt.condition(fits, alt.Text("label:N"), alt.value(""))).transform_calculate(
        mid="(datum.start + datum.end) / 2")
    dots = alt.Chart(given).mark_circle(size=140, opacity=0.9, stroke="#FFFFFF", strokeWidth=1).encode(
        x="index:Q", y=alt.Y("jitter:Q", axis=None, scale=alt.Scale(domain=[-0.2, 1.2])),
        color=alt.Color("type_label:N", title=titles["type"], scale=alt.Scale(range=[HIGHLIGHT, NEUTRALS[0]]),
                        legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("type_label:N", title=titles["type"]),
        tooltip=[alt.Tooltip("agency_name:N", title=titles["agency"]), alt.Tooltip("value_text:N", title=titles["index"])],
    )
    # fit-x: the strip takes the page width but keeps its own height (plain "fit" squeezes it under the legend).
    return _configure(alt.layer(band_rects, band_text, dots).properties(
        height=200, autosize=alt.AutoSizeParams(type="fit-x", contains="padding")))
