"""Pure scoring core of Tera: the maturity framework as data and the maths on it.

Nothing here imports streamlit, sqlalchemy, openpyxl, `ingest` or `dashboard`.
"""

from indicators.errors import FrameworkError, IndicatorsError, Problem, ScoringError
from indicators.framework import FRAMEWORK_DIR, Framework, round_half_up
from indicators.model import Band, Level, LevelScale, Node, Scale
from indicators.reader import check_framework_file, load_framework, parse_framework_file, read_framework_file
from indicators.registry import (
    FrameworkDefaults,
    compute_default_code,
    default_framework_code,
    framework_by_code,
    framework_for_year,
    frameworks_for_year,
    list_frameworks,
    no_default_message,
    read_framework_defaults,
)
from indicators.validate import check_framework, parse_framework

__all__ = [
    "FRAMEWORK_DIR",
    "Band",
    "Framework",
    "FrameworkDefaults",
    "FrameworkError",
    "Problem",
    "IndicatorsError",
    "Level",
    "LevelScale",
    "Node",
    "Scale",
    "ScoringError",
    "check_framework",
    "check_framework_file",
    "compute_default_code",
    "default_framework_code",
    "framework_by_code",
    "framework_for_year",
    "frameworks_for_year",
    "list_frameworks",
    "load_framework",
    "no_default_message",
    "parse_framework",
    "parse_framework_file",
    "read_framework_defaults",
    "read_framework_file",
    "round_half_up",
]
