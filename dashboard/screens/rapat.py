"""Mode rapat (`/rapat`): a full-screen presentation whose agenda is the link (see `dashboard.logic.rapat`).

URL: `tahun`, `urutan=ringkasan,distribusi,teratas,naik,turun,instansi`, repeated `kode`, `slide=N` (1-based),
`auto=SECONDS`, `lang`, `dari` (the page to go back to). Next/previous: the buttons, arrow keys,
PageDown/PageUp (clickers); Esc or the Leave button goes back to the page the meeting came from.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

import streamlit as st

from dashboard.logic import changes, instansi, rapat
from dashboard.logic.results import version_note
from dashboard.render import commitments as render_commitments
from dashboard.render import slides, slides_rounds
from dashboard.state import data
from dashboard.state.context import get_shell
from i18n import t

CSS = (Path(__file__).resolve().parent.parent / "static" / "rapat.css").read_text(encoding="utf-8")
TIMER = "_rapat_timer"
# Where Esc goes back to, by the page slug of `dari` (see `rapat.exit_target`).
SCRIPTS = {"ringkasan": "screens/ringkasan.py", "instansi": "screens/instansi.py", "bandingkan": "screens/bandingkan.py"}

shell = get_shell()
fw, year, lang = shell.framework, shell.year, shell.lang
st.html(f"<style>{CSS}</style>")

history = data.history(shell.engine, fw.code, shell.viewer)
results = history[history["year"] == year].reset_index(drop=True)

sections = rapat.parse_sections(st.query_params.get("urutan"))
codes = rapat.parse_codes(st.query_params.get_all("kode"))
deck = rapat.build_slides(sections, codes)
current = rapat.parse_slide(st.query_params.get("slide"), len(deck))
auto = rapat.parse_auto(st.query_params.get("auto"))
origin = rapat.parse_origin(st.query_params.get("dari"))
# The link always spells out the whole agenda and the slide shown, so it can be copied at any moment.
st.query_params["urutan"] = ",".join(sections)
st.query_params["slide"] = str(current + 1)


def go(target: int) -> None:
    """Show slide `target` (0-based, wraps around) and restart the auto-advance countdown."""
    st.query_params["slide"] = str(target % len(deck) + 1)
    st.session_state.pop(TIMER, None)


slide = deck[current]
if slide.kind == "ringkasan":
    body = slides.summary_slide(history, year, fw, lang)
elif slide.kind == "distribusi":
    body = slides.distribution_slide(results, year, fw, lang)
elif slide.kind == "teratas":
    body = slides.top_slide(results, year, fw, lang)
elif slide.kind in ("naik", "turun"):
    body = slides.movers_slide(results, year, fw, lang, falling=slide.kind == "turun")
elif slide.kind == "profil":
    body = slides.profile_slide(results, slide.code, year, fw, lang)
elif slide.kind == "komitmen":
    catalog = data.catalog(shell.engine)
    body = slides_rounds.commitments_slide(data.commitments(shell.engine, shell.viewer), codes, year, fw,
                                           {c: catalog.get(c) for c in catalog.codes()}, lang)
elif slide.kind == "perubahan":
    since = changes.previous_year(history, slide.code, year) if slide.code else None
    what = None if since is None else changes.compute_what_changed(
        history, data.profile_parts(shell.engine, since, slide.code, fw.code, shell.viewer).levels,
        data.profile_parts(shell.engine, year, slide.code, fw.code, shell.viewer).levels, slide.code, year, fw)
    name = results.loc[results["agency_code"] == slide.code, "agency_name"]
    body = slides_rounds.what_changed_slide(what, name.iloc[0] if len(name) else slide.code, year, fw, lang)
else:
    levels = instansi.indicator_levels(data.final_levels(shell.engine, year, fw.code, shell.viewer), slide.code) if slide.code else {}
    plan = instansi.path_plan(levels, fw, year, lang) if levels else None
    steps = plan[0] if plan else None
    body = slides.path_slide(results, slide.code, levels, steps, year, fw, lang)
st.html(body)

if slide.code and shell.viewer.is_evaluator:
    # A promise made while the agency is on the screen is recorded from the slide (a button in the corner).
    with st.container(key="rapat-commit"):
        name = results.loc[results["agency_code"] == slide.code, "agency_name"]
        render_commitments.commitment_form(
            shell.engine, shell.viewer, {slide.code: name.iloc[0] if len(name) else slide.code}, fw, year,
            lambda c: data.profile_parts(shell.engine, year, c, fw.code, shell.viewer).levels,
            f"komitmen_rapat_{slide.code}", "page: rapat", popover=True)

with st.container(key="rapat-nav"):
    leave, left, middle, right = st.columns([2, 2, 5, 2], vertical_alignment="center")
    if leave.button(t("rapat.leave"), key="rapat_leave", shortcut="Escape", width="stretch"):
        slug, params = rapat.exit_target(origin, codes, year, lang)
        st.switch_page(SCRIPTS[slug], query_params=params)
    left.button(t("rapat.previous"), key="rapat_prev", on_click=go, args=(current - 1,), shortcut="Left",
                width="stretch")
    right.button(t("rapat.next"), key="rapat_next", on_click=go, args=(current + 1,), shortcut="Right",
                 width="stretch")
    when = shell.as_of.strftime("%d-%m-%Y") if hasattr(shell.as_of, "strftime") else "–"
    footer = html.escape(t("rapat.footer", slide=current + 1, total=len(deck), year=year, as_of=when,
                           framework=fw.short_text(lang) + version_note(data.result_versions(shell.engine, fw.code, year),
                                                                        lang)))
    footer = f'<div class="tera-footer" style="text-align:center">{footer}</div>'
    if shell.sample:
        footer += f'<div class="tera-footer-sample" style="text-align:center"><span>{html.escape(t("rapat.sample"))}</span></div>'
    middle.html(footer)
with st.container(key="rapat-keys"):
    st.button(t("rapat.previous"), key="rapat_pageup", on_click=go, args=(current - 1,), shortcut="PageUp")
    st.button(t("rapat.next"), key="rapat_pagedown", on_click=go, args=(current + 1,), shortcut="PageDown")


@st.fragment(run_every=1)
def countdown(seconds: int, slide_number: int) -> None:
    """Show the seconds left on this slide and advance (looping) when they run out."""
    now = time.monotonic()
    timer = st.session_state.get(TIMER)
    if timer is None or timer[0] != (slide_number, seconds):
        timer = ((slide_number, seconds), now)
        st.session_state[TIMER] = timer
    left = seconds - (now - timer[1])
    if left <= 0:
        go(slide_number + 1)
        st.rerun()
    st.html(slides.countdown_html(left, lang))


if auto:
    with middle:
        countdown(auto, current)
