"""Wilayah: a tile-grid map of Indonesia's 38 provinces and the province averages drawn on it (pure data).

No boundary files: each province is one square tile placed roughly where it lies (row 0 is the
north, column 0 the west). The grid reads like the archipelago: Sumatra on the left, Java and Nusa
Tenggara along the bottom, Kalimantan and Sulawesi in the middle, Maluku and Papua on the right."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators import Framework
from ingest.vocabulary import LOCAL_TYPES

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


def tile_frame() -> pd.DataFrame:
    """Return the tile table: province_code, short, row, col."""
    return pd.DataFrame(TILES, columns=["province_code", "short", "row", "col"])


def province_averages(results: pd.DataFrame, framework: Framework, year: int,
                      figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return per province the mean index of its submitted regencies and cities, their counts and the province's own index.

    Columns: province_code, province_name, mean, submitted, total, own_index, rating (slug of the mean).
    `figures`: the regencies' and cities' figures per province already aggregated (`logic.aggregates` columns
    province_code, mean, submitted, rows; computed from `results` when None).
    """
    if figures is None:
        from dashboard.logic.aggregates import compute_aggregates

        figures = compute_aggregates(results, "province_code", LOCAL_TYPES)[0]
    grouped = figures.rename(columns={"rows": "total"})[["province_code", "mean", "submitted", "total"]]
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


def province_members(results: pd.DataFrame, province: str, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the province's regencies and cities (submitted first, best first), with their rank inside the province.

    With the previous year's results, `rank_change_in_province` is the previous rank inside the
    province minus this one (positive = moved up; NA when not ranked there the year before).
    """
    local = results[(results["province_code"] == province) & results["agency_type"].isin(LOCAL_TYPES)]
    local = local.assign(_missing=local["index"].isna()).sort_values(["_missing", "index", "agency_name"],
                                                                      ascending=[True, False, True])
    local = local.drop(columns="_missing").reset_index(drop=True)
    local["rank_in_province"] = local["index"].rank(ascending=False, method="min").astype("Int64")
    local["rank_change_in_province"] = pd.array([pd.NA] * len(local), dtype="Int64")
    if previous is not None and not previous.empty:
        before = province_members(previous, province)
        ranks = dict(zip(before["agency_code"], before["rank_in_province"], strict=True))
        old = local["agency_code"].map(ranks).astype("Float64")
        local["rank_change_in_province"] = (old - local["rank_in_province"].astype("Float64")).round().astype("Int64")
    return local
