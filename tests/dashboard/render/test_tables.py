"""Table helpers: numbers in the reader's language, and no Styler where integers say it all."""

from __future__ import annotations

import math

import pandas as pd
from pandas.io.formats.style import Styler

from dashboard.render.tables import localized, localized_table


def test_whole_levels_become_integers_without_a_styler():
    frame = pd.DataFrame({"code": ["I1", "I2", "I3"], "level": [3.0, math.nan, 5.0], "stage_mandiri": [2.0, 4.0, 1.0]})
    shown = localized_table(frame, 0)
    assert not isinstance(shown, Styler)
    assert str(shown["level"].dtype) == "Int64" and shown["level"].isna().tolist() == [False, True, False]
    assert shown["stage_mandiri"].tolist() == [2, 4, 1]


def test_a_fractional_value_is_the_text_the_cell_shows():
    # Screen readers and copy-paste read the cell's value: it must be "3,46", never the raw 3.456.
    frame = pd.DataFrame({"level": [3.0, 4.0], "index": [3.456, 2.5]})
    shown = localized_table(frame, {"level": 0, "index": 2}, "id")
    assert not isinstance(shown, Styler)
    assert shown["level"].tolist() == [3, 4]
    assert [text.strip("\u2007") for text in shown["index"]] == ["3,46", "2,50"]
    assert [text.strip("\u2007") for text in localized_table(frame, 2, "en")["index"]] == ["3.46", "2.50"]
    # A continuous indicator (0–1) rounded to a whole number would lie: it keeps its decimals,
    # and whole values of the same column stay whole.
    continuous = localized_table(pd.DataFrame({"level": [0.25, 1.0, math.nan]}), 0, "id", fractions=2)
    assert [text.strip("\u2007") for text in continuous["level"]] == ["0,25", "1", "–"]


def test_localized_always_styles_for_chaining():
    assert isinstance(localized(pd.DataFrame({"level": [1.0]}), 0), Styler)


def test_number_texts_sort_as_numbers_and_keep_the_comma():
    from dashboard.render.tables import number_texts

    texts = number_texts(pd.Series([100.0, 9.5, math.nan, 10.25]), 2, "id")
    assert [text.strip("\u2007") for text in texts] == ["100,00", "9,50", "–", "10,25"]
    # One width: the grid sorts text with localeCompare, where a figure space comes before every digit
    # (checked in chromium: "\u20079,50" < "100,00"), so equal widths sort as the numbers do.
    assert len({len(t) for t in texts if t != "–"}) == 1


def test_pill_colours_stay_apart_and_readable(spbe_fw):
    from dashboard.render.tables import _luminance, pill_color

    pills = [pill_color(band.color) for band in spbe_fw.rating_bands]
    assert len(set(pills)) == len(pills)
    assert all(1.05 / (_luminance(color) + 0.05) >= 3.0 for color in pills)
    assert pill_color("#0072B2") == "#0072B2"  # dark enough already: unchanged


def test_the_ranking_fits_1440_px_for_4_9_and_12_top_level_nodes():
    from dashboard.render.tables import FIXED_WIDTHS, RANKING_BUDGET, ranking_widths

    def total(nodes: int, in_selection: bool, with_place: bool) -> int:
        widths = ranking_widths(nodes, in_selection, with_place)
        fixed = [FIXED_WIDTHS[c] for c in ("select", "rank", "rank_change", "index", "rating")]
        return (sum(fixed) + widths["agency_link"] + nodes * widths["node"]
                + (FIXED_WIDTHS["rank_selection"] if in_selection else 0) + (FIXED_WIDTHS["place"] if with_place else 0))

    # SPBE's four domains keep the place; more nodes leave it to the profile and the download.
    cases = [(4, False, True), (4, True, True), (9, False, False), (9, True, False), (12, False, False)]
    assert all(total(*case) <= RANKING_BUDGET for case in cases), [total(*case) for case in cases]
    assert ranking_widths(9, False, False)["node"] >= 46 and ranking_widths(12, False, False)["agency_link"] >= 140


def test_a_node_column_is_never_narrower_than_its_numbers():
    from dashboard.render.tables import ranking_widths

    # "0,875" (three decimals) needs more room than "3,25": twelve such columns scroll rather than cut a number.
    assert ranking_widths(12, False, False, 3)["node"] > ranking_widths(12, False, False, 2)["node"] >= 40


def test_selected_agency_from_a_row_or_a_clicked_name():
    """A ranking opens the profile of the row chosen or of the name cell clicked; another cell opens nothing."""
    from types import SimpleNamespace

    from dashboard.render.tables import selected_agency

    results = pd.DataFrame({"agency_code": ["35.10", "35.77", "K-BSSN"]})
    cases = [
        ({"rows": [1], "cells": []}, "35.77"),
        ({"rows": [], "cells": [(2, "agency")]}, "K-BSSN"),
        ({"rows": [], "cells": [(0, "index")]}, None),
        ({"rows": [], "cells": [(-1, "agency")]}, None),  # the name's header: a sort
        ({"rows": [], "cells": []}, None),
    ]
    for chosen, expected in cases:
        assert selected_agency(SimpleNamespace(selection=SimpleNamespace(**chosen)), results) == expected, chosen
    assert selected_agency(None, results) is None
