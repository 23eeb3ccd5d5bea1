"""Altair chart builders (pure: data frames in, charts out) using the framework's rating colours.

A rating is never shown by colour alone: every coloured mark carries its label as text or legend.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.render.scales import (
    index_domain,
    level_color_scale,
    level_color_type,
    level_ink_dark,
    level_text,
    number_format,
)
from indicators import Framework

FONT_SIZE = 14
# Smallest text drawn inside a chart (pixels): indicator codes, tile names, notes.
MIN_FONT = 11
# Series that are not ratings: one highlighted in black, the others in greys told apart by dashes and their
# end labels. Rating colours stay for ratings only.
HIGHLIGHT = "#000000"
NEUTRALS = ("#6E6E6E", "#9A9A9A", "#4D4D4D", "#B5B5B5", "#828282")
DASHES = ([1, 0], [8, 4], [2, 3], [12, 3, 2, 3], [4, 4])
# Text written across a chart is cut with an ellipsis at the plot's width, so it never widens the chart.
PLOT_WIDTH = alt.ExprRef(expr="width")


def text_color_for(background: str) -> str:
    """Return black or white, whichever reads better on the hex background colour."""
    red, green, blue = (int(background[i:i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if luminance > 0.45 else "#FFFFFF"


# Vega's number locale: Indonesian writes 2,79 and 1.234; English keeps Vega's default.
NUMBER_LOCALES = {"id": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]}}


def with_locale(spec: dict, lang: str) -> dict:
    """Return the Vega-Lite spec with the number locale of `lang` so axes and labels use its separators."""
    locale = NUMBER_LOCALES.get(lang)
    if not locale:
        return spec
    return {**spec, "config": {**spec.get("config", {}), "locale": {"number": locale}}}


def _band_scale(framework: Framework, lang: str) -> alt.Scale:
    bands = framework.rating_bands
    return alt.Scale(domain=[b.text(lang) for b in bands], range=[b.color for b in bands])


def _configure(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=320)
        .configure_title(fontSize=FONT_SIZE + 2)
        .configure_view(strokeWidth=0)
    )


def rating_counts_chart(counts: pd.DataFrame, framework: Framework, lang: str, titles: dict[str, str]) -> alt.LayerChart:
    """Stacked horizontal bars of agencies per rating for each agency type, the type and its total written above.

    Each segment shows its count when it is wide enough. `counts` has columns group (label), rating (band label), count.
    """
    from dashboard.logic.formatting import fmt_number

    order = [b.text(lang) for b in framework.rating_bands]
    ink = {b.text(lang): text_color_for(b.color) for b in framework.rating_bands}
    data = counts.assign(order=counts["rating"].map({label: i for i, label in enumerate(order)}),
                         ink=counts["rating"].map(ink))
    groups = list(dict.fromkeys(counts["group"]))
    totals = counts.groupby("group", sort=False)["count"].sum()
    heads = pd.DataFrame({"group": groups, "label": [f"{g} · {fmt_number(int(totals[g]), 0, lang)}" for g in groups]})
    y = alt.Y("group:N", title=None, sort=groups, axis=None)
    x = alt.X("count:Q", title=titles["count"], stack="zero", axis=alt.Axis(tickMinStep=1, format="d"))
    base = alt.Chart(data).encode(y=y, x=x, order=alt.Order("order:Q"))
    bars = base.mark_bar(height=20, yOffset=9).encode(
        color=alt.Color("rating:N", title=titles["rating"], scale=_band_scale(framework, lang),
                        legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("group:N", title=titles["group"]), alt.Tooltip("rating:N", title=titles["rating"]),
                 alt.Tooltip("count:Q", title=titles["count"])],
    )
    # A count is written inside its segment only when the segment is wide enough for it; otherwise two
    # neighbours run together ("164" for 16 and 4). The tooltip still gives every count.
    fits = ("(scale('x', datum.count) - scale('x', 0)) >= "
            f"{FONT_SIZE * 0.62:.2f} * length(toString(datum.count)) + 8")
    text = base.mark_text(dx=-4, align="right", yOffset=9, fontSize=FONT_SIZE - 1, fontWeight="bold").encode(
        x=alt.X("count:Q", stack="zero", bandPosition=1),
        text=alt.condition(fits, alt.Text("count:Q"), alt.value("")),
        color=alt.Color("ink:N", scale=None))
    # The agency type and its total above its bar, so the bars keep the whole width on a phone.
    names = alt.Chart(heads).mark_text(align="left", baseline="bottom", dy=-3, fontSize=FONT_SIZE - 1,
                                       limit=PLOT_WIDTH).encode(y=y, x=alt.value(0), text="label:N")
    return _configure(alt.layer(bars, text, names).properties(height=alt.Step(46)))


def histogram_chart(results: pd.DataFrame, framework: Framework, lang: str, titles: dict[str, str],
                    targets: list[dict]) -> alt.LayerChart:
    """Histogram of agency indices in 0.1 bins coloured by the bin's rating band, with target lines.

    `results` has columns index and rating_label; `targets` are dicts with index and label.
    """
    low, high = index_domain(framework)
    # About fifty bins over the framework's range (0.1 on a 0–5 index, 0.02 on a 0–1 one).
    width = 10 ** math.floor(math.log10((high - low) / 50 * 2))
    data = results.dropna(subset=["index"]).assign(
        bin_start=lambda d: (d["index"] // width * width).round(6),
    )
    binned = data.groupby(["bin_start", "rating_label"], as_index=False).size().rename(columns={"size": "count"})
    binned["bin_end"] = binned["bin_start"] + width
    # Stack by hand: a bar with x and x2 needs explicit y and y2 to be drawn from the axis up.
    binned["y_end"] = binned.groupby("bin_start")["count"].cumsum()
    binned["y_start"] = binned["y_end"] - binned["count"]
    bars = alt.Chart(binned).mark_bar(stroke="#FFFFFF", strokeWidth=0.5).encode(
        x=alt.X("bin_start:Q", title=titles["index"], scale=alt.Scale(domain=index_domain(framework))),
        x2="bin_end:Q",
        y=alt.Y("y_end:Q", title=titles["count"], axis=alt.Axis(tickMinStep=1, format="d")),
        y2="y_start:Q",
        color=alt.Color("rating_label:N", title=titles["rating"], scale=_band_scale(framework, lang),
                        legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("bin_start:Q", title=titles["index"], format=number_format(framework)),
                 alt.Tooltip("rating_label:N", title=titles["rating"]), alt.Tooltip("count:Q", title=titles["count"])],
    )
    layers = [bars]
    if targets:
        target_frame = pd.DataFrame(targets)
        target_frame["offset"] = [16 * row for row in range(len(target_frame))]
        rules = alt.Chart(target_frame).mark_rule(color="#000000", strokeDash=[6, 3], strokeWidth=2).encode(
            x="index:Q")
        # Cut at the plot's right edge (ellipsis) rather than widening the chart past a phone's screen.
        labels = alt.Chart(target_frame).mark_text(
            align="left", dx=4, fontSize=FONT_SIZE - 1, color="#000000",
            limit=alt.ExprRef(expr="max(40, width - scale('x', datum.index) - 8)")).encode(
            # Above the plot, one row per target, so a label never lies over the bars.
            x="index:Q", y=alt.value(-6 - 16 * (len(target_frame) - 1)), yOffset=alt.YOffset("offset:Q", scale=None),
            text="label:N")
        layers += [rules, labels]
    return _configure(alt.layer(*layers).properties(height=320, autosize=FIT_WIDTH))


def compute_label_positions(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Return label positions (same order as `values`) at least `gap` apart, as close to the values as fits in [low, high]."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed: list[float] = []
    for i in order:
        placed.append(max(values[i], placed[-1] + gap) if placed else max(values[i], low))
    # Pushed past the top: slide the whole stack down, keeping the gaps.
    overflow = (placed[-1] - high) if placed else 0
    if overflow > 0:
        placed = [max(p - overflow, low + k * gap) for k, p in enumerate(placed)]
    result = [0.0] * len(values)
    for i, position in zip(order, placed, strict=True):
        result[i] = position
    return result


def _series_styles(series: list[str], highlight: str | None) -> tuple[alt.Scale, alt.Scale, str]:
    """Return the colour and dash scales of non-rating series: `highlight` (default the first) black, others grey."""
    chosen = highlight if highlight in series else series[0]
    ordered = [chosen, *(name for name in series if name != chosen)]
    colors = [HIGHLIGHT, *(NEUTRALS[i % len(NEUTRALS)] for i in range(len(ordered) - 1))]
    dashes = [DASHES[0], *(DASHES[1 + i % (len(DASHES) - 1)] for i in range(len(ordered) - 1))]
    return alt.Scale(domain=ordered, range=colors), alt.Scale(domain=ordered, range=dashes), chosen


def _end_labels(trend: pd.DataFrame, height: int, domain: list[float]) -> pd.DataFrame:
    """Return each series' last point with `label_y` spread so end labels never overlap (16 px apart)."""
    last = trend.loc[trend.groupby("series", sort=False)["year"].idxmax()].reset_index(drop=True)
    low, high = domain
    gap = 16 * (high - low) / height
    return last.assign(label_y=compute_label_positions(last["value"].astype(float).tolist(), gap, low, high))


def series_lines_chart(trend: pd.DataFrame, titles: dict[str, str], height: int, domain: list[float], fmt: str,
                       highlight: str | None = None, legend_columns: int = 1) -> alt.LayerChart:
    """Lines of non-rating series over the years: one highlighted in black, the others grey and dashed.

    Each line ends in a label with its value (spread apart so labels never overlap); `trend` has columns
    year, series, value. The legend names every line and dash, one per row so it fits a phone.
    """
    series = list(dict.fromkeys(trend["series"]))
    colors, dashes, chosen = _series_styles(series, highlight)
    data = trend.assign(main=trend["series"] == chosen)
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=titles["year"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=titles["value"], scale=alt.Scale(domain=domain)),
        color=alt.Color("series:N", title=titles.get("series"), scale=colors,
                        legend=alt.Legend(orient="bottom", columns=legend_columns, labelLimit=360, symbolType="stroke",
                                          symbolStrokeWidth=3, symbolSize=400)),
        strokeDash=alt.StrokeDash("series:N", scale=dashes, legend=None),
    )
    lines = base.mark_line(point=True).encode(
        strokeWidth=alt.condition("datum.main", alt.value(4), alt.value(2.5)),
        tooltip=[alt.Tooltip("series:N", title=titles.get("series", "")), alt.Tooltip("year:O", title=titles["year"]),
                 alt.Tooltip("value:Q", format=fmt, title=titles["value"])])
    ends = _end_labels(data, height, domain)
    # Values only at each line's end, moved apart vertically, so close lines do not write over each other.
    text = alt.Chart(ends).mark_text(align="left", dx=10, fontSize=FONT_SIZE - 1, fontWeight="bold").encode(
        x="year:O", y=alt.Y("label_y:Q", scale=alt.Scale(domain=domain)),
        text=alt.Text("value:Q", format=fmt), color=alt.Color("series:N", scale=colors, legend=None))
    return alt.layer(lines, text).properties(height=height)


# Width follows the page, height stays the plot's own: Streamlit's default "fit" squeezes the plot
# under the legend, and the end labels' spacing is computed for the plot height.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


def domain_trend_chart(trend: pd.DataFrame, framework: Framework, titles: dict[str, str],
                       method_changes: list[dict], highlight: str | None = None) -> alt.LayerChart:
    """Lines of domain (and index) averages per year, the index (first series) highlighted, values at the line ends.

    `trend` has columns year, series (label), value; `method_changes` dicts with year and label.
    """
    if len(framework.top_nodes) > LINES_IN_ONE_CHART:
        return domain_panels_chart(trend, framework, titles, highlight)
    layers = [series_lines_chart(trend, titles, 320, index_domain(framework), number_format(framework),
                                 highlight=highlight)]
    changes = [c for c in method_changes if c["year"] in set(trend["year"])]
    if changes:
        frame = pd.DataFrame(changes)
        # The method-change line is explained by its own label at the top of the line.
        layers.append(alt.Chart(frame).mark_rule(color="#555555", strokeDash=[4, 4]).encode(x="year:O"))
        layers.append(alt.Chart(frame).mark_text(align="left", dx=4, y=8, fontSize=MIN_FONT + 1, color="#333333")
                      .encode(x="year:O", text="label:N"))
    return _configure(alt.layer(*layers).properties(autosize=FIT_WIDTH))


# Up to this many top-level nodes share one trend chart; more (nine aspects) get one small panel each.
LINES_IN_ONE_CHART = 4
PANEL_COLUMNS = 3


def domain_panels_chart(trend: pd.DataFrame, framework: Framework, titles: dict[str, str],
                        highlight: str | None = None) -> alt.FacetChart:
    """Small multiples: one panel per top-level node with its mean in black over the index in grey, values at the ends.

    `trend` is the long frame of `domain_trend_chart` (year, series, value); the index is its first series
    (or `highlight`).
    """
    series = list(dict.fromkeys(trend["series"]))
    index_name = highlight if highlight in series else series[0]
    index = trend[trend["series"] == index_name]
    panels = [name for name in series if name != index_name]
    data = pd.concat([pd.concat([trend[trend["series"] == name].assign(panel=name, main=True),
                                 index.assign(panel=name, main=False)]) for name in panels], ignore_index=True)
    fmt = number_format(framework)
    y = alt.Y("value:Q", title=titles["value"], scale=alt.Scale(domain=index_domain(framework)))
    x = alt.X("year:O", title=titles["year"], axis=alt.Axis(labelAngle=0))
    color = alt.Color("main:N", scale=alt.Scale(domain=[True, False], range=[HIGHLIGHT, NEUTRALS[0]]), legend=None)
    lines = alt.Chart().mark_line(point=True).encode(
        x=x, y=y, color=color, strokeWidth=alt.condition("datum.main", alt.value(3), alt.value(1.5)),
        tooltip=[alt.Tooltip("series:N", title=titles.get("series", "")), alt.Tooltip("year:O", title=titles["year"]),
                 alt.Tooltip("value:Q", format=fmt, title=titles["value"])])
    ends = alt.Chart().mark_text(align="left", dx=6, fontSize=MIN_FONT + 1, fontWeight="bold").encode(
        x=x, y=y, text=alt.Text("value:Q", format=fmt), color=color).transform_filter(
        "datum.main").transform_window(rank="rank()", sort=[alt.SortField("year", order="descending")],
                                       groupby=["panel"]).transform_filter("datum.rank == 1")
    chart = alt.layer(lines, ends, data=data).properties(width=170, height=120).facet(
        facet=alt.Facet("panel:N", title=None, sort=panels, header=alt.Header(labelFontSize=MIN_FONT + 1,
                                                                              labelLimit=220)),
        columns=PANEL_COLUMNS)
    return _configure(chart)


BAR_STEP = 46


def score_bars_chart(scores: pd.DataFrame, framework: Framework, lang: str, titles: dict[str, str],
                     target: float | None, step: int = BAR_STEP, legends: bool = True) -> alt.LayerChart:
    """Horizontal bars of an agency's domain or aspect scores, the name and value written above each bar.

    The peer median is a black tick and the target a dashed line, both named in the legend. Labels sit
    above the bars (not beside them), so bars keep the whole width on a phone and no value meets a tick.
    `scores` has columns node (label), value, rating_label, peer_median. `step` is a bar's row (px, at least 36:
    the name above the bar); `legends=False` leaves the legends to a chart beside (the PDF's aspect bars).
    """
    from dashboard.logic.formatting import fmt_number

    data = scores.assign(
        # Value first: on a narrow screen the name's tail is cut (at the plot width), never the value.
        label=[f"{fmt_number(value, framework.decimals, lang)} · {node}" if pd.notna(value) else str(node)
               for node, value in zip(scores["node"], scores["value"], strict=True)],
        median_key=titles.get("peer", "median"))
    y = alt.Y("node:N", title=None, sort=None, axis=None)
    domain = index_domain(framework)
    scale = alt.Scale(domain=domain)
    fmt = number_format(framework)
    bars = alt.Chart(data).mark_bar(height=18, yOffset=9).encode(
        # From the scale's floor, not from zero: a 1–5 scale's bars would start left of the axis, over the labels.
        y=y, x=alt.X("value:Q", title=titles["value"], scale=scale), x2=alt.datum(domain[0]),
        color=alt.Color("rating_label:N", title=titles["rating"], scale=_band_scale(framework, lang),
                        legend=alt.Legend(orient="bottom", columns=3) if legends else None),
        tooltip=[alt.Tooltip("node:N"), alt.Tooltip("value:Q", format=fmt, title=titles["value"]),
                 alt.Tooltip("peer_median:Q", format=fmt, title=titles["peer"])],
    )
    labels = alt.Chart(data).mark_text(align="left", baseline="bottom", dy=-3, fontSize=FONT_SIZE - 1,
                                       limit=PLOT_WIDTH).encode(y=y, x=alt.value(0), text="label:N")
    median = alt.Chart(data).mark_tick(color="#000000", thickness=3, size=20, yOffset=9).encode(
        y=y, x=alt.X("peer_median:Q", scale=scale),
        opacity=alt.Opacity("median_key:N", title=None, scale=alt.Scale(range=[1]),
                            legend=alt.Legend(orient="top", symbolType="M-0.2,-1H0.2V1H-0.2Z", symbolFillColor="#000000",
                                              symbolStrokeWidth=0, symbolSize=220) if legends else None))
    layers = [bars, labels, median]
    if target is not None:
        key = titles.get("target", "target")
        # First layer, so the names and ticks are drawn over the dashed line.
        layers.insert(0, alt.Chart(pd.DataFrame({"target": [target], "key": [key]})).mark_rule(color="#444444").encode(
            x=alt.X("target:Q", scale=scale),
            strokeDash=alt.StrokeDash("key:N", title=None, scale=alt.Scale(range=[[6, 3]]),
                                      legend=alt.Legend(orient="top", symbolStrokeColor="#444444") if legends else None)))
    return _configure(alt.layer(*layers).properties(height=alt.Step(step)))


HEAT_CELL = 34  # pixels: ten cells (the largest aspect) fit a 390 px phone


def heat_strip_chart(levels: pd.DataFrame, framework: Framework, titles: dict[str, str],
                     level_names: dict[int, str], row_step: int = 66, cell: int = HEAT_CELL,
                     name_size: int = FONT_SIZE - 1) -> alt.LayerChart:
    """One cell per indicator, a row per parent with its name above, coloured by its value on its scale, the value in it.

    Each cell shows its indicator code (at least 11 px) and value in black or white, whichever reads on it.
    `levels` has columns aspect (parent label), indicator (code), number, level, name, level_name, position.
    `row_step` (px, at least 60), `cell` (px) and `name_size` (px) size a printed strip to its box.
    """
    data = levels.assign(level_text=levels["level"].map(lambda v: level_text(framework, v)),
                         dark=levels["level"].map(lambda v: level_ink_dark(framework, v)))
    kind = level_color_type(framework)
    y = alt.Y("aspect:N", title=None, sort=None, axis=None)
    base = alt.Chart(data).encode(x=alt.X("position:O", title=None, axis=None), y=y)
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=2, height=40, yOffset=9).encode(
        color=alt.Color("level", type=kind, title=titles["level"], scale=level_color_scale(framework),
                        legend=alt.Legend(orient="bottom", columns=2, labelExpr=_legend_expr(level_names))),
        tooltip=[alt.Tooltip("indicator:N", title=titles["indicator"]), alt.Tooltip("name:N", title=""),
                 alt.Tooltip("level:Q", title=titles["level"]), alt.Tooltip("level_name:N", title="")],
    )
    ink = alt.condition("datum.dark", alt.value("#FFFFFF"), alt.value("#000000"))
    text = base.mark_text(fontSize=FONT_SIZE, fontWeight="bold", dy=15).encode(text="level_text:N", color=ink)
    code = base.mark_text(fontSize=MIN_FONT, dy=0).encode(text="indicator:N", color=ink)
    aspect = alt.Chart(data.drop_duplicates("aspect")).mark_text(
        align="left", baseline="bottom", dy=-12, fontSize=name_size, fontWeight="bold", limit=PLOT_WIDTH).encode(
        y=y, x=alt.value(0), text="aspect:N")
    return _configure(alt.layer(cells, text, code, aspect).properties(height=alt.Step(row_step), width=alt.Step(cell)))


def _legend_expr(level_names: dict[int, str]) -> str:
    parts = [f"datum.label == '{k}' ? '{k} {v}'" for k, v in sorted(level_names.items())]
    return " : ".join(parts) + " : datum.label" if parts else "datum.label"


def trend_chart(trend: pd.DataFrame, framework: Framework, titles: dict[str, str],
                highlight: str | None = None) -> alt.LayerChart:
    """Index over the years for the agency (first series, highlighted) and the national mean, values at the line ends.

    `trend` has columns year, series, value.
    """
    return _configure(series_lines_chart(trend, titles, 280, index_domain(framework), number_format(framework),
                                         highlight=highlight).properties(autosize=FIT_WIDTH))


class ChartSpec(dict):
    """A Vega-Lite spec (data as JSON values, for the downloads) that also keeps each dataset as the Arrow bytes
    Streamlit sends, so a session draws it without converting the data again."""

    arrow_datasets: dict[str, bytes]


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs={Framework: lambda fw: fw.code})
def chart_spec(builder: str, *args, **kwargs) -> ChartSpec:
    """Return the Vega-Lite spec of `<builder>(*args)` of this module, cached by its arguments and shared by every
    session (never change it: `widgets.chart_block` sends a copy).

    Building an Altair chart costs tens of milliseconds (schema-checked objects), and turning its data
    into Arrow a few more per dataset; the spec of the same data is the same, so every session reuses both.
    """
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes

    spec = ChartSpec(globals()[builder](*args, **kwargs).to_dict(validate=False))
    spec.arrow_datasets = {name: convert_anything_to_arrow_bytes(values)
                           for name, values in spec.get("datasets", {}).items() if isinstance(values, list)}
    return spec


# Waterfall bars: the two indices grey, a rise green, a fall red; every bar also writes its value.
WATERFALL_COLORS = {"total": "#6E6E6E", "up": "#1B7F3B", "down": "#C62828"}


def waterfall_chart(rows: pd.DataFrame, framework: Framework, titles: dict[str, str]) -> alt.LayerChart:
    """Horizontal waterfall of an index change: the index before, each part from where the last ended, the index now.

    `rows` has columns label, start, end, kind (total/up/down), order and text (the value written by
    the bar). The axis is zoomed on the change, so the two totals start at its left edge.
    """
    from dashboard.logic.changes import waterfall_range

    low, high = waterfall_range(rows, framework.decimals, index_domain(framework)[0])
    data = rows.assign(start=rows["start"].where(rows["kind"] != "total", low), tip=rows["end"])
    data["right"] = data[["start", "end"]].max(axis=1)
    y = alt.Y("label:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=160))
    x = alt.X("start:Q", title=titles["index"], scale=alt.Scale(domain=[low, high], nice=False, clamp=True),
              axis=alt.Axis(format=number_format(framework)))
    colors = alt.Color("kind:N", scale=alt.Scale(domain=list(WATERFALL_COLORS), range=list(WATERFALL_COLORS.values())),
                       legend=None)
    bars = alt.Chart(data).mark_bar(height=18).encode(
        y=y, x=x, x2="end:Q", color=colors,
        tooltip=[alt.Tooltip("label:N", title=titles["label"]), alt.Tooltip("text:N", title=titles["value"])])
    text = alt.Chart(data).mark_text(align="left", dx=4, fontSize=FONT_SIZE - 1).encode(
        y=y, x=alt.X("right:Q", scale=alt.Scale(domain=[low, high], nice=False, clamp=True)), text="text:N")
    return _configure(alt.layer(bars, text).properties(height=alt.Step(26)))
