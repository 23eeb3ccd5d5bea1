"""Wilayah logic: the tile grid and the province averages and members."""

from __future__ import annotations

import pytest

from dashboard.logic import wilayah


def test_tiles_cover_the_38_provinces_once_each(engine):
    from ingest.queries import load_agencies

    tiles = wilayah.tile_frame()
    agencies = load_agencies(engine)
    provinces = set(agencies.loc[agencies["type"] == "provinsi", "code"])
    assert len(tiles) == 38 and set(tiles["province_code"]) == provinces
    assert not tiles.duplicated(["row", "col"]).any()
    assert tiles["short"].is_unique


def test_tiles_lie_roughly_where_the_provinces_are():
    at = {code: (row, col) for code, _, row, col in wilayah.TILES}
    assert at["11"][1] < at["32"][1] < at["35"][1] < at["53"][1]  # Aceh west of Java west of NTT
    assert at["91"][1] == max(c for _, c in at.values())  # Papua furthest east
    assert at["65"][0] < at["63"][0]  # Kaltara north of Kalsel
    assert at["34"][0] > at["33"][0]  # DIY south of Central Java


def test_province_averages_and_members(history, fw):
    results = history[history["year"] == 2024]
    averages = wilayah.province_averages(results, fw, 2024)
    assert len(averages) == 38
    east_java = averages.set_index("province_code").loc["35"]
    local = results[(results["province_code"] == "35") & results["agency_type"].isin(["kabupaten", "kota"])]
    assert east_java["mean"] == pytest.approx(local["index"].mean())
    assert east_java["rating"] == fw.rating_for(east_java["mean"], 2024).slug
    members = wilayah.province_members(results, "35")
    assert members["index"].dropna().is_monotonic_decreasing
    assert members["rank_in_province"].iloc[0] == 1
