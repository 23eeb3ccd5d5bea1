"""Altair chart builders (pure: data frames in, charts out) using the framework's rating colours.

A rating is never shown by colour alone: every coloured mark carries its label as text or legend.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

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


def rating_counts_chart(counts: pd.DataFrame, framework: Framework, lang: str, titles: dict[str, str]) -> alt.Chart:
    """Stacked horizontal bars of agencies per rating for each agency type, each segment labelled with its count.

    `counts` has columns group (label), rating (band label), count.
    """
    order = [b.text(lang) for b in framework.rating_bands]
    ink = {b.text(lang): text_color_for(b.color) for b in framework.rating_bands}
    data = counts.assign(order=counts["rating"].map({label: i for i, label in enumerate(order)}),
                         ink=counts["rating"].map(ink))
    base = alt.Chart(data).encode(
        y=alt.Y("group:N", title=titles["group"], sort=list(dict.fromkeys(counts["group"])),
                axis=alt.Axis(labelLimit=320)),
        x=alt.X("count:Q", title=titles["count"], stack="zero", axis=alt.Axis(tickMinStep=1, format="d")),
        order=alt.Order("order:Q"),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("rating:N", title=titles["rating"], scale=_band_scale(framework, lang),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("group:N", title=titles["group"]), alt.Tooltip("rating:N", title=titles["rating"]),
                 alt.Tooltip("count:Q", title=titles["count"])],
    )
    text = base.mark_text(dx=-4, align="right", fontSize=FONT_SIZE - 1, fontWeight="bold").encode(
        x=alt.X("count:Q", stack="zero", bandPosition=1), text=alt.Text("count:Q"),
        color=alt.Color("ink:N", scale=None))
    return _configure((bars + text).properties(height=alt.Step(34)))


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
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("bin_start:Q", title=titles["index"], format=number_format(framework)),
                 alt.Tooltip("rating_label:N", title=titles["rating"]), alt.Tooltip("count:Q", title=titles["count"])],
    )
    layers = [bars]
    if targets:
        target_frame = pd.DataFrame(targets)
        target_frame["row"] = range(len(target_frame))
        rules = alt.Chart(target_frame).mark_rule(color="#000000", strokeDash=[6, 3], strokeWidth=2).encode(
            x="index:Q")
        labels = alt.Chart(target_frame).mark_text(align="left", dx=4, fontSize=FONT_SIZE - 1, color="#000000").encode(
            x="index:Q", y=alt.value(12), yOffset=alt.YOffset("row:O", scale=alt.Scale(range=[0, 36])),
            text="label:N")
        layers += [rules, labels]
    return _configure(alt.layer(*layers).properties(height=320))


def domain_trend_chart(trend: pd.DataFrame, framework: Framework, titles: dict[str, str],
                       method_changes: list[dict]) -> alt.LayerChart:
    """Lines of domain (and index) averages per year with the value written at each point.

    `trend` has columns year, series (label), value; `method_changes` dicts with year and label.
    """
    base = alt.Chart(trend).encode(
        x=alt.X("year:O", title=titles["year"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=titles["value"], scale=alt.Scale(domain=index_domain(framework))),
        color=alt.Color("series:N", title=titles["series"], legend=alt.Legend(orient="bottom", columns=3),
                        scale=alt.Scale(scheme="dark2")),
    )
    fmt = number_format(framework)
    lines = base.mark_line(point=True, strokeWidth=3).encode(
        tooltip=[alt.Tooltip("series:N", title=titles["series"]), alt.Tooltip("year:O", title=titles["year"]),
                 alt.Tooltip("value:Q", format=fmt, title=titles["value"])])
    # Values only at the last year, beside the line end, so five series do not write over each other.
    last = trend[trend["year"] == trend["year"].max()]
    text = alt.Chart(last).mark_text(align="left", dx=8, fontSize=FONT_SIZE - 1).encode(
        x="year:O", y="value:Q", color=alt.Color("series:N", legend=None), text=alt.Text("value:Q", format=fmt))
    layers = [lines, text]
    changes = [c for c in method_changes if c["year"] in set(trend["year"])]
    if changes:
        frame = pd.DataFrame(changes)
        layers.append(alt.Chart(frame).mark_rule(color="#555555", strokeDash=[4, 4]).encode(x="year:O"))
        layers.append(alt.Chart(frame).mark_text(align="left", dx=4, y=8, fontSize=FONT_SIZE - 2, color="#333333")
                      .encode(x="year:O", text="label:N"))
    return _configure(alt.layer(*layers).properties(height=320))


def score_bars_chart(scores: pd.DataFrame, framework: Framework, lang: str, titles: dict[str, str],
                     target: float | None) -> alt.LayerChart:
    """Horizontal bars of an agency's domain or aspect scores with the peer median as a tick and the target line.

    `scores` has columns node (label), value, rating_label, peer_median.
    """
    base = alt.Chart(scores).encode(y=alt.Y("node:N", title=None, sort=None, axis=alt.Axis(labelLimit=360)))
    fmt = number_format(framework)
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=titles["value"], scale=alt.Scale(domain=index_domain(framework))),
        color=alt.Color("rating_label:N", title=titles["rating"], scale=_band_scale(framework, lang),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("node:N"), alt.Tooltip("value:Q", format=fmt, title=titles["value"]),
                 alt.Tooltip("peer_median:Q", format=fmt, title=titles["peer"])],
    )
    text = base.mark_text(align="left", dx=4, fontSize=FONT_SIZE - 1).encode(
        x="value:Q", text=alt.Text("value:Q", format=fmt))
    median = base.mark_tick(color="#000000", thickness=3, size=24).encode(x="peer_median:Q")
    layers = [bars, text, median]
    if target is not None:
        layers.append(alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(strokeDash=[6, 3], color="#444444")
                      .encode(x="target:Q"))
    return _configure(alt.layer(*layers).properties(height=alt.Step(30)))


def heat_strip_chart(levels: pd.DataFrame, framework: Framework, titles: dict[str, str],
                     level_names: dict[int, str]) -> alt.LayerChart:
    """One cell per indicator grouped by its parent's rows, coloured by its value on its scale, the value written in it.

    `levels` has columns aspect (parent label), indicator (code), number, level, name, level_name.
    """
    data = levels.assign(level_text=levels["level"].map(lambda v: level_text(framework, v)),
                         dark=levels["level"].map(lambda v: level_ink_dark(framework, v)))
    kind = level_color_type(framework)
    base = alt.Chart(data).encode(
        x=alt.X("position:O", title=None, axis=None),
        y=alt.Y("aspect:N", title=None, sort=None, axis=alt.Axis(labelLimit=380)),
    )
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=2).encode(
        color=alt.Color("level", type=kind, title=titles["level"], scale=level_color_scale(framework),
                        legend=alt.Legend(orient="bottom", labelExpr=_legend_expr(level_names))),
        tooltip=[alt.Tooltip("indicator:N", title=titles["indicator"]), alt.Tooltip("name:N", title=""),
                 alt.Tooltip("level:Q", title=titles["level"]), alt.Tooltip("level_name:N", title="")],
    )
    text = base.mark_text(fontSize=FONT_SIZE, fontWeight="bold").encode(
        text="level_text:N",
        color=alt.condition("datum.dark", alt.value("#FFFFFF"), alt.value("#000000")),
    )
    small = base.mark_text(fontSize=9, dy=-13, color="#333333").encode(text="indicator:N")
    return _configure(alt.layer(cells, text, small).properties(height=alt.Step(40), width=alt.Step(40)))


def _legend_expr(level_names: dict[int, str]) -> str:
    parts = [f"datum.label == '{k}' ? '{k} {v}'" for k, v in sorted(level_names.items())]
    return " : ".join(parts) + " : datum.label" if parts else "datum.label"


def trend_chart(trend: pd.DataFrame, framework: Framework, titles: dict[str, str]) -> alt.LayerChart:
    """Index over the years for the agency and the national mean, values written at each point.

    `trend` has columns year, series, value.
    """
    base = alt.Chart(trend).encode(
        x=alt.X("year:O", title=titles["year"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=titles["value"], scale=alt.Scale(domain=index_domain(framework))),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
    )
    return _configure(alt.layer(base.mark_line(point=True, strokeWidth=3),
                                base.mark_text(dy=-10, fontSize=FONT_SIZE - 1).encode(
                                    text=alt.Text("value:Q", format=number_format(framework)))).properties(height=280))
