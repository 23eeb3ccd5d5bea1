"""Wilayah (`/wilayah?tahun=YEAR&provinsi=32`): province averages on a tile map, then one province's regions.

Each tile is a province placed roughly where it lies, coloured by the rating of the mean index of
its regencies and cities, with the value written on it. Clicking a tile or choosing a province
opens the ranking of its regencies and cities and their distribution.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.logic import wilayah
from dashboard.logic.formatting import fmt_index, fmt_number
from dashboard.logic.funnel import compute_funnel, funnel_text
from dashboard.render import charts, charts_wilayah, export, widgets
from dashboard.render.tables import open_selected_profile, ranking_table
from dashboard.state import data
from dashboard.state.context import get_shell
from dashboard.state.urlstate import url_selectbox
from i18n import t
from ingest.vocabulary import LOCAL_TYPES

# Shrinks the tile map to a phone's width (dashboard/static/wilayah.css).
TILES_CSS = (Path(__file__).resolve().parent.parent / "static" / "wilayah.css").read_text(encoding="utf-8")

shell = get_shell()
fw, year, lang = shell.framework, shell.year, shell.lang
results = data.ranked_year(shell.engine, year, fw.code, shell.viewer)  # only this year's rows (and the year before's rank bases)
bands = {b.slug: b for b in fw.rating_bands}

st.title(t("wilayah.title", year=year))
widgets.data_caption(year, "stage.final", shell.as_of)

local = data.aggregates(shell.engine, fw.code, shell.viewer, year, "province_code", LOCAL_TYPES)[0]
averages = wilayah.province_averages(results, fw, year, local)
known = averages.dropna(subset=["province_name"])
province_names = dict(zip(known["province_code"], known["province_name"], strict=True))
ordered = sorted(province_names, key=lambda c: province_names[c])
province = url_selectbox(t("filter.province"), ["", *ordered], "provinsi", default="",
                         format_func=lambda c: province_names.get(c, t("wilayah.pick_hint")))

st.subheader(t("wilayah.map_title"))
st.caption(t("wilayah.map_note"))
titles = {"province": t("col.province"), "mean": t("wilayah.col_mean"), "rating": t("col.rating"),
          "submitted": t("wilayah.col_submitted")}
chart = charts_wilayah.tile_chart(averages, fw, lang, titles, selected=province or None, no_data=t("wilayah.no_data"))
# The reader's number locale, so the tooltip and the PNG download write 3,12 in Indonesian.
spec = charts.with_locale(chart.to_dict(validate=False), lang)
st.html(f"<style>{TILES_CSS}</style>")
event = st.vega_lite_chart(spec, width="content", on_select="rerun", key="tiles",
                           selection_mode=wilayah.SELECTION)
st.html(charts_wilayah.tile_legend_html(fw, lang, t("col.rating"), t("wilayah.no_data")))
picked = [item.get("province_code") for item in (event.selection.get(wilayah.SELECTION) or [])
          if isinstance(item, dict)] if event else []
seen = tuple(picked)
if st.session_state.get("_tiles_seen") != seen:
    st.session_state["_tiles_seen"] = seen
    if picked and picked[0] in province_names and picked[0] != province:
        st.query_params["provinsi"] = picked[0]
        st.rerun()
left, right, _ = st.columns([1, 1, 6])
left.download_button(t("download_png"), data=lambda: export.write_chart_png(spec), file_name=f"peta-provinsi-{year}.png",
                     mime="image/png", key="tiles_png", on_click="ignore")
right.download_button(t("download_svg"), data=lambda: export.write_chart_svg(spec),
                      file_name=f"peta-provinsi-{year}.svg", mime="image/svg+xml", key="tiles_svg", on_click="ignore")

with st.expander(t("wilayah.table_title"), expanded=not province):
    shown = averages.assign(
        mean_text=[fmt_index(v, year, fw) for v in averages["mean"]],
        rating_label=averages["rating"].map(lambda s: bands[s].text(lang) if isinstance(s, str) else t("wilayah.no_data")),
        count=[f"{fmt_number(s, 0)} / {fmt_number(n, 0)}" for s, n in zip(averages["submitted"], averages["total"],
                                                                         strict=True)],
        own=[fmt_index(v, year, fw) if not pd.isna(v) else t("not_submitted") for v in averages["own_index"]],
    ).sort_values("mean", ascending=False, na_position="last")
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_order=["province_code", "province_name", "mean_text", "rating_label", "count", "own"],
                 column_config={"province_code": t("col.code"), "province_name": t("col.province"),
                                "mean_text": t("wilayah.col_mean"), "rating_label": t("col.rating"),
                                "count": t("wilayah.col_submitted"), "own": t("wilayah.col_own")})
    widgets.table_downloads(averages.assign(rating=averages["rating"].map(
        lambda s: bands[s].text("id") if isinstance(s, str) else "")), f"rata-rata-provinsi-{year}", "provinces")

if not province:
    st.info(t("wilayah.pick"))
    st.stop()

name = province_names[province]
earlier = [y for y in data.years(shell.engine, shell.viewer) if y < year]
members = wilayah.province_members(results, province,
                                   data.ranked_year(shell.engine, earlier[-1], fw.code, shell.viewer) if earlier else None)
row = averages[averages["province_code"] == province].iloc[0]
st.header(name)
cols = st.columns(3)
with cols[0]:
    widgets.metric(t("wilayah.col_mean"), fmt_index(row["mean"], year, fw))
    if not pd.isna(row["mean"]):
        st.markdown(widgets.badge_html(fw.rating_for(row["mean"], year)), unsafe_allow_html=True)
with cols[1]:
    widgets.metric(t("wilayah.col_submitted"), f"{fmt_number(row['submitted'], 0)} / {fmt_number(row['total'], 0)}")
with cols[2]:
    widgets.metric(t("wilayah.col_own"), fmt_index(row["own_index"], year, fw) if not pd.isna(row["own_index"])
                   else t("not_submitted"))
    if not pd.isna(row["own_index"]):
        st.markdown(widgets.badge_html(fw.rating_for(row["own_index"], year)), unsafe_allow_html=True)

if members.empty:
    st.info(t("wilayah.no_members"))
    st.stop()

st.subheader(t("wilayah.ranking_title", province=name))
st.caption(t("wilayah.ranking_note"))
st.caption(funnel_text(compute_funnel(members)))
ranked = members.assign(rank=members["rank_in_province"], rank_change=members["rank_change_in_province"])
selection = ranking_table(ranked, fw, year, key="province_ranking", height=560 if len(ranked) > 14 else "auto")
open_selected_profile(selection, ranked, fw, year)
widgets.table_downloads(lambda: ranked[["rank", "agency_code", "agency_name", "agency_type", "index", "rating",
                                        *(d.code for d in fw.top_nodes)]], f"peringkat-{province}-{year}",
                        "province_ranking")

st.subheader(t("wilayah.distribution_title"))
labels = {"index": t("col.index"), "type": t("col.type"), "agency": t("col.agency"),
          "kabupaten": t("type.kabupaten"), "kota": t("type.kota")}
if members["index"].notna().any():
    widgets.chart_block(charts_wilayah.distribution_chart(members, fw, lang, labels), f"sebaran-{province}-{year}",
                        "province_distribution")
    counts = members.dropna(subset=["rating"]).groupby("rating").size()
    st.caption(" · ".join(f"{bands[s].text(lang)}: {fmt_number(int(counts.get(s, 0)), 0)}" for s in bands))
else:
    st.info(t("wilayah.no_members"))
