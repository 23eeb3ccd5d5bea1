"""Bandingkan: pure helpers turning results and final levels of 2–6 agencies into comparison frames."""

from __future__ import annotations

import pandas as pd

from dashboard.logic.results import node_columns
from indicators import Framework
from ingest.vocabulary import LOCAL_TYPES

MIN_AGENCIES = 2


MAX_AGENCIES = 6


def pick_codes(requested: list[str], known: set[str], limit: int = MAX_AGENCIES) -> list[str]:
    """Return the requested agency codes that exist, in the order given, without repeats, at most `limit`."""
    out: list[str] = []
    for code in requested:
        if code in known and code not in out:
            out.append(code)
    return out[:limit]


# Peers a profile's "Bandingkan" adds beside the agency.
PEERS = 3


def closest_peers(results: pd.DataFrame, agency_code: str, n: int = PEERS) -> list[str]:
    """Return up to n agencies of the same type whose index is closest to the agency's (same province first for regions).

    An agency without an index gets the same type's agencies of its province, then by name.
    """
    me = results[results["agency_code"] == agency_code]
    if me.empty:
        return []
    row = me.iloc[0]
    peers = results[(results["agency_type"] == row["agency_type"]) & (results["agency_code"] != agency_code)]
    distance = (peers["index"] - row["index"]).abs() if pd.notna(row["index"]) else pd.Series(0.0, index=peers.index)
    elsewhere = peers["province_code"].ne(row["province_code"]) if row["agency_type"] in LOCAL_TYPES \
        else pd.Series(False, index=peers.index)
    ordered = peers.assign(_far=elsewhere, _distance=distance.fillna(float("inf")))
    ordered = ordered.sort_values(["_far", "_distance", "agency_name"], kind="stable")
    return list(ordered["agency_code"].head(n))


def node_scores(results: pd.DataFrame, codes: list[str], nodes, framework: Framework, year: int, lang: str,
                names: dict[str, str]) -> pd.DataFrame:
    """Return long rows (agency, agency_code, node, code, value, rating_label) of domain or aspect scores."""
    labels = {b.slug: b.text(lang) for b in framework.rating_bands}
    rows = []
    chosen = results.set_index("agency_code")
    for code in codes:
        if code not in chosen.index:
            continue
        row = chosen.loc[code]
        for node in nodes:
            value = row.get(node.code)
            if value is None or pd.isna(value):
                continue
            rows.append({"agency": names[code], "agency_code": code, "node": f"{node.code} {node.label(lang)}",
                         "code": node.code, "value": float(value),
                         "rating_label": labels[framework.rating_for(float(value), year).slug]})
    return pd.DataFrame(rows, columns=["agency", "agency_code", "node", "code", "value", "rating_label"])


def score_table(results: pd.DataFrame, codes: list[str], framework: Framework) -> pd.DataFrame:
    """Return one row per chosen agency: code, name, index, rating slug, domains and aspects (numbers unrounded)."""
    frame = results.set_index("agency_code").reindex(codes).reset_index()
    return frame[["agency_code", "agency_name", "submitted", "index", "rating", *node_columns(framework)]]


def differences(table: pd.DataFrame, framework: Framework, reference: str) -> pd.DataFrame:
    """Return each other agency's index, domain and aspect values minus the reference agency's (positive = higher)."""
    columns = ["index", *node_columns(framework)]
    base = table[table["agency_code"] == reference]
    others = table[table["agency_code"] != reference]
    if base.empty or others.empty:
        return pd.DataFrame(columns=["agency_code", "agency_name", *columns])
    delta = others[columns].astype(float) - base[columns].astype(float).to_numpy()
    return pd.concat([others[["agency_code", "agency_name"]], delta], axis=1).reset_index(drop=True)


def level_matrix(final: pd.DataFrame, codes: list[str], framework: Framework, names: dict[str, str],
                 lang: str) -> pd.DataFrame:
    """Return one row per chosen agency × indicator: agency, indicator, name, aspect, level (NaN when absent)."""
    indicators = final[(final["kind"] == "indicator") & final["agency_code"].isin(codes)]
    levels = {(a, c): v for a, c, v in zip(indicators["agency_code"], indicators["code"], indicators["value"],
                                            strict=True)}
    rows = []
    for code in codes:
        for node in framework.leaves:
            level = levels.get((code, node.code))
            rows.append({"agency": names[code], "agency_code": code, "indicator": node.code,
                         "number": node.number, "name": node.label(lang), "aspect": node.parent,
                         "level": float(level) if level is not None and not pd.isna(level) else float("nan")})
    return pd.DataFrame(rows, columns=["agency", "agency_code", "indicator", "number", "name", "aspect", "level"])


def level_spread(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return per indicator the lowest and highest level among the agencies and their spread (largest first)."""
    given = matrix.dropna(subset=["level"])
    if given.empty:
        return pd.DataFrame(columns=["indicator", "name", "low", "high", "spread"])
    spread = given.groupby(["indicator", "name"], sort=False)["level"].agg(low="min", high="max").reset_index()
    spread["spread"] = spread["high"] - spread["low"]
    return spread.sort_values("spread", ascending=False, kind="stable").reset_index(drop=True)


def trends(history: pd.DataFrame, codes: list[str], names: dict[str, str]) -> pd.DataFrame:
    """Return year, series (agency name), agency_code, value: each chosen agency's index over the years."""
    own = history[history["agency_code"].isin(codes) & history["index"].notna()]
    return pd.DataFrame({"year": own["year"].astype(int), "series": own["agency_code"].map(names),
                         "agency_code": own["agency_code"], "value": own["index"].astype(float)}).reset_index(drop=True)
