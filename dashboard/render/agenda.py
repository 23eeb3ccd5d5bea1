"""The "Presentasikan" button: build a meeting-mode agenda from the page shown, then open or copy its link."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.logic import rapat
from i18n import t

MEETING_SCRIPT = "screens/rapat.py"
# The agenda built so far in this browser session, shared by every page's "Presentasikan".
AGENDA = "_agenda"
# Session-state key (then the page slug) of a page's open "Presentasikan" popover.
OPEN_PREFIX = "agenda_open_"


def _keep(origin: str) -> None:
    # Only what someone chose is kept for the other pages; a page's untouched proposal is not an agenda.
    state = st.session_state
    sections = tuple(state.get(f"agenda_sections_{origin}") or ())
    codes = tuple(state.get(f"agenda_codes_{origin}", state.get(AGENDA, {}).get("codes", ())) or ())
    state[AGENDA] = {"sections": sections, "codes": codes}


def present_button(origin: str, year: int, lang: str, codes: Sequence[str] = (),
                   names: Mapping[str, str] | None = None) -> None:
    """Show "Presentasikan": choose the slides (in order), the agencies and auto-advance, then start or copy the link.

    `origin` is the page slug Esc returns to; `codes` the agencies the page shows (preselected);
    `names` code → name of the agencies that may be added (none: only `codes`).
    """
    # One agenda across pages: what was chosen on another page stays, and this page adds its agencies.
    sections_default, codes_default = rapat.merge_agenda(st.session_state.get(AGENDA), origin, codes)
    options = list(dict.fromkeys([*codes_default, *(names or {})]))
    # Its widgets are built and sent only once it is opened (a rerun): most views never open it, and its agency list
    # is every agency of the year.
    holder = st.popover(t("agenda.present"), icon=":material/co_present:", help=t("agenda.help"),
                        key=f"{OPEN_PREFIX}{origin}", on_change="rerun")
    if not holder.open:
        return
    with holder:
        sections = st.multiselect(t("agenda.sections"), rapat.SECTIONS + rapat.ROUND_SECTIONS, default=sections_default,
                                  format_func=lambda s: t(f"agenda.section.{s}"), key=f"agenda_sections_{origin}",
                                  placeholder=t("agenda.choose"), select_all=False, on_change=_keep, args=(origin,))
        chosen = list(codes_default)
        if set(rapat.AGENCY_SECTIONS) & set(sections) and options:
            chosen = st.multiselect(t("agenda.agencies"), options, default=list(codes_default),
                                    key=f"agenda_codes_{origin}", format_func=lambda c: f"{(names or {}).get(c, c)} ({c})",
                                    placeholder=t("agenda.choose"), select_all=False, on_change=_keep, args=(origin,))
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
        # An invitation needs the whole address, not "rapat?…" (relative only where the browser's URL is unknown).
        st.code(rapat.agenda_link(pairs, st.context.url, origin), language=None, wrap_lines=True)
