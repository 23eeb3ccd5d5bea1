"""Bandingkan: pure helpers turning results and final levels of 2–6 agencies into comparison frames.

No Streamlit here; the page (`dashboard/screens/bandingkan.py`) draws what these return.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import FONT_SIZE, LEVEL_COLORS, LEVEL_TEXT_DARK, _band_scale, _configure
from dashboard.formatting import fmt_number
from indicators import Framework

MIN_AGENCIES = 2
MAX_AGENCIES = 6


def pick_codes(requested: list[str], known: set[str], limit: int = MAX_AGENCIES) -> list[str]:
    """Return the requested agency codes that exist, in the order given, without repeats, at most `limit`."""
    out: list[str] = []
    for code in requested:
        if code in known and code not in out:
            out.append(code)
    return out[:limit]


def node_scores(results: pd.DataFrame, codes: list[str], nodes, framework: Framework, year: int, lang: str,
                names: dict[str, str]) -> pd.DataFrame:
    """Return long rows (agency, agency_code, node, code, value, rating_label) of domain or aspect scores."""
    labels = {b.slug: b.text(lang) for b in framework.rating_bands}
    rows = []
    chosen = results.set_index("agency_code")
    for code in codes:
        if code not in chosen.index:
            continue
        row = chosen.loc[code]
        for node in nodes:
            value = row.get(node.code)
            if value is None or pd.isna(value):
                continue
            rows.append({"agency": names[code], "agency_code": code, "node": f"{node.code} {node.label(lang)}",
                         "code": node.code, "value": float(value),
                         "rating_label": labels[framework.rating_for(float(value), year).slug]})
    return pd.DataFrame(rows, columns=["agency", "agency_code", "node", "code", "value", "rating_label"])


def score_table(results: pd.DataFrame, codes: list[str], framework: Framework) -> pd.DataFrame:
    """Return one row per chosen agency: code, name, index, rating slug, domains and aspects (numbers unrounded)."""
    domains = [d.code for d in framework.domains]
    aspects = [a.code for a in framework.aspects]
    frame = results.set_index("agency_code").reindex(codes).reset_index()
    return frame[["agency_code", "agency_name", "submitted", "index", "rating", *domains, *aspects]]


def differences(table: pd.DataFrame, framework: Framework, reference: str) -> pd.DataFrame:
    """Return each other agency's index, domain and aspect values minus the reference agency's (positive = higher)."""
    columns = ["index", *(d.code for d in framework.domains), *(a.code for a in framework.aspects)]
    base = table[table["agency_code"] == reference]
    others = table[table["agency_code"] != reference]
    if base.empty or others.empty:
        return pd.DataFrame(columns=["agency_code", "agency_name", *columns])
    delta = others[columns].astype(float) - base[columns].astype(float).to_numpy()
    return pd.concat([others[["agency_code", "agency_name"]], delta], axis=1).reset_index(drop=True)


def level_matrix(final: pd.DataFrame, codes: list[str], framework: Framework, names: dict[str, str],
                 lang: str) -> pd.DataFrame:
    """Return one row per chosen agency × indicator: agency, indicator, name, aspect, level (NaN when absent)."""
    indicators = final[(final["kind"] == "indicator") & final["agency_code"].isin(codes)]
    levels = {(a, c): v for a, c, v in zip(indicators["agency_code"], indicators["code"], indicators["value"],
                                            strict=True)}
    rows = []
    for code in codes:
        for node in framework.indicators:
            level = levels.get((code, node.code))
            rows.append({"agency": names[code], "agency_code": code, "indicator": node.code,
                         "number": node.number, "name": node.label(lang), "aspect": node.parent,
                         "level": float(level) if level is not None and not pd.isna(level) else float("nan")})
    return pd.DataFrame(rows, columns=["agency", "agency_code", "indicator", "number", "name", "aspect", "level"])


def level_spread(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return per indicator the lowest and highest level among the agencies and their spread (largest first)."""
    given = matrix.dropna(subset=["level"])
    if given.empty:
        return pd.DataFrame(columns=["indicator", "name", "low", "high", "spread"])
    spread = given.groupby(["indicator", "name"], sort=False)["level"].agg(low="min", high="max").reset_index()
    spread["spread"] = spread["high"] - spread["low"]
    return spread.sort_values("spread", ascending=False, kind="stable").reset_index(drop=True)


def trends(history: pd.DataFrame, codes: list[str], names: dict[str, str]) -> pd.DataFrame:
    """Return year, series (agency name), agency_code, value: each chosen agency's index over the years."""
    own = history[history["agency_code"].isin(codes) & history["index"].notna()]
    return pd.DataFrame({"year": own["year"].astype(int), "series": own["agency_code"].map(names),
                         "agency_code": own["agency_code"], "value": own["index"].astype(float)}).reset_index(drop=True)


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


def trend_chart(trend: pd.DataFrame, titles: dict[str, str]) -> alt.LayerChart:
    """One line per agency over the years, its index written at every point."""
    base = alt.Chart().encode(
        x=alt.X("year:O", title=titles["year"], axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=titles["value"], scale=alt.Scale(domain=[0, 5])),
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom", columns=2, labelLimit=360),
                        scale=alt.Scale(scheme="dark2")),
    )
    lines = base.mark_line(point=True, strokeWidth=3).encode(
        tooltip=[alt.Tooltip("series:N", title=""), alt.Tooltip("year:O", title=titles["year"]),
                 alt.Tooltip("value:Q", format=".2f", title=titles["value"])])
    # Values only at each line's last year, beside its end, so close lines do not write over each other.
    last = trend.loc[trend.groupby("series")["year"].idxmax()]
    text = alt.Chart(last.assign(label=last["value"].map(fmt_number))).mark_text(
        align="left", dx=8, fontSize=FONT_SIZE - 1, fontWeight="bold").encode(
        x="year:O", y="value:Q", text="label:N", color=alt.Color("series:N", legend=None, scale=alt.Scale(scheme="dark2")))
    return _configure(alt.layer(lines, text, data=trend).properties(height=380))
