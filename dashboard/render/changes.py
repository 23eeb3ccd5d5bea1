"""Draw 'what changed and why': the sentence and the waterfall, in a bordered card (profile) or on a slide."""

from __future__ import annotations

import streamlit as st

from dashboard.logic.changes import WhatChanged, change_sentence, waterfall_rows
from dashboard.logic.formatting import plain
from dashboard.render import charts, widgets
from i18n import t
from indicators import Framework


def what_changed_parts(what: WhatChanged, framework: Framework, lang: str) -> tuple[str, charts.ChartSpec]:
    """Return the change sentence (names as text) and the waterfall's chart spec, for a caller to keep and reuse."""
    rows = waterfall_rows(what, framework, lang)
    titles = {"index": t("col.index", lang=lang), "label": t("change.chart_label", lang=lang),
              "value": t("change.chart_value", lang=lang)}
    return plain(change_sentence(what, framework, lang)), charts.chart_spec("waterfall_chart", rows, framework, titles)


def what_changed_block(what: WhatChanged, framework: Framework, lang: str, key: str,
                       parts: tuple[str, charts.ChartSpec] | None = None) -> None:
    """Show the change since the previous result: one sentence (names as text) and the waterfall with downloads.

    `parts` are `what_changed_parts` kept by the caller (the profile shares them between sessions).
    """
    sentence, spec = parts or what_changed_parts(what, framework, lang)
    with st.container(border=True):
        # Title and sentence in one paragraph: the sentence belongs on the profile's first screen.
        st.markdown(f"**{plain(t('change.title'))}** · {sentence}")
        widgets.chart_block(spec, f"perubahan-{key}", f"waterfall_{key}")
        if what.change is not None:
            st.caption(t("change.chart_note"))
