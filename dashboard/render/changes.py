"""Draw 'what changed and why': the sentence and the waterfall, in a bordered card (profile) or on a slide."""

from __future__ import annotations

import streamlit as st

from dashboard.logic.changes import WhatChanged, change_sentence, waterfall_rows
from dashboard.logic.formatting import plain
from dashboard.render import charts, widgets
from i18n import t
from indicators import Framework


def what_changed_block(what: WhatChanged, framework: Framework, lang: str, key: str) -> None:
    """Show the change since the previous result: one sentence (names as text) and the waterfall with downloads."""
    with st.container(border=True):
        # Title and sentence in one paragraph: the sentence belongs on the profile's first screen.
        st.markdown(f"**{plain(t('change.title'))}** · {plain(change_sentence(what, framework, lang))}")
        rows = waterfall_rows(what, framework, lang)
        titles = {"index": t("col.index"), "label": t("change.chart_label"), "value": t("change.chart_value")}
        widgets.chart_block(charts.chart_spec("waterfall_chart", rows, framework, titles), f"perubahan-{key}", f"waterfall_{key}")
        if what.change is not None:
            st.caption(t("change.chart_note"))
