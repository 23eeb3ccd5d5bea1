"""Wilayah: a tile-grid map of Indonesia's 38 provinces and the province averages drawn on it (pure).

No boundary files: each province is one square tile placed roughly where it lies (row 0 is the
north, column 0 the west). The grid reads like the archipelago: Sumatra on the left, Java and Nusa
Tenggara along the bottom, Kalimantan and Sulawesi in the middle, Maluku and Papua on the right.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from dashboard.charts import FONT_SIZE, _configure, text_color_for
from dashboard.formatting import fmt_number
from indicators import Framework

# (province code, short label, row, col)
TILES: tuple[tuple[str, str, int, int], ...] = (
    ("11", "ACEH", 0, 0),
    ("12", "SUMUT", 1, 1),
    ("14", "RIAU", 1, 2),
    ("21", "KEPRI", 1, 4),
    ("13", "SUMBAR", 2, 1),
    ("15", "JAMBI", 2, 2),
    ("17", "BKL", 3, 2),
    ("16", "SUMSEL", 3, 3),
    ("19", "BABEL", 3, 4),
    ("18", "LPG", 4, 3),
    ("31", "DKI", 4, 5),
    ("36", "BANTEN", 5, 4),
    ("32", "JABAR", 5, 5),
    ("33", "JATENG", 5, 6),
    ("34", "DIY", 6, 6),
    ("35", "JATIM", 5, 7),
    ("51", "BALI", 5, 8),
    ("52", "NTB", 5, 9),
    ("53", "NTT", 5, 10),
    ("65", "KALTARA", 0, 8),
    ("61", "KALBAR", 1, 7),
    ("64", "KALTIM", 1, 8),
    ("62", "KALTENG", 2, 7),
    ("63", "KALSEL", 2, 8),
    ("75", "GTLO", 1, 11),
    ("71", "SULUT", 1, 12),
    ("76", "SULBAR", 2, 9),
    ("72", "SULTENG", 2, 10),
    ("73", "SULSEL", 3, 10),
    ("74", "SULTRA", 3, 11),
    ("82", "MALUT", 1, 13),
    ("81", "MALUKU", 3, 13),
    ("96", "PBD", 2, 14),
    ("92", "PABAR", 2, 15),
    ("91", "PAPUA", 2, 16),
    ("94", "PAPTENG", 3, 15),
    ("95", "PAPEG", 3, 16),
    ("93", "PAPSEL", 4, 16),
)
NO_DATA_COLOR = "#E0E0E0"
TILE_SIZE = 54  # pixels; the grid is 17 columns × 7 rows
GRID_COLUMNS, GRID_ROWS = 17, 7
# Name of the click selection on the tiles (Streamlit returns the clicked province under it).
SELECTION = "tile"
LOCAL_TYPES = ("kabupaten", "kota")


def tile_frame() -> pd.DataFrame:
    """Return the tile table: province_code, short, row, col."""
    return pd.DataFrame(TILES, columns=["province_code", "short", "row", "col"])


def province_averages(results: pd.DataFrame, framework: Framework, year: int) -> pd.DataFrame:
    """Return per province the mean index of its submitted regencies and cities, their counts and the province's own index.

    Columns: province_code, province_name, mean, submitted, total, own_index, rating (slug of the mean).
    """
    local = results[results["agency_type"].isin(LOCAL_TYPES) & results["province_code"].notna()]
    grouped = local.groupby("province_code").agg(
        mean=("index", "mean"), submitted=("submitted", "sum"), total=("agency_code", "size")).reset_index()
    provinces = results[results["agency_type"] == "provinsi"][["agency_code", "agency_name", "index"]]
    provinces = provinces.rename(columns={"agency_code": "province_code", "index": "own_index"})
    frame = tile_frame()[["province_code"]].merge(grouped, on="province_code", how="left").merge(
        provinces, on="province_code", how="left")
    names = results.dropna(subset=["province_code"]).drop_duplicates("province_code").set_index("province_code")[
        "province_name"]
    frame["province_name"] = frame["province_code"].map(names)
    frame["submitted"] = frame["submitted"].fillna(0).astype(int)
    frame["total"] = frame["total"].fillna(0).astype(int)
    # A province without autonomous regencies and cities (Jakarta's are administrative) is shown
    # with its own government's index instead, marked by `basis`.
    own_only = (frame["total"] == 0) & frame["own_index"].notna()
    frame["basis"] = np.where(own_only, "provinsi", np.where(frame["mean"].notna(), "kabkota", ""))
    frame.loc[own_only, "mean"] = frame.loc[own_only, "own_index"]
    frame["rating"] = [framework.rating_for(v, year).slug if not pd.isna(v) else None for v in frame["mean"]]
    return frame[["province_code", "province_name", "mean", "submitted", "total", "own_index", "rating", "basis"]]


def tile_chart(averages: pd.DataFrame, framework: Framework, lang: str, titles: dict[str, str],
               selected: str | None = None, no_data: str = "–", clickable: bool = True) -> alt.LayerChart:
    """Square tiles on the grid coloured by the rating of the province mean, short name and value written inside.

    The rating is in the legend and the tooltip and the value on the tile, so colour is never the only cue.
    """
    bands = {b.slug: b for b in framework.rating_bands}
    data = tile_frame().merge(averages, on="province_code", how="left")
    data["rating_label"] = data["rating"].map(lambda s: bands[s].text(lang) if isinstance(s, str) else no_data)
    data["fill"] = data["rating"].map(lambda s: bands[s].color if isinstance(s, str) else NO_DATA_COLOR)
    data["ink"] = data["fill"].map(text_color_for)
    # On the tile: the value, "–" without one, and "*" when it is the provincial government's own index.
    data["value_text"] = [("–" if pd.isna(v) else fmt_number(v, 2, lang) + ("*" if b == "provinsi" else ""))
                          for v, b in zip(data["mean"], data["basis"], strict=True)]
    data["selected"] = data["province_code"] == selected
    data["name"] = data["province_name"].fillna(data["short"])
    order = [b.text(lang) for b in framework.rating_bands] + [no_data]
    colors = [b.color for b in framework.rating_bands] + [NO_DATA_COLOR]
    size = TILE_SIZE
    base = alt.Chart(data).encode(
        x=alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(GRID_COLUMNS)), paddingInner=0.08)),
        y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(GRID_ROWS)), paddingInner=0.08)),
        tooltip=[alt.Tooltip("name:N", title=titles["province"]),
                 alt.Tooltip("value_text:N", title=titles["mean"]),
                 alt.Tooltip("rating_label:N", title=titles["rating"]),
                 alt.Tooltip("submitted:Q", title=titles["submitted"])],
    )
    tiles = base.mark_rect(cornerRadius=4).encode(
        color=alt.Color("rating_label:N", title=titles["rating"], scale=alt.Scale(domain=order, range=colors),
                        legend=alt.Legend(orient="bottom", direction="horizontal", symbolType="square",
                                          symbolSize=260, symbolStrokeColor="#666666")),
        stroke=alt.condition("datum.selected", alt.value("#000000"), alt.value("#FFFFFF")),
        strokeWidth=alt.condition("datum.selected", alt.value(4), alt.value(1)),
    )
    if clickable:
        tiles = tiles.add_params(alt.selection_point(name=SELECTION, fields=["province_code"], on="click",
                                                     clear=False, empty=False))
    short = base.mark_text(dy=-10, fontSize=FONT_SIZE - 5, fontWeight="bold").encode(
        text="short:N", color=alt.Color("ink:N", scale=None))
    value = base.mark_text(dy=8, fontSize=FONT_SIZE - 1, fontWeight="bold").encode(text="value_text:N", color=alt.Color("ink:N", scale=None))
    # "pad", not Streamlit's default "fit": fitting squeezes the legend into the height and the tiles stop being square.
    return _configure(alt.layer(tiles, short, value).properties(
        width=GRID_COLUMNS * size, height=GRID_ROWS * size, autosize=alt.AutoSizeParams(type="pad", contains="padding")))


def province_members(results: pd.DataFrame, province: str) -> pd.DataFrame:
    """Return the province's regencies and cities (submitted first, best first), with their rank inside the province."""
    local = results[(results["province_code"] == province) & results["agency_type"].isin(LOCAL_TYPES)]
    local = local.assign(_missing=local["index"].isna()).sort_values(["_missing", "index", "agency_name"],
                                                                      ascending=[True, False, True])
    local = local.drop(columns="_missing").reset_index(drop=True)
    local["rank_in_province"] = local["index"].rank(ascending=False, method="min").astype("Int64")
    return local


def distribution_chart(members: pd.DataFrame, framework: Framework, lang: str,
                       titles: dict[str, str]) -> alt.LayerChart:
    """Dot strip of the members' indices on the 0–5 scale over the rating bands, the band names written on top."""
    bands = pd.DataFrame([{"start": b.min, "end": min(b.max, framework.scale.max), "label": b.text(lang),
                           "color": b.color} for b in framework.rating_bands])
    bands["start"] = bands["start"].clip(lower=0)
    given = members.dropna(subset=["index"]).assign(
        type_label=members["agency_type"].map(titles.get), value_text=members["index"].map(lambda v: fmt_number(v, 2, lang)))
    # A fixed golden-ratio spread instead of random jitter, so a picture is the same on every run.
    given["jitter"] = [0.15 + 0.7 * ((i * 0.618034) % 1) for i in range(len(given))]
    band_rects = alt.Chart(bands).mark_rect(opacity=0.35).encode(
        x=alt.X("start:Q", title=titles["index"], scale=alt.Scale(domain=[0, framework.scale.max])),
        x2="end:Q", color=alt.Color("color:N", scale=None))
    band_text = alt.Chart(bands).mark_text(y=10, fontSize=FONT_SIZE - 2, fontWeight="bold").encode(
        x=alt.X("mid:Q"), text="label:N").transform_calculate(mid="(datum.start + datum.end) / 2")
    dots = alt.Chart(given).mark_circle(size=140, opacity=0.9, stroke="#FFFFFF", strokeWidth=1).encode(
        x="index:Q", y=alt.Y("jitter:Q", axis=None, scale=alt.Scale(domain=[-0.2, 1.2])),
        color=alt.Color("type_label:N", title=titles["type"], scale=alt.Scale(range=["#222222", "#D95F02"]),
                        legend=alt.Legend(orient="bottom")),
        shape=alt.Shape("type_label:N", title=titles["type"]),
        tooltip=[alt.Tooltip("agency_name:N", title=titles["agency"]), alt.Tooltip("value_text:N", title=titles["index"])],
    )
    # fit-x: the strip takes the page width but keeps its own height (plain "fit" squeezes it under the legend).
    return _configure(alt.layer(band_rects, band_text, dots).properties(
        height=200, autosize=alt.AutoSizeParams(type="fit-x", contains="padding")))
