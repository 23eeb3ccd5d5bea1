"""Kept only until the parallel branches are merged: numbers are formatted in `dashboard.logic.formatting` (pure)."""

from dashboard.logic.formatting import *  # noqa: F403
