"""One round of the made-up "Indeks Contoh" beside SPBE in the sample, so a newcomer sees the framework switch.

The framework is the example of the framework workbook (`ingest.template.framework_example`): clearly
synthetic, never an official instrument. Its workbook is stored with `framework add`, and its evaluation
workbooks name it on their cover, so both go through the real ingest path.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from indicators import Framework, FrameworkError, check_framework_file
from ingest.registry.model import Agency
from ingest.sample.levels import SampleRound
from ingest.template import write_template
from ingest.template.framework import write_framework_template
from ingest.vocabulary import SELF_ASSESSMENT_STAGE

# Provinces and the first central agencies take part: a framework few agencies use, as a pilot would be.
CENTRAL_AGENCIES = 12
STAGES = (SELF_ASSESSMENT_STAGE, "dokumen")


def write_example_framework(path: Path) -> Framework:
    """Write the filled example framework workbook to `path` and return the framework it defines."""
    buffer = io.BytesIO()
    write_framework_template(buffer, filled=True)
    content = buffer.getvalue()
    framework, problems = check_framework_file(content, path.name)
    if framework is None or problems:  # the example is part of the code: a problem here is a bug
        raise FrameworkError(f"the example framework is not valid: {'; '.join(map(str, problems))}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return framework


def example_participants(agencies: dict[str, Agency], year: int) -> list[Agency]:
    """Return the agencies of the example round: every province, then the first central agencies, by code."""
    alive = [a for a in agencies.values() if a.evaluated and a.exists_in(year)]
    provinces = sorted((a for a in alive if a.type == "provinsi"), key=lambda a: a.code)
    central = sorted((a for a in alive if not a.is_region), key=lambda a: a.code)[:CENTRAL_AGENCIES]
    return provinces + central


def write_example_round(folder: Path, framework: Framework, spbe_round: SampleRound, agencies: dict[str, Agency],
                        names: dict[str, str], rng: np.random.Generator, prefix: str) -> list[Path]:
    """Write one evaluation workbook per participant; values follow each agency's SPBE level with noise."""
    folder.mkdir(parents=True, exist_ok=True)
    year = spbe_round.year
    ability = {code: float(np.mean(spbe_round.final[i])) for i, code in enumerate(spbe_round.agency_codes)}
    written = []
    for agency in example_participants(agencies, year):
        base = ability.get(agency.code, 2.5)
        final = {node.code: _value(framework, node.code, base, rng) for node in framework.leaves}
        claimed = {code: _claimed(framework, code, value, rng) for code, value in final.items()}
        path = folder / f"{prefix}_LKE_{framework.code}_{year}_{agency.code}.xlsx"
        write_template(path, agency_code=agency.code, agency_name=names[agency.code], year=year, framework=framework,
                       stages=STAGES, levels={SELF_ASSESSMENT_STAGE: claimed, "dokumen": final})
        written.append(path)
    return written


def _value(framework: Framework, code: str, base: float, rng: np.random.Generator) -> float:
    scale = framework.scale_for(code)
    raw = base + rng.normal(0, 0.6)
    if scale.continuous:
        return round(float(np.clip(raw, scale.min, scale.max)), 2)
    levels = sorted(scale.levels)
    return int(np.clip(round(raw), levels[0], levels[-1]))


def _claimed(framework: Framework, code: str, value: float, rng: np.random.Generator) -> float:
    """Self-assessment: often the same, sometimes one level (or a little) higher."""
    scale = framework.scale_for(code)
    if rng.random() >= 0.25:
        return value
    if scale.continuous:
        return round(min(float(value) + 0.3, scale.max), 2)
    return min(int(value) + 1, max(scale.levels))
