"""Deterministic synthetic indicator levels calibrated to the published averages by agency type."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from indicators import Framework

CALIBRATION_FILE = Path(__file__).with_name("calibration.yaml")
# Rounding and clipping to whole levels bias the means; a few fixed-point passes remove the bias.
CALIBRATION_PASSES = 4


@dataclass(frozen=True)
class SampleRound:
    """Final and self-assessed levels of one year: arrays shaped (agencies, indicators)."""

    year: int
    agency_codes: tuple[str, ...]
    indicator_codes: tuple[str, ...]
    final: np.ndarray
    self_assessed: np.ndarray


def load_calibration(path: Path = CALIBRATION_FILE) -> dict:
    """Read the calibration targets (group means per domain, national figures, spreads)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def compute_sample_rounds(agencies: pd.DataFrame, years: list[int], framework: Framework, *, seed: int = 2024,
                          calibration: dict | None = None) -> list[SampleRound]:
    """Return one SampleRound per year for the agencies given (columns code, type), levels 0–max."""
    cal = calibration or load_calibration()
    rng = np.random.default_rng(seed)
    codes = tuple(agencies["code"])
    indicators = framework.indicators
    domain_of = np.array([framework.ancestors(node.code)[-1] for node in indicators])
    domain_codes = [d.code for d in framework.domains]
    group_of = _group_of(agencies["type"], cal)
    n_agencies, n_indicators = len(codes), len(indicators)
    # Fixed random draws so every calibration pass and every year moves the same agency the same way.
    agency_offset = rng.normal(0.0, cal["agency_spread"], n_agencies)
    agency_trend = rng.normal(0.0, 0.12, n_agencies)
    noise = rng.normal(0.0, cal["indicator_spread"], (len(years), n_agencies, n_indicators))
    skip_answer = rng.random((len(years), n_agencies, n_indicators))
    optimism = rng.normal(0.55, 0.75, (len(years), n_agencies, n_indicators))
    rounds = []
    for y, year in enumerate(years):
        target = _target_means(cal, year, group_of, domain_codes, domain_of)
        shift = np.zeros_like(target)
        drift = agency_offset[:, None] + agency_trend[:, None] * (year - cal["base_year"])
        for _ in range(CALIBRATION_PASSES):
            final = _levels(target + shift + drift + noise[y], skip_answer[y], framework)
            shift += target - _group_domain_means(final, group_of, domain_of, domain_codes, indicators)
        final = _levels(target + shift + drift + noise[y], skip_answer[y], framework)
        # Self-assessments are usually at or above the final level, as evaluators observe.
        claimed = np.clip(final + np.rint(optimism[y]), framework.scale.min, framework.scale.max)
        claimed = np.where(final == framework.scale.not_answered, final, claimed)
        rounds.append(SampleRound(year, codes, tuple(n.code for n in indicators), final.astype(int), claimed.astype(int)))
    return rounds


def _group_of(types: pd.Series, cal: dict) -> np.ndarray:
    lookup = {t: name for name, group in cal["groups"].items() for t in group["types"]}
    return np.array([lookup[t] for t in types])


def _target_means(cal: dict, year: int, group_of: np.ndarray, domain_codes: list[str], domain_of: np.ndarray) -> np.ndarray:
    national = cal["national"]
    base = national[cal["base_year"]]
    shift = {d: national.get(year, base)[d] - base[d] for d in domain_codes}
    per_group = {name: {d: group[d] + shift[d] for d in domain_codes} for name, group in cal["groups"].items()}
    return np.array([[per_group[g][d] for d in domain_of] for g in group_of])


def _levels(raw: np.ndarray, skip_answer: np.ndarray, framework: Framework) -> np.ndarray:
    scale = framework.scale
    levels = np.clip(np.rint(raw), scale.min, scale.max)
    if scale.not_answered is not None:
        # Weak agencies sometimes leave an indicator unanswered, which counts as not_answered (0).
        levels = np.where((raw < scale.min - 0.9) & (skip_answer < 0.12), scale.not_answered, levels)
    return levels


def _group_domain_means(levels: np.ndarray, group_of: np.ndarray, domain_of: np.ndarray, domain_codes: list[str],
                        indicators) -> np.ndarray:
    weights = np.array([node.weight for node in indicators])
    means = np.zeros_like(levels, dtype=float)
    for d in domain_codes:
        cols = domain_of == d
        domain_value = levels[:, cols] @ weights[cols] / weights[cols].sum()
        for g in np.unique(group_of):
            rows = group_of == g
            means[np.ix_(rows, cols)] = domain_value[rows].mean()
    return means
