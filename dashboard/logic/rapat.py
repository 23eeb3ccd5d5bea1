"""Mode rapat (meeting mode): the agenda read from the URL, the slide list, and the data of each slide.

Pure (no Streamlit): `dashboard/screens/rapat.py` reads the URL, calls these builders and draws the
HTML. A meeting's agenda is a link:

    rapat?tahun=2024&urutan=ringkasan,distribusi,teratas,naik,instansi&kode=35.10&kode=32&slide=1&auto=20&dari=instansi

`urutan` orders the sections; the section `instansi` expands to two slides per `kode` (profile, then
the path to the next rating). `slide` is 1-based. `auto` (seconds, 5–600) advances automatically.
`dari` names the page the meeting was started from; Esc goes back there (the overview by default).

Every slide carries one message in its title; colours always come with their rating label in text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

import pandas as pd

from indicators import Framework

SECTIONS: tuple[str, ...] = ("ringkasan", "distribusi", "teratas", "naik", "turun", "instansi")
# Between rounds (issue 21): what changed and why (one slide per `kode`), last meeting's commitments. Chosen on
# purpose in the agenda, never part of the default deck.
ROUND_SECTIONS: tuple[str, ...] = ("perubahan", "komitmen")
# Sections that show the chosen agencies (one or more slides per `kode`).
AGENCY_SECTIONS: tuple[str, ...] = ("instansi", "perubahan")


# Slide kinds: the five national sections, and two per chosen agency.
KINDS: tuple[str, ...] = ("ringkasan", "distribusi", "teratas", "naik", "turun", "profil", "jalan")


AUTO_MIN, AUTO_MAX = 5, 600


# Pages with a "Presentasikan" button; the first is where Esc goes when the link names none.
ORIGINS: tuple[str, ...] = ("ringkasan", "instansi", "bandingkan")


# Rows a slide shows at projector size before it says "and N more".
TOP_N = 10


MAX_PATH_ROWS = 8


# A prefix shared by every indicator name is dropped on slides only when it is at least this many words.
MIN_PREFIX_WORDS = 2


@dataclass(frozen=True)
class Slide:
    """One screen of the meeting: its kind and, for agency slides, the agency code."""

    kind: str
    code: str | None = None


def parse_sections(raw: str | None) -> tuple[str, ...]:
    """Return the known sections named in `urutan` (comma separated) in order, once each; all sections when none."""
    if not raw:
        return SECTIONS
    chosen = [part.strip().casefold() for part in raw.split(",")]
    found = tuple(dict.fromkeys(part for part in chosen if part in SECTIONS + ROUND_SECTIONS))
    return found or SECTIONS


def parse_codes(values: Iterable[str]) -> tuple[str, ...]:
    """Return the agency codes of the repeated `kode` parameter (commas also separate), in order, once each."""
    codes = [part.strip() for value in values for part in str(value).split(",")]
    return tuple(dict.fromkeys(code for code in codes if code))


def parse_slide(raw: str | None, count: int) -> int:
    """Return the 0-based slide for the 1-based `slide` parameter, clamped to the agenda (0 when absent or bad)."""
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return 0
    return min(max(number, 1), max(count, 1)) - 1


def parse_auto(raw: str | None) -> int | None:
    """Return the auto-advance seconds (clamped to 5–600), or None when off (absent, 0 or not a number)."""
    try:
        seconds = int(float(str(raw).strip()))
    except (TypeError, ValueError):
        return None
    if seconds <= 0:
        return None
    return min(max(seconds, AUTO_MIN), AUTO_MAX)


def build_slides(sections: Sequence[str], codes: Sequence[str]) -> list[Slide]:
    """Return the slides of the agenda: one per national section, profile + path per agency for `instansi`.

    `instansi` without any code gives one profile slide without agency, which asks for a `kode`.
    """
    slides: list[Slide] = []
    for section in sections:
        if section == "perubahan":  # what changed and why: one slide per agency
            slides += [Slide("perubahan", code) for code in codes] or [Slide("perubahan")]
        elif section != "instansi":
            slides.append(Slide(section))
        elif not codes:
            slides.append(Slide("profil"))
        else:
            for code in codes:
                slides += [Slide("profil", code), Slide("jalan", code)]
    return slides


def agenda_query(year: int, sections: Sequence[str], codes: Sequence[str], slide: int = 1,
                 auto: int | None = None, lang: str = "id", origin: str | None = None,
                 framework_code: str | None = None) -> list[tuple[str, str]]:
    """Return the query pairs of an agenda link (for `urllib.parse.urlencode(..., doseq)` or a test)."""
    pairs = [("tahun", str(year)), *([("kerangka", framework_code)] if framework_code else []),
             ("urutan", ",".join(sections))]
    pairs += [("kode", code) for code in codes]
    pairs.append(("slide", str(slide)))
    if auto:
        pairs.append(("auto", str(auto)))
    if lang != "id":
        pairs.append(("lang", lang))
    if origin and origin != ORIGINS[0]:
        pairs.append(("dari", origin))
    return pairs


def agenda_link(pairs: Sequence[tuple[str, str]], page_url: str | None = None, origin: str = "") -> str:
    """Return the meeting link of the query pairs, to copy into an invitation: absolute when the page's URL is known.

    `page_url` is the address of the page showing the button (`st.context.url`, no query), `origin` its slug
    (the overview lives at the app's root); without it the link is relative (`rapat?...`).
    """
    relative = "rapat?" + urlencode(list(pairs))
    if not page_url:
        return relative
    root = page_url.split("?")[0].split("#")[0]
    if origin and origin != ORIGINS[0] and root.rstrip("/").endswith("/" + origin):
        root = root.rstrip("/")[: -len(origin)]
    return root.rstrip("/") + "/" + relative


def merge_agenda(stored: Mapping[str, Sequence[str]] | None, origin: str,
                 codes: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (sections, agencies) a page's "Presentasikan" proposes: the agenda built so far plus this page's agencies.

    One agenda is built across pages: sections chosen on the overview stay, and a profile or comparison adds its
    agencies (and the agency section). Without an agenda so far, the page's own defaults.
    """
    if not stored or not stored.get("sections"):
        return default_sections(origin, codes), tuple(codes)
    sections = tuple(s for s in stored["sections"] if s in SECTIONS + ROUND_SECTIONS)
    chosen = tuple(dict.fromkeys([*stored.get("codes", ()), *codes]))
    if codes and "instansi" not in sections:
        sections = ("instansi", *sections)
    return sections, chosen


def default_sections(origin: str, codes: Sequence[str]) -> tuple[str, ...]:
    """Return the sections a "Presentasikan" button proposes: the national ones from the overview, else the agencies'.

    From a profile or a comparison the chosen agencies come first, followed by the national summary for context.
    """
    if origin == ORIGINS[0] or not codes:
        return tuple(s for s in SECTIONS if s != "instansi")
    return ("instansi", "ringkasan")


def parse_origin(raw: str | None) -> str:
    """Return the page the meeting came from (`dari`), the overview when absent or unknown."""
    value = str(raw or "").strip().casefold()
    return value if value in ORIGINS else ORIGINS[0]


def exit_target(origin: str, codes: Sequence[str], year: int, lang: str = "id") -> tuple[str, dict[str, object]]:
    """Return where Esc leaves meeting mode for: (page slug, its query parameters).

    A profile needs one agency and a comparison two; without them the overview is the way back.
    """
    params: dict[str, object] = {"tahun": str(year)}
    if lang != "id":
        params["lang"] = lang
    if origin == "instansi" and codes:
        return "instansi", {"kode": codes[0], **params}
    if origin == "bandingkan" and len(codes) >= 2:
        return "bandingkan", {"kode": list(codes), **params}
    return ORIGINS[0], params


def rating_distribution(results: pd.DataFrame, framework: Framework, lang: str) -> pd.DataFrame:
    """Return one row per rating band (best first): slug, label, color, count and share (0–1) of submitted agencies."""
    submitted = results[results["submitted"]]
    counts = submitted["rating"].value_counts()
    total = int(counts.sum())
    rows = [{"slug": b.slug, "label": b.text(lang), "color": b.color, "count": int(counts.get(b.slug, 0)),
             "share": (int(counts.get(b.slug, 0)) / total) if total else 0.0} for b in framework.rating_bands]
    return pd.DataFrame(rows)


def movers(results: pd.DataFrame, n: int = TOP_N, falling: bool = False) -> pd.DataFrame:
    """Return the n submitted agencies with the biggest rank gain (or, `falling`, loss) over the previous year, biggest first.

    Adds `previous_rank` (= rank + rank_change).
    """
    change = pd.to_numeric(results["rank_change"], errors="coerce").astype(float)
    keep = results["submitted"].astype(bool) & ((change < 0) if falling else (change > 0))
    # Assign the selected values, not the whole column: pandas gives an empty frame the column's index.
    up = results[keep].assign(_change=change[keep])
    up = up.sort_values(["_change", "rank", "agency_name"], ascending=[falling, True, True]).head(n)
    if up.empty:
        return up.drop(columns="_change").assign(previous_rank=pd.Series(dtype="Int64"))
    return up.assign(previous_rank=(up["rank"].astype(float) + up["_change"]).astype(int)).drop(columns="_change")


@cache
def shared_prefix(names: tuple[str, ...]) -> str:
    """Return the leading words (with their trailing space) every name starts with, or '' (fewer than 2 words, or 1 name)."""
    if len(names) < 2:
        return ""
    split = [name.split(" ") for name in names]
    words = []
    for group in zip(*split, strict=False):
        if len(set(group)) != 1:
            break
        words.append(group[0])
    # Never the whole of a name: something must remain to read.
    words = words[:min(len(s) for s in split) - 1]
    return " ".join(words) + " " if len(words) >= MIN_PREFIX_WORDS else ""
