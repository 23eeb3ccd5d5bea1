"""Conversions: an indicator whose raw value lives on its own scale (a 0–100 survey) and is converted to the framework's.

In a framework file, on an indicator:

    conversion: {from: [0, 100], to: [1, 5]}                          # linear
    conversion: {bands: [[0, 20, 1], [20, 40, 2], [40, 60, 3], [60, 80, 4], [80, 100, 5]]}   # [from, to) → value

The raw value is checked against its own range and kept beside the converted value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from indicators.collect import Collector, join, read_number
from indicators.model import LevelScale

# Band edges are compared with this tolerance (values are typed with a few decimals).
EDGE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Conversion:
    """How a raw value in [low, high] becomes a value on the indicator's scale: linear onto [to_low, to_high], or by bands."""

    low: float
    high: float
    to_low: float = 0.0
    to_high: float = 0.0
    bands: tuple[tuple[float, float, float], ...] = ()  # (from, to, value): [from, to), the last band closed

    @property
    def kind(self) -> str:
        """'bands' or 'linear'."""
        return "bands" if self.bands else "linear"

    def fits(self, raw: float) -> bool:
        """True when `raw` lies on the raw value's own scale."""
        return self.low <= raw <= self.high

    def convert(self, raw: float) -> float:
        """Return the value on the framework's scale of a raw value inside [low, high]."""
        if not self.bands:
            return self.to_low + (raw - self.low) * (self.to_high - self.to_low) / (self.high - self.low)
        for start, end, value in self.bands:
            if start <= raw < end:
                return value
        return self.bands[-1][2]


def parse_conversion(c: Collector, data: Any, path: str, here: str, scale: LevelScale | None) -> Conversion | None:
    """Return the conversion written on an indicator, recording located problems; `scale` is the indicator's own."""
    item = c.mapping(data, path, f"{here} › conversion")
    if item is None:
        return None
    if "bands" in item:
        return _bands(c, item["bands"], join(path, "bands"), here, scale)
    low, high = _pair(c, item.get("from"), join(path, "from"), here)
    to_low, to_high = _pair(c, item.get("to"), join(path, "to"), here)
    if None in (low, high, to_low, to_high):
        return None
    if scale is not None and not (scale.floor <= min(to_low, to_high) and max(to_low, to_high) <= scale.max):
        c.add("conversion-outside-scale", join(path, "to"), f"{here}: conversion › to [{to_low:g}, {to_high:g}] must "
              f"lie on the indicator's scale ({scale.floor:g}–{scale.max:g})", to_high, code=here.split(" ")[-1],
              low=f"{scale.floor:g}", high=f"{scale.max:g}")
        return None
    return Conversion(low=low, high=high, to_low=to_low, to_high=to_high)


def _pair(c: Collector, value: Any, path: str, here: str) -> tuple[float | None, float | None]:
    numbers = [read_number(v) for v in value] if isinstance(value, list) and len(value) == 2 else [None]
    if None in numbers or numbers[0] >= numbers[1]:
        c.add("conversion-range", path, f"{here}: conversion › {path.rsplit('.', 1)[-1]} must be two numbers "
              f"[low, high] with low below high, found {value!r}", value, code=here.split(" ")[-1], found=repr(value))
        return None, None
    return numbers[0], numbers[1]


def _bands(c: Collector, value: Any, path: str, here: str, scale: LevelScale | None) -> Conversion | None:
    if not isinstance(value, list) or not value:
        c.add("conversion-range", path, f"{here}: conversion › bands must be a list of [from, to, value]", value,
              code=here.split(" ")[-1], found=repr(value))
        return None
    bands = []
    for i, band in enumerate(value):
        numbers = [read_number(v) for v in (band.values() if isinstance(band, Mapping) else band)] \
            if isinstance(band, (list, Mapping)) and len(band) == 3 else [None]
        if None in numbers or numbers[0] >= numbers[1]:
            c.add("conversion-range", join(path, i), f"{here}: conversion band {i + 1} must be [from, to, value] "
                  f"with from below to, found {band!r}", band, code=here.split(" ")[-1], found=repr(band))
            return None
        if scale is not None and not scale.fits(numbers[2]):
            c.add("conversion-outside-scale", join(path, i), f"{here}: conversion band {i + 1} gives {numbers[2]:g}, "
                  f"which is not on the indicator's scale", numbers[2], code=here.split(" ")[-1],
                  low=f"{scale.floor:g}", high=f"{scale.max:g}")
            return None
        bands.append(tuple(numbers))
    bands.sort()
    for i, (before, after) in enumerate(zip(bands, bands[1:], strict=False)):
        if abs(before[1] - after[0]) > EDGE_TOLERANCE:
            kind = "gap" if before[1] < after[0] else "overlap"
            c.add("conversion-bands", join(path, i + 1), f"{here}: conversion bands {kind} between {before[1]:g} and "
                  f"{after[0]:g}; each band must start where the one before ends", after[0],
                  code=here.split(" ")[-1], kind=kind, end=f"{before[1]:g}", start=f"{after[0]:g}")
            return None
    return Conversion(low=bands[0][0], high=bands[-1][1], bands=tuple(bands))
