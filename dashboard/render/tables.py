"""The ranking table (used on the overview and the ranking page): badges, in-cell bars, profile links."""

from __future__ import annotations

import colorsys
import weakref
from urllib.parse import quote_plus, urlencode

import pandas as pd
import streamlit as st

from dashboard.logic.formatting import fmt_index, fmt_number, is_missing, plain
from dashboard.logic.funnel import short_status
from dashboard.logic.labels import compute_header_labels, header_chars
from dashboard.logic.ranks import CELL_COLORS, compute_rank_move
from i18n import get_language, t
from indicators import Framework

PROFILE_PATH = "instansi"
# The profile page script, relative to dashboard/app.py (for st.switch_page).
PROFILE_SCRIPT = "screens/instansi.py"


def profile_link(agency_code: str, year: int, lang: str | None = None, framework_code: str | None = None) -> str:
    """Return the relative link to an agency's profile page for a year and framework (codes only in the URL)."""
    params = {"kode": agency_code, "tahun": year, **({"kerangka": framework_code} if framework_code else {})}
    if (lang or get_language()) != "id":
        params["lang"] = lang or get_language()
    return f"{PROFILE_PATH}?{urlencode(params)}"


def localized(frame: pd.DataFrame, decimals: dict[str, int] | int = 2, lang: str | None = None):
    """Return a Styler showing the frame's float columns with the language's decimal mark (numbers stay sortable).

    `decimals` is one count for every float column or a count per column (the framework's decimals
    when it names them).
    """
    lang = lang or get_language()
    floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    places = {c: decimals.get(c, 2) if isinstance(decimals, dict) else decimals for c in floats}
    return frame.style.format({c: (lambda v, n=n: fmt_number(v, n, lang)) for c, n in places.items()})


def localized_table(frame: pd.DataFrame, decimals: dict[str, int] | int = 2, lang: str | None = None,
                    fractions: int = 2) -> pd.DataFrame:
    """Return the frame as st.dataframe should show it in the language: whole-number columns as integers, every
    other float column as text with the language's decimal mark ('3,10'), so screen readers and copy-paste get
    what the cell shows and not the raw value ('3.1005').

    The texts are padded with figure spaces to one width so the grid still sorts them in numeric order. A
    column asked for 0 decimals that holds fractions (a continuous scale's values) shows its whole values
    whole and its fractions with `fractions` decimals, never rounded to a whole number. Show these columns
    with a right-aligned TextColumn, and give `placeholder="–"` to st.dataframe for missing integers.
    """
    lang = lang or get_language()
    asked = {c: (decimals.get(c, 2) if isinstance(decimals, dict) else decimals)
             for c in frame.columns if pd.api.types.is_float_dtype(frame[c])}
    changed: dict[str, object] = {}
    for column, places in asked.items():
        values = frame[column]
        if places == 0 and bool(((values % 1 == 0) | values.isna()).all()):
            changed[column] = values.astype("Int64")
        elif places == 0:  # whole values stay whole ("2"), fractions keep their decimals ("1,91")
            changed[column] = _padded([fmt_number(v, 0 if not is_missing(v) and v % 1 == 0 else fractions, lang)
                                       for v in values])
        else:
            changed[column] = number_texts(values, places, lang)
    return frame.assign(**changed)


# Status labels (no index) as grey pills: the rating colours stay for ratings.
STATUS_PILL = "#757575"


def _luminance(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def pill_color(color: str) -> str:
    """Return `color` darkened, keeping its hue, until the grid's white pill text on it reaches 3:1 contrast.

    3:1 (WCAG's level for bold and large text) and not 4.5:1: at 4.5 the light blue of "Sangat Baik"
    turns into the dark blue of "Memuaskan". The label's words carry the meaning; the colour repeats it.
    """
    red, green, blue = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue, light, sat = colorsys.rgb_to_hls(red, green, blue)
    while light > 0 and 1.05 / (_luminance(color) + 0.05) < 3.0:
        light = max(0.0, light - 0.02)
        color = "#" + "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, light, sat))
    return color


def _pills(label: str, width: int, colors: dict[str, str], help: str | None = None):
    """A read-only column of coloured labels, one colour per value (a cell holds a list of zero or one value)."""
    # The grid writes pill labels in white: light colours (a light blue band) are darkened to stay readable.
    return st.column_config.MultiselectColumn(label, width=width, help=help, options=list(colors),
                                              color=[pill_color(c) for c in colors.values()] or None)


def number_texts(values: pd.Series, decimals: int, lang: str) -> list[str]:
    """Numbers as the language writes them, padded with figure spaces to one width so they sort as text in order."""
    return _padded([fmt_number(v, decimals, lang) for v in values])


def _padded(texts: list[str]) -> list[str]:
    width = max((len(text) for text in texts), default=0)
    # A figure space is as wide as a digit, and the grid's sort (localeCompare) puts it before every digit:
    # padded to one width, "9,50" sorts before "10,00".
    return [text if text == "–" else text.rjust(width, "\u2007") for text in texts]


def display_frame(results: pd.DataFrame, framework: Framework, year: int) -> pd.DataFrame:
    """Return the rows as the table shows them: ranks, change in words, agency (a link to its profile), place, index
    text, rating, top-level scores as text in the language (a plain frame: no Styler, whose cost is per cell)."""
    lang = get_language()
    labels = {b.slug: b.text(lang) for b in framework.rating_bands}
    status = results["index_status"] if "index_status" in results else results["submitted"].map(
        {True: "scored", False: "not_submitted"})
    # A regional name already says Kabupaten/Kota/Provinsi: show its province; a central agency its type.
    place = [p if isinstance(p, str) else t(f"type.{slug}")
             for slug, p in zip(results["agency_type"], results["province_name"], strict=True)]
    # One link built, then only the code changes: urlencode per row was a tenth of the page's time.
    template = profile_link("\x00", year, lang, framework.code)
    ratings = [labels.get(r, "") if s == "scored" else short_status(s)
               for r, s in zip(results["rating"], status, strict=True)]
    return pd.DataFrame({
        "rank": results["rank"].astype("Int64"),
        "rank_selection": results["rank"].rank(method="min").astype("Int64"),
        # A number, so the column sorts by places moved; the table's Styler writes it in words ("turun 127").
        "rank_change": pd.to_numeric(results["rank_change"], errors="coerce").astype("Int64").to_numpy(),
        # The name links to the profile: the link's fragment carries the name the cell shows.
        "agency_link": [f"{template.replace('%00', quote_plus(code))}#{name}"
                        for code, name in zip(results["agency_code"], results["agency_name"], strict=True)],
        # The name alone, for a table whose name cell opens the profile by selection (same tab).
        "agency": results["agency_name"].to_numpy(),
        "place": place,
        "index": [fmt_index(v, year, framework) if s == "scored" else short_status(s)
                  for v, s in zip(results["index"], status, strict=True)],
        "rating": [[text] if text else [] for text in ratings],
        **{d.code: number_texts(results[d.code].astype(float), framework.decimals, lang) for d in framework.top_nodes},
        **({"reason": results["reason"].to_numpy()} if "reason" in results else {}),
    }).reset_index(drop=True)


# The px the ranking's columns may take at 1440×900 with the sidebar open (the grid is 978 px wide, borders
# aside), the fixed columns' widths (the selection box first), and the room a top-level node's column gets.
RANKING_BUDGET = 974
FIXED_WIDTHS = {"select": 32, "rank": 68, "rank_selection": 72, "rank_change": 86, "index": 60, "rating": 104,
                "place": 150, "reason": 78}
NODE_WIDTH = (40, 56)
# A node cell's number: px per digit (the comma about half), plus the cell's padding.
DIGIT_PX, CELL_PADDING_PX = 7, 16
# The agency column: at least, wanted beside the nodes, at most.
AGENCY_WIDTH = (140, 180, 290)
MAX_NODES_WITH_PLACE = 4
# The compact table's name (px): the registry's longest name (100 characters, ~680 px) whole at 1440 px, where the
# page's RANKING_BUDGET less rank, index and rating leaves 742 px; a narrower screen scrolls the table sideways.
COMPACT_AGENCY_WIDTH = 700


def ranking_widths(nodes: int, in_selection: bool, with_place: bool, decimals: int = 2,
                   with_reason: bool = False) -> dict[str, int]:
    """Return the px widths of the agency and top-level node columns so the whole ranking fits RANKING_BUDGET.

    The nodes share what the fixed columns leave beside an agency column of the wanted width (within NODE_WIDTH);
    the agency takes the rest, within its least and most width. A node column is never narrower than its numbers
    with `decimals` ("3,25"): a number cut is worse than a scroll.
    """
    fixed = sum(FIXED_WIDTHS[name] for name in ("select", "rank", "rank_change", "index", "rating")) \
        + (FIXED_WIDTHS["rank_selection"] if in_selection else 0) + (FIXED_WIDTHS["place"] if with_place else 0) \
        + (FIXED_WIDTHS["reason"] if with_reason else 0)
    least = max(NODE_WIDTH[0], CELL_PADDING_PX + DIGIT_PX * (decimals + 1) + DIGIT_PX // 2)
    node = max(min((RANKING_BUDGET - fixed - AGENCY_WIDTH[1]) // max(nodes, 1), NODE_WIDTH[1]), least)
    agency = min(max(RANKING_BUDGET - fixed - node * nodes, AGENCY_WIDTH[0]), AGENCY_WIDTH[2])
    return {"node": node, "agency_link": agency}


def ranking_table(results: pd.DataFrame, framework: Framework, year: int, key: str, compact: bool = False,
                  height: int | str = "auto", in_selection: bool = False, rows_key: object = None):
    """Draw the ranking rows (name pinned, rank change and rating as coloured labels); returns the selection.

    `in_selection` adds the rank among the rows shown beside the national rank (a filtered list). `rows_key`
    (hashable: the page's view stamp, year and filters) says which rows these are, so the prepared table shared
    by sessions is found without hashing the rows.
    """
    lang = get_language()
    domains = [d.code for d in framework.top_nodes]
    # More than four top-level nodes leave no room for the place (the profile and the download keep it).
    with_place = len(domains) <= MAX_NODES_WITH_PLACE and results["province_code"].nunique(dropna=False) > 1
    with_reason = "reason" in results and not compact
    if compact:
        order = ["rank", "agency_link", "index", "rating"]
    else:
        # Rank and name pinned, first in the data as on the screen. A header click puts the grid's focus on the first
        # row's first cell, which arrives as a selected cell: the rank's, never the name's (that would open a profile).
        order = ["rank", "agency", *(["rank_selection"] if in_selection else []), "rank_change", "index",
                 "rating", *(["reason"] if with_reason else []), *domains, *(["place"] if with_place else [])]
    widths = ranking_widths(len(domains), in_selection, with_place, framework.decimals, with_reason)
    rating_colors = {b.text(lang): b.color for b in framework.rating_bands}
    config = {
        "rank": st.column_config.NumberColumn(t("col.rank"), width=68, pinned=not compact),
        "rank_selection": st.column_config.NumberColumn(t("col.rank_selection"), width=72,
                                                        help=t("col.rank_selection_help")),
        "rank_change": st.column_config.NumberColumn(t("col.rank_change"), width=86, help=t("col.rank_change_help")),
        # The overview's top and bottom ten (the page's whole width) give the name the room rank, index and rating
        # leave at 1440 px; not pinned there, so a narrower screen or a phone can scroll past it.
        "agency_link": st.column_config.LinkColumn(t("col.agency"), display_text=r"#(.+)$", pinned=not compact,
                                                   width=COMPACT_AGENCY_WIDTH if compact else widths["agency_link"],
                                                   help=t("table.open_profile")),
        # A link cell opens a new tab (Streamlit sets the target): the full table's name is plain text whose click
        # selects the cell, and the page switches to the profile in the same run (open_selected_profile).
        "agency": st.column_config.TextColumn(t("col.agency"), pinned=True, width=widths["agency_link"],
                                              help=t("table.open_profile")),
        "place": st.column_config.TextColumn(f"{t('col.province')} / {t('col.type')}",
                                             width=130 if in_selection else FIXED_WIDTHS["place"]),
        "index": st.column_config.TextColumn(t("col.index"), width=60, alignment="right"),
        "reason": st.column_config.TextColumn(t("col.reason"), width=FIXED_WIDTHS["reason"], help=t("col.reason_help")),
    }
    # Headers carry the nodes' names, cut to the column's width; the code and the full name show on hover.
    headers = compute_header_labels([d.label(lang) for d in framework.top_nodes], header_chars(widths["node"]))
    for domain, header in zip(framework.top_nodes, headers, strict=True):
        config[domain.code] = st.column_config.TextColumn(header, help=f"{domain.code} {domain.label(lang)}",
                                                          width=widths["node"], alignment="right")
    # Only the shown columns are sent; an agency without an index has no rank: "–", never a blank or "None".
    data, statuses = _ranking_data(_rows_key(results, rows_key, framework), results, framework, year, lang, tuple(order),
                                   key)
    config["rating"] = _pills(t("col.rating"), 104, {**rating_colors, **{text: STATUS_PILL for text in statuses}})
    if compact:
        return st.dataframe(data, hide_index=True, column_config=config, column_order=order, key=key,
                            height=height, width="stretch", placeholder="–")
    selection = st.dataframe(data, hide_index=True, column_config=config, column_order=order, key=key,
                             on_select="rerun", selection_mode=["single-row", "single-cell"], height=height, width="stretch",
                             placeholder="–")
    # Shortened headers are spelled out once below the table, for a printout or a screenshot (no hover there).
    cut = [f"{header} = {d.code} {d.label(lang)}" for d, header in zip(framework.top_nodes, headers, strict=True)
           if header != d.label(lang)]
    if cut:
        st.caption(t("table.node_headers", names=plain(" · ".join(cut))))
    return selection


def _rows_key(rows: pd.DataFrame, given: object, framework: Framework) -> object:
    # The caller's key, with the row count as a guard; without one, the contents of the columns shown.
    if given is not None:
        return ("view", given, len(rows))
    shown = _display_columns(rows, framework)
    return ("rows", tuple(shown.columns), pd.util.hash_pandas_object(shown).to_numpy().tobytes())


def _display_columns(results: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    # The columns `display_frame` reads: the cached tables are keyed by these rows' contents, and hashing every
    # column of a year's results (every aspect and indicator) would cost more than the table.
    wanted = ["agency_code", "agency_name", "agency_type", "province_name", "province_code", "rank", "rank_change",
              "index", "rating", "index_status", "submitted", *(d.code for d in framework.top_nodes), "reason"]
    return results[[c for c in wanted if c in results.columns]]


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={Framework: lambda fw: fw.code})
def _ranking_data(rows_key: object, _results: pd.DataFrame, framework: Framework, year: int, lang: str,
                  order: tuple[str, ...], key: str) -> tuple[object, tuple[str, ...]]:
    # Shared by every session showing these rows (`rows_key` says which rows `_results` are): the frame (or the Styler
    # writing rank changes in words) with its texts worked out once, and the status labels (grey pills) it holds.
    shown = display_frame(_display_columns(_results, framework), framework, year)
    rated = {b.text(lang) for b in framework.rating_bands}
    statuses = tuple(sorted({text for cell in shown["rating"] for text in cell if text not in rated}))
    if "rank_change" not in order:
        return shared_arrow(shown[list(order)]), statuses
    return rank_change_grid(shown[list(order)], lang, f"tera-{key}"), statuses


def frozen_styler(styler, uuid: str, grid: bool = False):
    """Return the Styler with its cell texts and styles worked out now, so every session sends them as they are.

    Streamlit renders a Styler again on each run (every cell of a 600-row ranking through pandas' formatter,
    a third of the page's time). The result is the same for the same rows: it is computed here once and the
    Styler answers with it; only cells whose text differs from the plain value are kept, since Streamlit
    starts from the plain values. The returned Styler is shared: nothing may change it afterwards.

    `grid` (a Styler for st.dataframe, not st.table): the grid draws a cell without a text of its own from its value,
    so a text column's cells are sent with a text only where the Styler changes it, not as a second copy of the column.
    """
    styler.set_uuid(uuid)
    styler._compute()
    translated = styler._translate(False, False)
    plain_texts = styler.data.astype(str)
    body = [[cell for cell in row if _differs(cell, plain_texts)] for row in translated.get("body", [])]
    translated = {**translated, "body": [row for row in body if row]}
    # Instance attributes over pandas' methods: Streamlit's marshalling calls exactly these two.
    styler._compute = lambda: styler
    styler._translate = lambda *args, **kwargs: translated
    # What Streamlit makes of them (every cell's text as an Arrow table, the CSS) is the same each time too: made once.
    from streamlit.proto.ArrowData_pb2 import ArrowData

    made = ArrowData()
    _STREAMLIT_MARSHALL_STYLER(made, styler, uuid)
    if grid:
        from streamlit.dataframe_util import convert_pandas_df_to_arrow_bytes

        made.styler.display_values = convert_pandas_df_to_arrow_bytes(_grid_texts(styler.data, translated))
    styler._tera_marshalled = made.styler
    shared_arrow(styler.data)
    return styler


def rank_change_grid(shown: pd.DataFrame, lang: str, uuid: str):
    """Return `rank_change_words(shown, lang)` frozen for the grid (as `frozen_styler(..., grid=True)` makes it), with
    its texts and colours worked out per column, not per cell: what Streamlit sends is the same.

    pandas' Styler renders every cell (0.2 s per 10,000 rows and growing) and Streamlit refuses one of more than
    `styler.render.max_elements` cells (a 20,000-unit round's ranking); the ranking's Styler only writes "–" for a
    missing value and the rank change in coloured words, which whole columns give at once. A frame with a column of
    another kind (floats, dates: the Styler would write their texts its own way) goes through `frozen_styler`.
    """
    styler = rank_change_words(shown, lang)
    # The rank change is written in words whatever its dtype (a float column when a change is missing).
    kinds = ["words" if column == "rank_change" else _column_kind(shown[column]) for column in shown.columns]
    if None in kinds or "rank_change" not in shown.columns:
        return frozen_styler(styler, uuid, grid=True)
    styler.set_uuid(uuid)
    # Each distinct change worked out once (its words and colour), not once per row.
    moves = {int(v): compute_rank_move(int(v), lang) for v in shown["rank_change"].dropna().unique()}
    texts = pd.DataFrame(index=shown.index)
    for position, (column, kind) in enumerate(zip(shown.columns, kinds, strict=True)):
        missing = shown[column].map(_missing_scalar).to_numpy(dtype=bool)
        if column == "rank_change":
            values = [None if gone else moves[int(v)].short for v, gone in zip(shown[column], missing, strict=True)]
        elif kind == "text":  # the grid draws a text or list cell itself: only the Styler's dash is sent
            values = [None] * len(shown)
        else:
            values = shown[column].astype(str).tolist()
        texts.insert(position, column, pd.Series(["–" if gone else v for v, gone in zip(values, missing, strict=True)],
                                                 index=shown.index, dtype=object), allow_duplicates=True)
    from streamlit.dataframe_util import convert_pandas_df_to_arrow_bytes
    from streamlit.proto.ArrowData_pb2 import ArrowData

    made = ArrowData()
    made.styler.uuid = uuid
    column = list(shown.columns).index("rank_change")
    # One CSS rule per colour, its cells in row order, the colours in the order they first appear: as pandas groups them.
    rules: dict[str, list[str]] = {}
    for row, value in enumerate(shown["rank_change"]):
        if not _missing_scalar(value):
            color = CELL_COLORS[moves[int(value)].direction]
            rules.setdefault(color, []).append(f"#T_{uuid}_row{row}_col{column}")
    if rules:
        made.styler.styles = "\n".join(f"{', '.join(cells)} {{ color: {color}; font-weight: 600 }}"
                                       for color, cells in rules.items())
    made.styler.display_values = convert_pandas_df_to_arrow_bytes(texts)
    styler._tera_marshalled = made.styler
    shared_arrow(styler.data)
    return styler


def _column_kind(values: pd.Series) -> str | None:
    # "text" (object or string: the grid draws the cell), "number" (integers, whose text the Styler leaves as str()
    # gives it), None (anything else: floats and dates get the Styler's own formatting).
    if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
        return "text"
    if pd.api.types.is_integer_dtype(values):
        return "number"
    return None


def _missing_scalar(value) -> bool:
    # The Styler's na_rep applies to a missing scalar only (a list cell is never "missing").
    return pd.api.types.is_scalar(value) and bool(pd.isna(value))


def _grid_texts(data: pd.DataFrame, translated: dict) -> pd.DataFrame:
    # Streamlit's display values (every cell as text), with the cells of text and list columns empty (null) unless
    # the Styler wrote them: the grid then draws the cell's own text or labels, which is what that text was.
    # A number column keeps its texts: the grid would otherwise format the number its own way.
    texts = data.astype(str).astype(object)
    for position, column in enumerate(data.columns):
        if pd.api.types.is_object_dtype(data[column]) or pd.api.types.is_string_dtype(data[column]):
            texts.isetitem(position, pd.Series([None] * len(data), index=data.index, dtype=object))
    import re

    for row in translated.get("body", []):
        for cell in row:
            found = re.match(r"row(\d+)_col(\d+)", cell.get("id") or "")
            if found:
                texts.iat[int(found.group(1)), int(found.group(2))] = str(cell.get("display_value"))
    return texts


def _marshall_styler(proto, styler, default_uuid: str) -> None:
    # Streamlit's `marshall_styler`, answered from a frozen Styler's ready-made part when it has one.
    made = getattr(styler, "_tera_marshalled", None)
    if made is None:
        _STREAMLIT_MARSHALL_STYLER(proto, styler, default_uuid)
    else:
        proto.styler.CopyFrom(made)


def _install_frozen_marshalling():
    # st.dataframe and st.table call the name `marshall_styler` of streamlit.elements.arrow: it is replaced there, once
    # per process, by one that sends a frozen Styler's ready-made part and leaves every other Styler to Streamlit.
    from streamlit.elements import arrow

    original = getattr(arrow.marshall_styler, "tera_original", arrow.marshall_styler)
    _marshall_styler.tera_original = original
    arrow.marshall_styler = _marshall_styler
    return original


_STREAMLIT_MARSHALL_STYLER = _install_frozen_marshalling()


# Frames every session shares (built once in a cache, read only), by id, with a weak reference to check that the id
# is still theirs, and their Arrow bytes: Streamlit turns a frame into Arrow on every st.dataframe / st.table call.
_SHARED_ARROW: dict[int, tuple[weakref.ref, bytes]] = {}


def shared_arrow(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame`, marked as shared by every session (nothing may change it): its Arrow bytes are made now, once,
    and st.dataframe / st.table send them as they are instead of converting the frame again on each run."""
    made = _STREAMLIT_ARROW_BYTES(frame)
    key = id(frame)
    _SHARED_ARROW[key] = (weakref.ref(frame, lambda _gone, key=key: _SHARED_ARROW.pop(key, None)), made)
    return frame


def _arrow_bytes(frame: pd.DataFrame) -> bytes:
    # Streamlit's `convert_pandas_df_to_arrow_bytes`, answered with a shared frame's ready-made bytes when it is one.
    found = _SHARED_ARROW.get(id(frame))
    if found is not None and found[0]() is frame:
        return found[1]
    return _STREAMLIT_ARROW_BYTES(frame)


def _install_shared_arrow():
    # st.dataframe and st.table reach `convert_pandas_df_to_arrow_bytes` through streamlit.dataframe_util's namespace:
    # it is replaced there, once per process, by one that knows the shared frames.
    from streamlit import dataframe_util

    original = getattr(dataframe_util.convert_pandas_df_to_arrow_bytes, "tera_original",
                       dataframe_util.convert_pandas_df_to_arrow_bytes)
    _arrow_bytes.tera_original = original
    dataframe_util.convert_pandas_df_to_arrow_bytes = _arrow_bytes
    return original


_STREAMLIT_ARROW_BYTES = _install_shared_arrow()


def _differs(cell: dict, plain_texts: pd.DataFrame) -> bool:
    import re

    found = re.match(r"row(\d+)_col(\d+)", cell.get("id") or "")
    if not found:
        return False
    row, column = map(int, found.groups())
    return str(cell.get("display_value")) != plain_texts.iat[row, column]


def rank_change_words(shown: pd.DataFrame, lang: str):
    """Return a Styler writing the numeric rank change in coloured words ("naik 12" green, "turun 45" red, "tetap").

    The cell keeps its number, so sorting the column orders agencies by places moved, not alphabetically.
    """
    moves = {int(v): compute_rank_move(int(v), lang) for v in shown["rank_change"].dropna().unique()}
    styled = shown.style.format(na_rep="–")
    styled = styled.format(lambda v: moves[int(v)].short, subset=["rank_change"], na_rep="–")
    return styled.map(lambda v: "" if is_missing(v) else f"color: {CELL_COLORS[moves[int(v)].direction]}; font-weight: 600",
                      subset=["rank_change"])


# Cards drawn on a phone for a ranking (a longer list says to filter).
MAX_CARDS = 100


def ranking_cards(results: pd.DataFrame, framework: Framework, year: int, key: str, rows_key: object = None) -> None:
    """Draw the ranking's rows as cards for a phone (rank and name linking to the profile, index, rating, change, place);
    `rows_key` as for `ranking_table`."""
    from dashboard.render.widgets import table_cards

    rows = results.head(MAX_CARDS)
    table_cards(key, _ranking_cards(_rows_key(rows, rows_key, framework), rows, framework, year, get_language()))
    if len(results) > MAX_CARDS:
        with st.container(key=f"cards-{key}-more"):
            st.caption(t("table.more_cards", n=fmt_number(len(results) - MAX_CARDS, 0)))


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={Framework: lambda fw: fw.code})
def _ranking_cards(rows_key: object, _results: pd.DataFrame, framework: Framework, year: int, lang: str) -> tuple:
    # The cards' texts, shared by every session showing these rows (`rows_key` says which rows `_results` are).
    shown = display_frame(_display_columns(_results, framework), framework, year)
    moves = [compute_rank_move(v, lang) for v in _results["rank_change"].head(MAX_CARDS)]
    cards = []
    for row, move in zip(shown.itertuples(index=False), moves, strict=True):
        link, _, name = row.agency_link.partition("#")
        title = f"{row.rank}. {name}" if not is_missing(row.rank) else name
        fields = [(t("col.index"), row.index), (t("col.rating"), " ".join(row.rating) or "–"),
                  (t("col.rank_change"), move.short if move else "–"), (f"{t('col.province')} / {t('col.type')}", row.place)]
        cards.append(((title, link), fields))
    return tuple(cards)


def selected_agency(selection, results: pd.DataFrame) -> str | None:
    """Return the agency code of the selected table row or clicked name cell, or None."""
    chosen = getattr(selection, "selection", None)
    rows = list(getattr(chosen, "rows", None) or [])
    rows += [row for row, column in getattr(chosen, "cells", None) or [] if column == "agency"]
    # A click on a header arrives as a cell in row -1: it sorts, it opens nothing.
    rows = [row for row in rows if 0 <= row < len(results)]
    if not rows:
        return None
    return str(results.iloc[rows[0]]["agency_code"])


def open_selected_profile(selection, results: pd.DataFrame, framework: Framework, year: int) -> None:
    """Switch to the profile of the agency whose row or name was chosen in a ranking table, in the same tab."""
    chosen = selected_agency(selection, results)
    if chosen:
        lang = get_language()
        st.switch_page(PROFILE_SCRIPT, query_params={"kode": chosen, "tahun": str(year), "kerangka": framework.code,
                                                     **({"lang": lang} if lang != "id" else {})})
