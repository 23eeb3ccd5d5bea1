"""Rank change in words and colour, as an Indonesian reader expects: "turun 45 peringkat" in red, "naik 12" in green."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.logic.formatting import fmt_number, is_missing
from i18n import t

# Streamlit's named colours for st.metric's delta, and the colours of the ranking's rank-change labels.
MOVE_COLORS = {"up": "green", "down": "red", "same": "gray"}
CELL_COLORS = {"up": "#1b7f3b", "down": "#c62828", "same": "#5f6368"}


@dataclass(frozen=True)
class RankMove:
    """One agency's move in a ranking: direction (up, down, same), places moved (≥ 0) and its words."""

    direction: str
    places: int
    text: str
    short: str

    @property
    def color(self) -> str:
        """Streamlit colour name of the move (green up, red down, grey unchanged)."""
        return MOVE_COLORS[self.direction]

    @property
    def arrow(self) -> str:
        """st.metric's arrow: 'up', 'down' or 'off' (unchanged)."""
        return self.direction if self.direction != "same" else "off"


def compute_rank_move(change: float | int | None, lang: str | None = None) -> RankMove | None:
    """Return the move for a rank change (previous rank − rank: positive = moved up), or None when unknown."""
    if change is None or change is pd.NA or is_missing(change):
        return None
    places = abs(int(change))
    direction = "up" if change > 0 else "down" if change < 0 else "same"
    count = fmt_number(places, 0, lang)
    return RankMove(direction, places, t(f"rank.{direction}", lang=lang, n=count),
                    t(f"rank.{direction}_short", lang=lang, n=count))


def rank_move_cells(changes: pd.Series, lang: str | None = None) -> list[str]:
    """Return the short words of each rank change for a table column ('naik 12', 'turun 45', 'tetap', '')."""
    moves = [compute_rank_move(v, lang) for v in changes.astype("Float64")]
    return [m.short if m else "" for m in moves]
