"""Profil instansi: level tables, stage history, self vs final, path, strengths, peers and partners (pure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from indicators import Framework
from indicators.errors import ScoringError
from indicators.gap import Step, compute_gap, compute_path_to_next_rating, raise_once
from indicators.rating import band_edges, next_band
from indicators.review import compute_assessment_gap, compute_strengths_weaknesses
from indicators.scoring import compute_scores
from ingest.vocabulary import STAGES


def indicator_levels(final: pd.DataFrame, agency_code: str) -> dict[str, float]:
    """Return the agency's final indicator levels (code → level; invalid values are absent)."""
    rows = final[(final["agency_code"] == agency_code) & (final["kind"] == "indicator") & final["value"].notna()]
    return dict(zip(rows["code"], rows["value"].astype(float), strict=True))


def stage_levels(scores: pd.DataFrame, stage: str) -> dict[str, float]:
    """Return the indicator values given at one stage (current revision)."""
    rows = scores[(scores["stage"] == stage) & (scores["kind"] == "indicator") & scores["value"].notna()]
    return dict(zip(rows["code"], rows["value"].astype(float), strict=True))


def level_table(scores: pd.DataFrame, final_levels: dict[str, float], framework: Framework, lang: str) -> pd.DataFrame:
    """Return one row per indicator: aspect, code, name, final level and name, explanation, evidence, justification, levels per stage."""
    indicators = scores[scores["kind"] == "indicator"]
    history = indicators.pivot_table(index="code", columns="stage", values="value", aggfunc="last")
    # Texts come from the self-assessment (explanation, evidence) and the latest assessor stage (justification).
    latest = indicators.assign(_rank=indicators["stage"].map({s: i for i, s in enumerate(STAGES)}))
    texts = latest.sort_values("_rank").groupby("code").agg(
        explanation=("explanation", lambda s: s.dropna().iloc[0] if s.notna().any() else ""),
        evidence=("evidence", lambda s: s.dropna().iloc[0] if s.notna().any() else ""),
        justification=("justification", lambda s: s.dropna().iloc[-1] if s.notna().any() else ""),
    )
    # A converted indicator (a 0–100 survey) shows its raw value beside the level: the latest stage's.
    converted = any(node.conversion is not None for node in framework.leaves)
    raws = (latest[latest["raw_value"].notna()].sort_values("_rank").groupby("code")["raw_value"].last()
            if converted and "raw_value" in latest else pd.Series(dtype="float64"))
    rows = []
    for node in framework.leaves:
        level = final_levels.get(node.code)
        # A one-level framework has no parent: its indicators form one row of the strip.
        parent = framework.node(node.parent) if node.parent else None
        row = {
            "aspect": f"{parent.code} {parent.label(lang)}" if parent else framework.short_text(lang),
            "code": node.code,
            "name": node.label(lang),
            "level": level,
            "level_name": framework.level_name(node.code, level, lang) if level is not None else "",
            **({"raw_value": raws.get(node.code)} if converted else {}),
            "explanation": texts["explanation"].get(node.code, ""),
            "evidence": texts["evidence"].get(node.code, ""),
            "justification": texts["justification"].get(node.code, ""),
        }
        for stage in STAGES:
            if stage in history.columns:
                row[f"stage_{stage}"] = history[stage].get(node.code)
        rows.append(row)
    return pd.DataFrame(rows)


DETAIL_COLUMNS = ("explanation", "evidence", "justification")


def visible_level_columns(table: pd.DataFrame, detail: bool) -> pd.DataFrame:
    """Return the level table without the note and stage columns when the viewer sees only the published part.

    The read layer already left those values empty; an empty column would still suggest there is
    something hidden behind it, and exports must leave such columns out.
    """
    if detail:
        return table
    hidden = [c for c in table.columns if c in DETAIL_COLUMNS or c.startswith("stage_")]
    return table.drop(columns=hidden)


def heat_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Return the level table with each indicator's position inside its aspect (the heat strip's x)."""
    return table.assign(position=table.groupby("aspect", sort=False).cumcount() + 1, indicator=table["code"],
                        number=table["code"])


def self_vs_final(self_levels: dict[str, float], final_levels: dict[str, float], framework: Framework):
    """Return (self index, final index, AssessmentGap) or None when there is no self-assessment."""
    if not self_levels:
        return None
    self_scores = compute_scores(self_levels, framework, level="indicator")
    final_scores = compute_scores(final_levels, framework, level="indicator")
    gap = compute_assessment_gap(self_levels, final_levels, framework)
    return self_scores.index, final_scores.index, gap


def _values(levels: dict[str, float]) -> dict[str, float]:
    """Named levels as whole numbers, continuous values as they are."""
    return {code: int(value) if float(value).is_integer() else float(value) for code, value in levels.items()}


PATH_ORDERS = ("fewest", "weakest")
# The path table shows at most this many rows at once (a screenful); longer paths scroll inside it.
PATH_SCREEN_ROWS = 12


def compute_weakest_first_steps(levels: dict[str, float], framework: Framework, year: int) -> list[Step]:
    """Return one-level raises that reach the next rating lifting the weakest parent node first ([] at the top band).

    At every step the parent (SPBE: aspect) with the lowest score that can still rise gives the raise:
    its indicator with the lowest value (heaviest first among equals). This lifts aspects stuck at
    level 1 before pushing strong ones to 5; it may need more steps than `compute_path_to_next_rating`.
    In a one-level framework every indicator's parent is the index itself.
    """
    scores = compute_scores(levels, framework, level="indicator")
    if not scores.complete:
        raise ScoringError(f"cannot plan a path with levels missing: {', '.join(scores.missing)}")
    ascending, _ = band_edges(framework)
    goal = next_band(framework, framework.rating_for(scores.index, year))
    if goal is None:
        return []
    current = {node.code: float(scores.nodes[node.code]) for node in framework.leaves}
    order = {code: i for i, code in enumerate(current)}

    def parent_score(code: str, result) -> float:
        parent = framework.node(code).parent
        return result.nodes[parent] if parent else result.index

    index, result, steps = scores.index, scores, []
    while ascending.index(framework.rating_for(index, year)) < ascending.index(goal):
        choices = [(parent_score(code, result), level, -framework.node(code).weight, order[code], code, to)
                   for code, level in current.items() if (to := raise_once(level, framework, code)) is not None]
        if not choices:
            raise ScoringError(f"{framework.code}: the next rating cannot be reached")
        *_, code, to = min(choices)
        before, current[code] = current[code], to
        result = compute_scores(current, framework, level="indicator")
        steps.append(Step(indicator=code, from_level=before, to_level=to, index_gain=round(result.index - index, 9),
                          index_after=result.index))
        index = result.index
    return steps


def group_path(steps: list[Step], framework: Framework, lang: str) -> pd.DataFrame:
    """Return one row per indicator of a path, in the order it is first raised: 'I47 3→5, +0,06'.

    Columns: code, name, aspect, from_level, to_level, raises, index_gain (sum, scale units),
    index_after: the index once this row and the rows above it are done (the index is additive), and
    serves: the linked indicator this one is raised first for (None when no link asks for it).
    """
    rows: dict[str, dict] = {}
    for step in steps:
        node = framework.node(step.indicator)
        row = rows.setdefault(step.indicator, {
            "code": step.indicator, "name": node.label(lang),
            "aspect": f"{node.parent} {framework.node(node.parent).label(lang)}" if node.parent else "",
            "from_level": step.from_level, "to_level": step.to_level, "raises": 0, "index_gain": 0.0,
            "index_after": step.index_after, "serves": None})
        row["to_level"] = step.to_level
        # A raise made first because a linked indicator rests on this one (framework `needs`).
        row["serves"] = row["serves"] or getattr(step, "serves", None)
        row["raises"] += 1
        row["index_gain"] += step.index_gain
    columns = ["code", "name", "aspect", "from_level", "to_level", "raises", "index_gain", "index_after", "serves"]
    frame = pd.DataFrame(list(rows.values()), columns=columns)
    if steps:
        start = steps[0].index_after - steps[0].index_gain
        frame["index_after"] = (start + frame["index_gain"].cumsum()).round(9)
    return frame


def path_plan(final_levels: dict[str, float], framework: Framework, year: int, lang: str,
              order: str = "fewest") -> tuple[pd.DataFrame, int, float | None] | None:
    """Return (grouped path, number of one-level raises, lowest index of the next rating) or None when levels are incomplete.

    `order` is "fewest" (fewest raises, heaviest indicators first) or "weakest" (weakest aspects first).
    """
    levels = _values(final_levels)
    try:
        steps = (compute_path_to_next_rating(levels, framework, year) if order == "fewest"
                 else compute_weakest_first_steps(levels, framework, year))
        index = compute_scores(levels, framework, level="indicator").index
        threshold = compute_gap(index, framework, year).next_threshold
    except ScoringError:
        return None
    return group_path(steps, framework, lang), len(steps), threshold


def link_breaches(levels: dict[str, float], framework: Framework) -> list[tuple[str, str, float, float]]:
    """Return (indicator, indicator it rests on, their levels) where today's levels break a framework link (a data note)."""
    from indicators.links import compute_link_breaches

    return compute_link_breaches(levels, framework.needs)


def strengths_weaknesses(final_levels: dict[str, float], framework: Framework, lang: str) -> pd.DataFrame:
    """Return per aspect its score and the names of its strong, weak and unanswered indicators."""
    profiles = compute_strengths_weaknesses(_values(final_levels), framework)

    def names(codes: tuple[str, ...]) -> str:
        return "; ".join(f"{c} {framework.node(c).label(lang)}" for c in codes)

    return pd.DataFrame([{
        # A one-level framework groups its indicators under the index itself.
        "aspect": (f"{p.aspect} {framework.node(p.aspect).label(lang)}" if p.aspect in framework.nodes
                   else framework.short_text(lang)), "score": p.score,
        "strengths": names(p.strengths), "weaknesses": names(p.weaknesses), "unanswered": names(p.unanswered),
    } for p in profiles.values()])


# A value in the top quarter of its indicator's scale counts as "mastered" when looking for learning
# partners (on a 1–5 scale: 4 and 5; on 0–1: 0.75 and above).
PARTNER_SHARE = 0.75


def partner_threshold(framework: Framework, code: str) -> float:
    """Return the value from which an indicator counts as mastered: the top quarter of its scale."""
    scale = framework.scale_for(code)
    return scale.min + PARTNER_SHARE * (scale.max - scale.min)


def peer_medians(results: pd.DataFrame, agency_type: str, columns: list[str]) -> pd.Series:
    """Return the median of each column among submitted agencies of one type."""
    peers = results[(results["agency_type"] == agency_type) & results["submitted"]]
    return peers[columns].median(numeric_only=True).reindex(columns)


def learning_partners(levels_by_agency: pd.DataFrame, agency_code: str, weakest: list[str],
                      results: pd.DataFrame, framework: Framework, per_indicator: int = 3) -> pd.DataFrame:
    """Return peers (same type, submitted) in the top quarter of the scale on the agency's weakest indicators, best first.

    `levels_by_agency` is the year's final levels (agency_code, code, value).
    """
    me = results[results["agency_code"] == agency_code]
    if me.empty or not weakest:
        return pd.DataFrame(columns=PARTNER_COLUMNS)
    peers = results[(results["agency_type"] == me["agency_type"].iloc[0]) & results["submitted"]
                    & (results["agency_code"] != agency_code)][["agency_code", "agency_name", "index"]]
    thresholds = levels_by_agency["code"].map(partner_thresholds(framework, weakest))
    good = levels_by_agency[levels_by_agency["code"].isin(weakest) & (levels_by_agency["value"] >= thresholds)]
    found = good.merge(peers, on="agency_code").rename(columns={"value": "level"})
    return best_partners(found, weakest, per_indicator)


PARTNER_COLUMNS = ["code", "agency_code", "agency_name", "level", "index"]


def partner_thresholds(framework: Framework, codes: list[str]) -> dict[str, float]:
    """Return {indicator: the value from which it counts as mastered} (`partner_threshold`) for the codes given."""
    return {code: partner_threshold(framework, code) for code in codes}


def best_partners(found: pd.DataFrame, weakest: list[str], per_indicator: int = 3) -> pd.DataFrame:
    """Return the best `per_indicator` candidates (code, agency_code, agency_name, level, index) of each weakest
    indicator: highest value, then index, then agency code first; in the order of `weakest`."""
    # Sorts on several columns are stable: among equals the agency codes' order decides.
    found = found.sort_values("agency_code", kind="stable")
    found = found.sort_values(["code", "level", "index"], ascending=[True, False, False])
    order = {code: i for i, code in enumerate(weakest)}
    found = found.groupby("code", sort=False).head(per_indicator)
    found = found.assign(_order=found["code"].map(order)).sort_values(["_order", "level", "index"],
                                                                       ascending=[True, False, False])
    return found[PARTNER_COLUMNS].reset_index(drop=True)


def weakest_indicators(levels: dict[str, float], framework: Framework, n: int = 5) -> list[str]:
    """Return the n indicators with the lowest final level, heaviest weight first among equals."""
    rows = [(value, -framework.node(code).weight, framework.node(code).number, code)
            for code, value in levels.items() if framework.nodes.get(code) and framework.node(code).kind == "indicator"
            and not pd.isna(value) and value < framework.scale_for(code).max]
    return [row[3] for row in sorted(rows)[:n]]


def results_in_every_framework(histories: dict[str, pd.DataFrame], frameworks: dict[str, Framework],
                               agency_code: str, lang: str) -> pd.DataFrame:
    """Return one row per framework and year the agency submitted in: framework title, year, index, its framework's
    display decimals, rating label, rank. Nothing is compared across frameworks."""
    rows = []
    for code, history in histories.items():
        fw = frameworks[code]
        own = history[(history["agency_code"] == agency_code) & history["submitted"]].sort_values("year")
        labels = {band.slug: band.text(lang) for band in fw.rating_bands}
        for _, row in own.iterrows():
            rows.append({"framework": fw.short_text(lang), "year": int(row["year"]),
                         "index": float(row["index"]), "decimals": fw.decimals, "rating": labels.get(row["rating"], ""),
                         "rank": None if pd.isna(row["rank"]) else int(row["rank"])})
    return pd.DataFrame(rows, columns=["framework", "year", "index", "decimals", "rating", "rank"])


def value_stages(final: pd.DataFrame, agency_code: str) -> list[str]:
    """Return the stages, in evaluation order, that gave the agency's final values (the index's sources)."""
    given = set(final.loc[final["agency_code"] == agency_code, "stage"].dropna())
    return [stage for stage in STAGES if stage in given]


@dataclass(frozen=True)
class ProfileParts:
    """What the profile shows of one agency beside its results row: levels, their stages, partners, peer medians."""

    levels: dict[str, float]
    sources: list[str]
    partners: pd.DataFrame
    peer_medians: pd.Series


def compute_profile_parts(final: pd.DataFrame, results: pd.DataFrame, agency_code: str,
                          framework: Framework) -> ProfileParts:
    """Return the agency's final levels, the stages that gave them, its learning partners and its peers' medians,
    from the year's final levels of every agency (the whole-year oracle of `assemble_profile_parts`)."""
    return assemble_profile_parts(
        final, results, agency_code, framework,
        lambda weakest, _type: learning_partners(final, agency_code, weakest, results, framework))


def assemble_profile_parts(own_final: pd.DataFrame, results: pd.DataFrame, agency_code: str, framework: Framework,
                           find_partners: Callable[[list[str], str], pd.DataFrame]) -> ProfileParts:
    """Return `ProfileParts` from the agency's own final values (rows of other agencies are ignored), the year's
    results and `find_partners(weakest indicators, agency type)` (asked only when there is something to look for)."""
    levels = indicator_levels(own_final, agency_code)
    me = results[results["agency_code"] == agency_code]
    parents = [node.code for node in framework.nodes.values() if node.kind != "indicator" and node.code in results]
    medians = peer_medians(results, me["agency_type"].iloc[0], parents) if len(me) else pd.Series(dtype=float)
    weakest = weakest_indicators(levels, framework)
    partners = (find_partners(weakest, str(me["agency_type"].iloc[0])) if len(me) and weakest
                else pd.DataFrame(columns=PARTNER_COLUMNS))
    return ProfileParts(levels=levels, sources=value_stages(own_final, agency_code), partners=partners,
                        peer_medians=medians)


# The profile's sections (the URL's `bagian`), in the chooser's order: only the chosen one is drawn and sent.
SECTIONS = ("ringkas", "skor", "jalan", "indikator", "mitra", "tren")


def profile_sections(submitted: bool, has_levels: bool) -> list[str]:
    """Return the sections that have content for an agency: scores need an index, the path both, indicators levels."""
    needs = {"ringkas": submitted, "skor": submitted, "jalan": submitted and has_levels, "indikator": has_levels,
             "mitra": has_levels, "tren": True}
    return [section for section in SECTIONS if needs[section]]
