"""Visual scales taken from the framework: index axis range, number format, level colours and their ink.

Nothing here knows a framework: a named scale's levels get a light-to-dark ramp (its not-answered
value grey, so it does not read as "low"), a continuous scale a colour gradient over its range.
"""

from __future__ import annotations

import math

import altair as alt

from indicators import Framework

# Light to dark; sampled to as many colours as a named scale has levels.
RAMP = ("#DEEBF7", "#9ECAE1", "#4292C6", "#2171B5", "#08306B")
NOT_ANSWERED = "#BDBDBD"


def index_domain(framework: Framework) -> list[float]:
    """Return the [low, high] every node score and the index lie in (the axis range of score charts)."""
    low, high = framework.index_range
    return [float(low), float(high)]


def number_format(framework: Framework) -> str:
    """Return the d3 format of scores with the framework's display decimals (e.g. ',.2f')."""
    return f",.{framework.decimals}f"


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c):02X}" for c in rgb)


def _ramp(count: int) -> list[str]:
    """Return `count` colours spread evenly over RAMP (linear in RGB)."""
    points = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in RAMP]
    if count == 1:
        return [RAMP[-1]]
    out = []
    for k in range(count):
        position = k * (len(points) - 1) / (count - 1)
        low = min(int(math.floor(position)), len(points) - 2)
        share = position - low
        out.append(_hex(tuple(a + (b - a) * share for a, b in zip(points[low], points[low + 1], strict=True))))
    return out


def _leaf_scales(framework: Framework) -> list:
    used = dict.fromkeys(node.level_scale for node in framework.leaves)
    return [framework.level_scales[code] for code in used]


def level_colors(framework: Framework) -> dict[float, str] | None:
    """Return {level value: colour} when every indicator scale is named (not-answered grey), else None (continuous)."""
    scales = _leaf_scales(framework)
    if any(scale.continuous for scale in scales):
        return None
    missing = {float(s.not_answered) for s in scales if s.not_answered is not None}
    values = sorted({float(v) for s in scales for v in s.allowed()} - missing)
    colors = dict(zip(values, _ramp(len(values)), strict=True))
    return {**{value: NOT_ANSWERED for value in missing}, **colors}


def level_range(framework: Framework) -> tuple[float, float]:
    """Return the lowest and highest value any indicator can hold (not-answered included)."""
    scales = _leaf_scales(framework)
    return min(s.floor for s in scales), max(s.max for s in scales)


def level_color_scale(framework: Framework) -> alt.Scale:
    """Return the colour scale of indicator values: ordinal per named level, or a gradient over a continuous range."""
    colors = level_colors(framework)
    if colors is None:
        return alt.Scale(domain=list(level_range(framework)), range=[RAMP[0], RAMP[-1]])
    ordered = sorted(colors)
    return alt.Scale(domain=[_level_key(v) for v in ordered], range=[colors[v] for v in ordered])


def level_color_type(framework: Framework) -> str:
    """Return the Vega-Lite type of the level colour field: 'ordinal' for named levels, 'quantitative' otherwise."""
    return "ordinal" if level_colors(framework) is not None else "quantitative"


def _level_key(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)


def level_ink_dark(framework: Framework, value: float | None) -> bool:
    """True when a cell of this value needs white text (its colour is dark)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    colors = level_colors(framework)
    if colors is None:
        low, high = level_range(framework)
        return (float(value) - low) > 0.55 * (high - low)
    color = colors.get(float(value), NOT_ANSWERED)
    red, green, blue = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue <= 0.45


def level_text(framework: Framework, value: float | None) -> str:
    """Return a level as written in a cell: '–' for none, a whole number for named levels, else the display decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return f"{float(value):.{framework.decimals}f}"


def unanswered_legend(framework: Framework, label: str) -> dict[int | float, str]:
    """Return {not-answered value: label} for the legends of level colours (empty when no scale has one)."""
    return {_level_key(float(s.not_answered)): label for s in _leaf_scales(framework) if s.not_answered is not None}
