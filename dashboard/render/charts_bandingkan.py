"""Bandingkan's charts: grouped bars per node, the agencies × indicators heatmap, the index trend."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.render.charts import FIT_WIDTH, FONT_SIZE, _band_scale, _configure, series_lines_chart
from dashboard.render.formatting import fmt_number
from dashboard.render.scales import (
    index_domain,
    level_color_scale,
    level_color_type,
    level_ink_dark,
    level_text,
    number_format,
)
from indicators import Framework


def grouped_bars_chart(scores: pd.DataFrame, framework: Framework, lang: str, titles: dict[str, str],
                       width: int = 360) -> alt.FacetChart:
    """Bars per node (rows) and agency (bars inside a row) coloured by rating, the value written at each bar end."""
    base = alt.Chart().encode(
        y=alt.Y("agency:N", title=None, sort=list(dict.fromkeys(scores["agency"])), axis=alt.Axis(labelLimit=260)),
    )
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=titles["value"], scale=alt.Scale(domain=index_domain(framework))),
        color=alt.Color("rating_label:N", title=titles["rating"], scale=_band_scale(framework, lang),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("agency:N", title=titles["agency"]), alt.Tooltip("node:N", title=""),
                 alt.Tooltip("value:Q", format=number_format(framework), title=titles["value"]),
                 alt.Tooltip("rating_label:N", title=titles["rating"])],
    )
    # The rating is written beside the value, so it never depends on colour alone.
    text = base.mark_text(align="left", dx=4, fontSize=FONT_SIZE - 2).encode(
        x="value:Q", text="label:N")
    layered = alt.layer(bars, text, data=scores.assign(
        label=[f"{fmt_number(v, framework.decimals, lang)} · {r}" for v, r in zip(scores["value"], scores["rating_label"], strict=True)]))
    chart = layered.properties(height=alt.Step(22), width=width).facet(
        row=alt.Row("node:N", title=None, sort=list(dict.fromkeys(scores["node"])),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top",
                                      labelFontSize=FONT_SIZE, labelFontWeight="bold")),
        spacing=6)
    return _configure(chart)


def heatmap_chart(matrix: pd.DataFrame, framework: Framework, titles: dict[str, str],
                  level_names: dict[int, str]) -> alt.LayerChart:
    """Agencies (rows) × indicators (columns, by number) coloured by value with the value written in each cell."""
    data = matrix.assign(
        level_text=matrix["level"].map(lambda v: level_text(framework, v)),
        dark=matrix["level"].map(lambda v: level_ink_dark(framework, v)),
        column=matrix["number"].astype(int).astype(str),
    )
    order = [str(n) for n in sorted(data["number"].unique())]
    base = alt.Chart(data).encode(
        x=alt.X("column:O", title=titles["indicator"], sort=order,
                axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=FONT_SIZE - 3)),
        y=alt.Y("agency:N", title=None, sort=list(dict.fromkeys(data["agency"])), axis=alt.Axis(labelLimit=260)),
    )
    legend_expr = " : ".join(f"datum.label == '{k}' ? '{k} {v}'" for k, v in sorted(level_names.items()))
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=1).encode(
        color=alt.Color("level", type=level_color_type(framework), title=titles["level"],
                        scale=level_color_scale(framework),
                        legend=alt.Legend(orient="bottom", labelExpr=(legend_expr + " : datum.label")
                                          if legend_expr else "datum.label")),
        tooltip=[alt.Tooltip("agency:N", title=titles["agency"]), alt.Tooltip("indicator:N", title=titles["indicator"]),
                 alt.Tooltip("name:N", title=""), alt.Tooltip("level:Q", title=titles["level"])],
    )
    text = base.mark_text(fontSize=FONT_SIZE - 2, fontWeight="bold").encode(
        text="level_text:N", color=alt.condition("datum.dark", alt.value("#FFFFFF"), alt.value("#000000")))
    return _configure(alt.layer(cells, text).properties(width=alt.Step(24), height=alt.Step(34)))


def trend_chart(trend: pd.DataFrame, framework: Framework, titles: dict[str, str], lang: str,
                highlight: str | None = None) -> alt.LayerChart:
    """One line per agency over the years: the first (or `highlight`) in black, others grey and dashed, values at the ends."""
    return _configure(series_lines_chart(trend, titles, 380, index_domain(framework), number_format(framework),
                                         highlight=highlight).properties(autosize=FIT_WIDTH))
