"""The effect of a load before it is stored: per agency the index, rating and rank before → after, and the published figures.

A dry run (`ingest.load`, `dry_run=True`) keeps what it would store (`LoadResult.pending`); this module
scores the store's current values with and without those submissions, exactly as the dashboard scores
them (`ingest.final_scores`). A load that removes or lowers a published result, or drops answers,
needs an explicit confirmation (`LoadEffect.needs_confirmation`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from indicators import Framework
from indicators.ranking import compute_rankings
from indicators.rating import compute_ratings
from ingest import queries
from ingest.access.publication import load_published
from ingest.final_scores import compute_scores_wide
from ingest.frameworks.catalog import FrameworkCatalog
from ingest.load import LoadResult, PendingSubmission
from ingest.store.agencies import load_registry

# An index that moves less than this is unchanged (float noise of a rescore, far below any display decimal).
TOLERANCE = 1e-9


@dataclass(frozen=True)
class AgencyEffect:
    """One agency-year × framework a load touches: index, rating and national rank before → after (None: none)."""

    agency_code: str
    agency_name: str
    year: int
    framework_code: str
    stages: tuple[str, ...]
    index_before: float | None
    index_after: float | None
    rating_before: str | None
    rating_after: str | None
    rank_before: int | None
    rank_after: int | None
    published: bool
    dropped: tuple[str, ...] = ()
    empty_after: tuple[str, ...] = ()

    @property
    def lost(self) -> bool:
        """True when the agency had an index and would no longer have one."""
        return self.index_before is not None and self.index_after is None

    @property
    def lowered(self) -> bool:
        """True when the index would fall."""
        return (self.index_before is not None and self.index_after is not None
                and self.index_after < self.index_before - TOLERANCE)


@dataclass(frozen=True)
class PublishedEffect:
    """A published year × framework a load changes: agencies with an index and their mean index, before → after."""

    year: int
    framework_code: str
    indexed_before: int
    indexed_after: int
    mean_before: float | None
    mean_after: float | None


@dataclass
class LoadEffect:
    """Everything a load would change in the results, and whether it needs an explicit confirmation."""

    agencies: list[AgencyEffect] = field(default_factory=list)
    published: list[PublishedEffect] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        """Return why confirmation is needed: 'lost-published', 'lowered-published', 'dropped' (empty: none needed)."""
        found = []
        if any(a.published and a.lost for a in self.agencies):
            found.append("lost-published")
        if any(a.published and a.lowered for a in self.agencies):
            found.append("lowered-published")
        if any(a.dropped for a in self.agencies):
            found.append("dropped")
        return found

    @property
    def needs_confirmation(self) -> bool:
        """True when the load removes or lowers a published result, or drops answers."""
        return bool(self.reasons)

    def as_frame(self) -> pd.DataFrame:
        """Return one row per agency effect (the columns of `AgencyEffect` plus `lost` and `lowered`)."""
        rows = [{**a.__dict__, "lost": a.lost, "lowered": a.lowered} for a in self.agencies]
        columns = [*AgencyEffect.__dataclass_fields__, "lost", "lowered"]
        return pd.DataFrame(rows, columns=columns)


def compute_load_effect(engine: Engine, results: Iterable[LoadResult], catalog: FrameworkCatalog | None = None) -> LoadEffect:
    """Return what storing the dry-run `results` (in order; a later file wins) would change in the results."""
    pending: dict[tuple, PendingSubmission] = {}
    for result in results:
        if result.outcome == "loaded":
            pending.update({(p.agency_code, p.year, p.stage, p.framework_code): p for p in result.pending})
    if not pending:
        return LoadEffect()
    catalog = catalog or FrameworkCatalog.from_store(engine)
    published = load_published(engine)
    effect = LoadEffect()
    for year, framework_code in sorted({(key[1], key[3]) for key in pending}):
        chosen = [p for key, p in pending.items() if key[1] == year and key[3] == framework_code]
        _add_pair(effect, engine, catalog.get(framework_code), year, chosen, (year, framework_code) in published)
    return effect


def _add_pair(effect: LoadEffect, engine: Engine, fw: Framework, year: int, chosen: list[PendingSubmission],
              is_published: bool) -> None:
    current = queries.load_all_scores(engine, year=year, framework=fw.code)
    replaced = {(p.agency_code, p.stage) for p in chosen}
    kept = current[[(a, s) not in replaced for a, s in zip(current["agency_code"], current["stage"], strict=True)]]
    before = _ranked(current, fw, year)
    after = _ranked(pd.concat([kept, _pending_frame(chosen, year, fw.code)], ignore_index=True), fw, year)
    names = load_registry(engine).agencies  # the registry files plus agencies evaluators added
    for agency_code in sorted({p.agency_code for p in chosen}):
        old, new = before.get(agency_code, {}), after.get(agency_code, {})
        mine = [p for p in chosen if p.agency_code == agency_code]
        agency = names.get(agency_code)
        effect.agencies.append(AgencyEffect(
            agency_code=agency_code, agency_name=agency.name if agency else agency_code, year=year,
            framework_code=fw.code, stages=tuple(p.stage for p in mine),
            index_before=old.get("index"), index_after=new.get("index"),
            rating_before=old.get("rating"), rating_after=new.get("rating"),
            rank_before=old.get("rank"), rank_after=new.get("rank"), published=is_published,
            dropped=tuple(code for p in mine for code in p.dropped), empty_after=tuple(new.get("missing") or ()),
        ))
    if is_published:
        effect.published.append(PublishedEffect(year, fw.code, len(_indices(before)), len(_indices(after)),
                                                _mean(before), _mean(after)))


def _pending_frame(chosen: list[PendingSubmission], year: int, framework_code: str) -> pd.DataFrame:
    rows = [(p.agency_code, year, framework_code, p.stage, code, p.kind, np.nan if value is None else float(value), review)
            for p in chosen for code, value, review in p.values]
    return pd.DataFrame(rows, columns=["agency_code", "year", "framework_code", "stage", "code", "kind", "value", "review"])


def _ranked(scores: pd.DataFrame, fw: Framework, year: int) -> dict[str, dict]:
    """Return per agency its index (None when it cannot be computed), rating, national rank and empty codes."""
    wide = compute_scores_wide(queries.compute_final_levels(scores), fw)
    if wide.empty:
        return {}
    wide = wide.assign(year=year)
    wide["rating"] = compute_ratings(wide["index"], fw, year)
    ranked = compute_rankings(wide, fw, agency_col="agency_code")
    out = {}
    for row in ranked.itertuples(index=False):
        index = None if pd.isna(row.index) else float(row.index)
        rank = None if pd.isna(row.rank) else int(row.rank)
        missing = row.missing if isinstance(row.missing, tuple | list) else ()
        out[row.agency_code] = {"index": index, "rating": row.rating if index is not None else None, "rank": rank,
                                "missing": tuple(missing)}
    return out


def _indices(ranked: dict[str, dict]) -> list[float]:
    return [item["index"] for item in ranked.values() if item["index"] is not None]


def _mean(ranked: dict[str, dict]) -> float | None:
    values = _indices(ranked)
    return float(np.mean(values)) if values else None
