"""Pure scoring core of Tera: the maturity framework as data and the maths on it.

Nothing here imports streamlit, sqlalchemy, openpyxl, `ingest` or `dashboard`.
"""

from indicators.errors import FrameworkError, IndicatorsError, ScoringError
from indicators.framework import (
    Framework,
    framework_for_year,
    list_frameworks,
    load_framework,
    parse_framework,
    round_half_up,
)
from indicators.model import Band, Node, Scale

__all__ = [
    "Band",
    "Framework",
    "FrameworkError",
    "IndicatorsError",
    "Node",
    "Scale",
    "ScoringError",
    "framework_for_year",
    "list_frameworks",
    "load_framework",
    "parse_framework",
    "round_half_up",
]
