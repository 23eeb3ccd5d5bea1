"""Draw commitments: the profile's card ("3 komitmen 2025: 2 tercapai, 1 belum") and the evaluator's quick form."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy import Engine

from dashboard.logic import komitmen
from dashboard.logic.formatting import fmt_number, plain
from i18n import get_language, t
from indicators import Framework
from ingest.access import Viewer
from ingest.access.commitments import Commitment, save_commitment
from ingest.errors import IngestError

# The meeting name typed once stays for the next promises of the same meeting (session only).
MEETING_KEY = "komitmen_rapat"
# The meeting name kept outside the widget: a closed form draws no widget, and Streamlit forgets an undrawn one's value.
MEETING_KEPT = "_komitmen_rapat_kept"


def _keep_meeting() -> None:
    st.session_state[MEETING_KEPT] = st.session_state.get(MEETING_KEY)


def card_text(counts: komitmen.CardCounts, lang: str | None = None) -> str:
    """Return the card's sentence: '3 komitmen 2025: 2 tercapai, 1 belum dinilai'."""
    parts = ", ".join(t(f"commitment.count_{status}", lang=lang, n=n) for status, n in counts.counts.items())
    return t("commitment.card", lang=lang, n=counts.total, year=counts.target_year, parts=parts)


def commitment_card(frame, agency_code: str, year: int, link: str | None = None) -> None:
    """Show the agency's commitments due in (or nearest to) `year` as one bordered line; nothing without any."""
    counts = komitmen.card_counts(frame, agency_code, year)
    if counts is None:
        return
    with st.container(border=True):
        st.markdown(plain(card_text(counts)) + (f" · [{t('commitment.see_all')}]({link})" if link else ""))


def commitment_form(engine: Engine, viewer: Viewer, agencies: dict[str, str], framework: Framework, year: int,
                    levels_of: Callable[[str], dict[str, float]], key: str, source: str, popover: bool = False) -> None:
    """Let an evaluator record one promise in a few seconds: agency (when several: a comparison), indicator, target
    (proposed: one level up), round (proposed: next year), who; the meeting name stays for the next one.

    `popover` opens the form from a button (a meeting slide) instead of an expander on the page.
    """
    if not viewer.is_evaluator or not agencies:
        return
    lang = get_language()
    # The form's widgets are built and sent only once it is opened (a rerun), not on every view of the page.
    opener = st.popover if popover else st.expander
    holder = opener(t("commitment.add_title"), icon=":material/handshake:", key=f"{key}_open", on_change="rerun")
    if not holder.open:
        return
    with holder:
        agency_code = next(iter(agencies))
        if len(agencies) > 1:
            agency_code = st.selectbox(t("col.agency"), list(agencies), key=f"{key}_agency",
                                       format_func=lambda c: agencies[c])
        levels = levels_of(agency_code)
        codes = [node.code for node in framework.leaves]
        left, middle, right = st.columns([3, 1, 1])
        indicator = left.selectbox(t("col.indicator"), codes, key=f"{key}_indicator",
                                   format_func=lambda c: f"{c} {framework.name_of(c, lang)}")
        scale = framework.scale_for(indicator)
        current = levels.get(indicator)
        target = middle.number_input(t("commitment.target_level"), min_value=float(scale.min),
                                     max_value=float(scale.max), step=float(scale.step if scale.continuous else 1),
                                     value=komitmen.default_target(current, framework, indicator),
                                     key=f"{key}_target_{agency_code}_{indicator}")
        target_year = right.number_input(t("commitment.target_year"), min_value=year, max_value=year + 10,
                                         value=year + 1, step=1, key=f"{key}_year")
        st.caption(t("commitment.current_level", level=fmt_number(current, framework.decimals) if current is not None
                     else "–"))
        who, meeting = st.columns(2)
        responsible = who.text_input(t("commitment.responsible"), key=f"{key}_who")
        if MEETING_KEY not in st.session_state and MEETING_KEPT in st.session_state:
            st.session_state[MEETING_KEY] = st.session_state[MEETING_KEPT]  # the form was closed in between
        meeting_name = meeting.text_input(t("commitment.meeting"), key=MEETING_KEY, on_change=_keep_meeting)
        note = st.text_input(t("commitment.note"), key=f"{key}_note")
        if st.button(t("commitment.save"), key=f"{key}_save", type="primary"):
            item = Commitment(agency_code=agency_code, framework_code=framework.code, indicator=indicator,
                              target_level=float(target), target_year=int(target_year), base_year=year,
                              base_level=current, responsible=responsible, note=note, meeting=meeting_name)
            try:
                new_id = save_commitment(engine, viewer, item, actor=viewer.label(), source=source)
            except IngestError as error:
                st.error(str(error))
            else:
                st.toast(t("commitment.saved", id=new_id, indicator=indicator))
