"""The "Presentasikan" button: build a meeting-mode agenda from the page shown, then open or copy its link."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.logic import rapat
from i18n import t

MEETING_SCRIPT = "screens/rapat.py"


def present_button(origin: str, year: int, lang: str, codes: Sequence[str] = (),
                   names: Mapping[str, str] | None = None) -> None:
    """Show "Presentasikan": choose the slides (in order), the agencies and auto-advance, then start or copy the link.

    `origin` is the page slug Esc returns to; `codes` the agencies the page shows (preselected);
    `names` code → name of the agencies that may be added (none: only `codes`).
    """
    options = list(dict.fromkeys([*codes, *(names or {})]))
    with st.popover(t("agenda.present"), icon=":material/co_present:", help=t("agenda.help")):
        sections = st.multiselect(t("agenda.sections"), rapat.SECTIONS + rapat.ROUND_SECTIONS, default=rapat.default_sections(origin, codes),
                                  format_func=lambda s: t(f"agenda.section.{s}"), key=f"agenda_sections_{origin}")
        chosen = list(codes)
        if set(rapat.AGENCY_SECTIONS) & set(sections) and options:
            chosen = st.multiselect(t("agenda.agencies"), options, default=list(codes), key=f"agenda_codes_{origin}",
                                    format_func=lambda c: f"{(names or {}).get(c, c)} ({c})")
        auto = st.number_input(t("agenda.auto"), min_value=0, max_value=rapat.AUTO_MAX, value=0, step=5,
                               key=f"agenda_auto_{origin}")
        if not sections:
            st.info(t("agenda.need_section"))
            return
        if set(rapat.AGENCY_SECTIONS) & set(sections) and not chosen:
            st.info(t("agenda.need_agency"))
        pairs = rapat.agenda_query(year, sections, chosen if set(rapat.AGENCY_SECTIONS) & set(sections) else [],
                                   auto=int(auto) or None, lang=lang, origin=origin,
                                   # the shell always writes the framework into the URL beside the year
                                   framework_code=st.query_params.get("kerangka"))
        st.page_link(MEETING_SCRIPT, label=t("agenda.start"), icon=":material/slideshow:", query_params=pairs)
        st.caption(t("agenda.link"))
        st.code(rapat.agenda_link(pairs), language=None, wrap_lines=True)
