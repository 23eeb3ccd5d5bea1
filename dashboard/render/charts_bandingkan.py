"""Bandingkan's charts: grouped bars per node, the agencies × indicators heatmap, the index trend."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.logic.formatting import fmt_number
from dashboard.render.charts import (
    FIT_WIDTH,
    FONT_SIZE,
    PLOT_WIDTH,
    _band_scale,
    _configure,
    series_lines_chart,
)
from dashboard.render.scales import (
    index_domain,
    level_color_scale,
    level_color_type,
    level_ink_dark,
    level_text,
    number_format,
)
from indicators import Framework

# Pixels per row: a node's name, or one agency's bar with "value · rating · agency" above it.
ROW_STEP = 34


def grouped_bars_chart(scores: pd.DataFrame, framework: Framework, lang: str, titles: dict[str, str]) -> alt.LayerChart:
    """Bars per node and agency coloured by rating: the node's name above its group, "value · rating · agency" above each bar.

    One layered chart as wide as the page (a phone's included), not a facet of fixed width: the
    labels sit above the bars, so the bars keep the whole width and the value is never cut.
    `scores` has columns node, agency, value, rating_label.
    """
    rows = []
    for node, group in scores.groupby("node", sort=False):
        rows.append({"kind": "node", "text": node, "node": node})
        for agency, value, rating in zip(group["agency"], group["value"], group["rating_label"], strict=True):
            shown = fmt_number(value, framework.decimals, lang)
            # Value first: on a narrow screen the name's tail is cut at the plot edge, never the value.
            text = f"{shown} · {rating} · {agency}" if pd.notna(value) else f"{shown} · {agency}"
            rows.append({"kind": "bar", "text": text, "node": node, "agency": agency, "value": value,
                         "rating_label": rating})
    data = pd.DataFrame(rows).reset_index(names="row")
    # The rows' order is given: the layers draw filtered parts of the rows, whose union would come out
    # node names first.
    y = alt.Y("row:O", title=None, axis=None, scale=alt.Scale(domain=list(range(len(data)))))
    domain = index_domain(framework)
    scale = alt.Scale(domain=domain)
    base = alt.Chart(data)
    heads = base.transform_filter("datum.kind == 'node'").mark_text(
        align="left", baseline="bottom", dy=12, fontSize=FONT_SIZE, fontWeight="bold", limit=PLOT_WIDTH,
    ).encode(y=y, x=alt.value(0), text="text:N")
    bars = base.transform_filter("datum.kind == 'bar'").mark_bar(height=12, yOffset=7).encode(
        # From the scale's floor (a 1–5 scale's bars would start left of the axis, over the names).
        y=y, x=alt.X("value:Q", title=titles["value"], scale=scale), x2=alt.datum(domain[0]),
        color=alt.Color("rating_label:N", title=titles["rating"], scale=_band_scale(framework, lang),
                        legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("agency:N", title=titles["agency"]), alt.Tooltip("node:N", title=""),
                 alt.Tooltip("value:Q", format=number_format(framework), title=titles["value"]),
                 alt.Tooltip("rating_label:N", title=titles["rating"])],
    )
    # The rating is written beside the value, so it never depends on colour alone.
    labels = base.transform_filter("datum.kind == 'bar'").mark_text(
        align="left", baseline="bottom", dy=-1, fontSize=FONT_SIZE - 2, limit=PLOT_WIDTH,
    ).encode(y=y, x=alt.value(0), text="text:N")
    return _configure(alt.layer(heads, bars, labels).properties(height=alt.Step(ROW_STEP), autosize=FIT_WIDTH))


# Pixels per indicator column: SPBE's 47 columns and the agency names fit a desk's page beside the
# sidebar; on a phone the matrix keeps its size and scrolls sideways in its box.
MATRIX_CELL = 17


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
    return _configure(alt.layer(cells, text).properties(width=alt.Step(MATRIX_CELL), height=alt.Step(34)))


def trend_chart(trend: pd.DataFrame, framework: Framework, titles: dict[str, str], lang: str,
                highlight: str | None = None) -> alt.LayerChart:
    """One line per agency over the years: the first (or `highlight`) in black, others grey and dashed, values at the ends."""
    return _configure(series_lines_chart(trend, titles, 380, index_domain(framework), number_format(framework),
                                         highlight=highlight).properties(autosize=FIT_WIDTH))
