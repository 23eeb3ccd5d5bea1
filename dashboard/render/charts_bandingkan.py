"""Bandingkan's charts: grouped bars per node, the agencies × indicators heatmap, the index trend."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.render.charts import (
    FIT_WIDTH,
    FONT_SIZE,
    LEVEL_COLORS,
    LEVEL_TEXT_DARK,
    _band_scale,
    _configure,
    series_lines_chart,
)
from dashboard.render.formatting import fmt_number
from indicators import Framework


def grouped_bars_chart(scores: pd.DataFrame, framework: Framework, lang: str, titles: dict[str, str],
                       width: int = 360) -> alt.FacetChart:
    """Bars per node (rows) and agency (bars inside a row) coloured by rating, the value written at each bar end."""
    base = alt.Chart().encode(
        y=alt.Y("agency:N", title=None, sort=list(dict.fromkeys(scores["agency"])), axis=alt.Axis(labelLimit=260)),
    )
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=titles["value"], scale=alt.Scale(domain=[0, framework.scale.max])),
        color=alt.Color("rating_label:N", title=titles["rating"], scale=_band_scale(framework, lang),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("agency:N", title=titles["agency"]), alt.Tooltip("node:N", title=""),
                 alt.Tooltip("value:Q", format=".2f", title=titles["value"]),
                 alt.Tooltip("rating_label:N", title=titles["rating"])],
    )
    # The rating is written beside the value, so it never depends on colour alone.
    text = base.mark_text(align="left", dx=4, fontSize=FONT_SIZE - 2).encode(
        x="value:Q", text="label:N")
    layered = alt.layer(bars, text, data=scores.assign(
        label=[f"{fmt_number(v, 2)} · {r}" for v, r in zip(scores["value"], scores["rating_label"], strict=True)]))
    chart = layered.properties(height=alt.Step(22), width=width).facet(
        row=alt.Row("node:N", title=None, sort=list(dict.fromkeys(scores["node"])),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top",
                                      labelFontSize=FONT_SIZE, labelFontWeight="bold")),
        spacing=6)
    return _configure(chart)


def heatmap_chart(matrix: pd.DataFrame, titles: dict[str, str], level_names: dict[int, str]) -> alt.LayerChart:
    """Agencies (rows) × indicators (columns) coloured by level with the level number written in each cell."""
    data = matrix.assign(
        level_text=matrix["level"].map(lambda v: "–" if pd.isna(v) else str(int(v))),
        dark=matrix["level"].map(lambda v: (not pd.isna(v)) and int(v) not in LEVEL_TEXT_DARK),
        column=matrix["indicator"].str.removeprefix("I"),
    )
    domain = sorted(LEVEL_COLORS)
    order = [str(n) for n in sorted(data["number"].unique())]
    base = alt.Chart(data).encode(
        x=alt.X("column:O", title=titles["indicator"], sort=order,
                axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=FONT_SIZE - 3)),
        y=alt.Y("agency:N", title=None, sort=list(dict.fromkeys(data["agency"])), axis=alt.Axis(labelLimit=260)),
    )
    legend_expr = " : ".join(f"datum.label == '{k}' ? '{k} {v}'" for k, v in sorted(level_names.items()))
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=1).encode(
        color=alt.Color("level:O", title=titles["level"],
                        scale=alt.Scale(domain=domain, range=[LEVEL_COLORS[d] for d in domain]),
                        legend=alt.Legend(orient="bottom", labelExpr=(legend_expr + " : datum.label")
                                          if legend_expr else "datum.label")),
        tooltip=[alt.Tooltip("agency:N", title=titles["agency"]), alt.Tooltip("indicator:N", title=titles["indicator"]),
                 alt.Tooltip("name:N", title=""), alt.Tooltip("level:Q", title=titles["level"])],
    )
    text = base.mark_text(fontSize=FONT_SIZE - 2, fontWeight="bold").encode(
        text="level_text:N", color=alt.condition("datum.dark", alt.value("#FFFFFF"), alt.value("#000000")))
    return _configure(alt.layer(cells, text).properties(width=alt.Step(24), height=alt.Step(34)))


def trend_chart(trend: pd.DataFrame, titles: dict[str, str], highlight: str | None = None) -> alt.LayerChart:
    """One line per agency over the years: the first (or `highlight`) in black, others grey and dashed, values at the ends."""
    return _configure(series_lines_chart(trend, titles, 380, highlight=highlight).properties(autosize=FIT_WIDTH))
