"""Write the synthetic sample files: the latest round as per-agency workbooks, earlier rounds as recaps, and one
round of the made-up example framework ("Indeks Contoh") in the latest year beside SPBE.

Everything is derived from one seed, so the same files come out on every machine. A few files are
faulty on purpose (and one agency sends a corrected file after its faulty one), so the data-quality
views have something true to show.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from indicators import Framework, load_framework, round_half_up
from indicators.scoring import compute_scores_frame
from ingest.registry import get_registry
from ingest.registry.model import Agency
from ingest.sample.example import write_example_framework, write_example_round
from ingest.sample.levels import SampleRound, compute_sample_rounds, load_calibration
from ingest.sample.text import compute_notes
from ingest.template import write_recap, write_template
from ingest.template.framework_example import EXAMPLE_CODE
from ingest.vocabulary import SELF_ASSESSMENT_STAGE, WORKBOOK_STAGES

SEED = 2024
YEARS = (2021, 2022, 2023, 2024)
FRAMEWORK = "spbe-2020"
# Marks every generated file name so people never take them for real submissions.
PREFIX = "CONTOH"


@dataclass(frozen=True)
class SampleFile:
    """One generated file and what the loader should expect of it."""

    path: Path
    year: int
    expect: str  # 'loaded', 'rejected', or 'framework' (a framework file to add before loading the others)


def report_name(agency: Agency) -> str:
    """Return the agency's name as the annual report tables write it ('Pemerintah Kab. Banyuwangi')."""
    if agency.type == "kabupaten":
        return "Pemerintah Kab. " + agency.name.removeprefix("Kabupaten ").strip()
    if agency.type in ("kota", "provinsi"):
        return "Pemerintah " + agency.name
    return agency.name


def sample_agencies(year: int) -> list[Agency]:
    """Return the agencies evaluated in `year`, regions first then central agencies, by code."""
    registry = get_registry()
    return sorted((a for a in registry.agencies.values() if a.evaluated and a.exists_in(year)),
                  key=lambda a: (not a.is_region, a.code))


def write_sample_files(out_dir: Path | str, *, seed: int = SEED, years: tuple[int, ...] = YEARS,
                       progress: Callable[[int, int], None] | None = None) -> list[SampleFile]:
    """Write every sample file under `out_dir` (one folder per year) and return them in load order."""
    out = Path(out_dir)
    fw = load_framework(FRAMEWORK)
    cal = load_calibration()
    agencies = {a.code: a for year in years for a in sample_agencies(year)}
    frame = pd.DataFrame({"code": list(agencies), "type": [a.type for a in agencies.values()]})
    rounds = compute_sample_rounds(frame, list(years), fw, seed=seed, calibration=cal)
    rng = np.random.default_rng(seed + 1)
    written: list[SampleFile] = []
    for sample_round in rounds[:-1]:
        written.append(_write_recap_year(out, sample_round, agencies, fw, cal, rng))
    latest = rounds[-1]
    written += _write_workbook_year(out, latest, agencies, fw, cal, rng, progress)
    # The example framework first: its workbooks name it, so it must be stored before they are loaded.
    framework_file = out / "kerangka" / f"{PREFIX}_kerangka_{EXAMPLE_CODE}.xlsx"
    example = write_example_framework(framework_file)
    names = {code: report_name(agency) for code, agency in agencies.items()}
    example_files = write_example_round(out / str(latest.year) / EXAMPLE_CODE, example, latest, agencies, names, rng,
                                        PREFIX)
    return [SampleFile(framework_file, latest.year, "framework"), *written,
            *(SampleFile(path, latest.year, "loaded") for path in example_files)]


def _participants(sample_round: SampleRound, agencies: dict[str, Agency], cal: dict, rng: np.random.Generator) -> list[int]:
    share = cal["participation"].get(sample_round.year, 1.0)
    rows = [i for i, code in enumerate(sample_round.agency_codes)
            if agencies[code].exists_in(sample_round.year) and agencies[code].evaluated]
    return [i for i in rows if rng.random() < share]


def _write_recap_year(out: Path, sample_round: SampleRound, agencies: dict[str, Agency], fw: Framework, cal: dict,
                      rng: np.random.Generator) -> SampleFile:
    year = sample_round.year
    rows = _participants(sample_round, agencies, cal, rng)
    long = pd.DataFrame([(sample_round.agency_codes[i], code, sample_round.final[i, j])
                         for i in rows for j, code in enumerate(sample_round.indicator_codes)],
                        columns=["agency", "code", "value"])
    scores = compute_scores_frame(long, fw, key="agency").set_index("agency")
    registry = get_registry()
    tables: dict[str, list[dict]] = {}
    for code, result in scores.iterrows():
        agency = agencies[code]
        title = _table_title(agency, registry)
        band = fw.rating_for(result["index"], year)
        decimals = fw.scale.decimals
        row = {"name": report_name(agency), "index": round_half_up(float(result["index"]), decimals), "rating": band.slug}
        row.update({d.code: round_half_up(float(result[d.code]), decimals) for d in fw.domains})
        tables.setdefault(title, []).append(row)
    for table in tables.values():
        table.sort(key=lambda r: -r["index"])
    path = out / str(year) / f"{PREFIX}_Rekap_Hasil_Evaluasi_SPBE_{year}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_recap(path, [], fw, title=f"Hasil Evaluasi SPBE Tahun {year} (data contoh sintetis)", year=year,
                level="domain", tables=sorted(tables.items(), key=lambda item: _title_order(item[0])))
    return SampleFile(path, year, "loaded")


def _table_title(agency: Agency, registry) -> str:
    if not agency.is_region:
        return "Instansi Pusat"
    if agency.type == "provinsi":
        return "Pemerintah Provinsi"
    province = registry.agencies[agency.province_code].name
    return f"Kabupaten/Kota di {province}"


def _title_order(title: str) -> tuple[int, str]:
    return ({"Instansi Pusat": 0, "Pemerintah Provinsi": 1}.get(title, 2), title)


def _write_workbook_year(out: Path, sample_round: SampleRound, agencies: dict[str, Agency], fw: Framework, cal: dict,
                         rng: np.random.Generator, progress: Callable[[int, int], None] | None) -> list[SampleFile]:
    year = sample_round.year
    folder = out / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    rows = _participants(sample_round, agencies, cal, rng)
    codes = sample_round.indicator_codes
    # Special cases, picked deterministically among the participants.
    incomplete, tidak_valid, corrected = rows[7], rows[40], rows[12]
    written: list[SampleFile] = []
    for number, i in enumerate(rows, start=1):
        agency = agencies[sample_round.agency_codes[i]]
        final = dict(zip(codes, map(int, sample_round.final[i]), strict=True))
        claimed = dict(zip(codes, map(int, sample_round.self_assessed[i]), strict=True))
        levels = _stage_levels(final, claimed, fw, rng)
        notes = compute_notes(agency.type, year, fw, final, claimed, rng)
        if i == incomplete:
            for stage_levels in levels.values():
                for code in codes[-3:]:
                    stage_levels.pop(code, None)
        if i == tidak_valid:
            notes[codes[20]]["review"] = "Tidak Valid"
        if i == corrected:
            written.append(_write_faulty_first(folder, agency, year, fw, levels, notes))
        path = folder / f"{PREFIX}_LKE_SPBE_{year}_{agency.code}.xlsx"
        write_template(path, agency_code=agency.code, agency_name=report_name(agency), year=year, framework=fw,
                       stages=WORKBOOK_STAGES, levels=levels, notes=notes)
        written.append(SampleFile(path, year, "loaded"))
        if progress:
            progress(number, len(rows))
    written += _write_faulty(folder, year, fw)
    return written


def _stage_levels(final: dict[str, int], claimed: dict[str, int], fw: Framework,
                  rng: np.random.Generator) -> dict[str, dict[str, int]]:
    """Self-assessment, then the document check (sometimes off by one), corrected in the interview."""
    document, interview, visit = {}, {}, {}
    top, low = fw.scale.max, fw.scale.min
    visited = rng.random() < 0.12
    for code, level in final.items():
        doc = level
        if level >= low and rng.random() < 0.12:
            doc = int(np.clip(level + rng.choice((-1, 1)), low, top))
        document[code] = doc
        if doc != level:
            interview[code] = level
        if visited and rng.random() < 0.08:
            visit[code] = level
    levels = {SELF_ASSESSMENT_STAGE: dict(claimed), "dokumen": document, "interviu": interview}
    if visit:
        levels["visitasi"] = visit
    return levels


def _write_faulty_first(folder: Path, agency: Agency, year: int, fw: Framework, levels: dict, notes: dict) -> SampleFile:
    """The agency's first upload: two typing errors that the loader rejects before the corrected file."""
    broken = {stage: dict(values) for stage, values in levels.items()}
    first, second = fw.indicators[2].code, fw.indicators[30].code
    broken[SELF_ASSESSMENT_STAGE][first] = 7
    broken["dokumen"][second] = 35
    path = folder / f"{PREFIX}_LKE_SPBE_{year}_{agency.code}_versi_awal.xlsx"
    write_template(path, agency_code=agency.code, agency_name=report_name(agency), year=year, framework=fw,
                   stages=WORKBOOK_STAGES, levels=broken, notes=notes)
    return SampleFile(path, year, "rejected")


def _write_faulty(folder: Path, year: int, fw: Framework) -> list[SampleFile]:
    """Files the loader must reject: an unknown agency, a recap CSV with typos, and a damaged upload."""
    faulty = folder / "perlu-perbaikan"
    faulty.mkdir(parents=True, exist_ok=True)
    unknown = faulty / f"{PREFIX}_LKE_SPBE_{year}_dinas_kominfo.xlsx"
    write_template(unknown, agency_code="", agency_name="Dinas Kominfo Kab. Sukamaju", year=year, framework=fw,
                   stages=WORKBOOK_STAGES, levels={SELF_ASSESSMENT_STAGE: {n.code: 3 for n in fw.indicators}})
    recap = faulty / f"{PREFIX}_rekap_provinsi_{year}.csv"
    buffer = io.StringIO()
    table = csv.writer(buffer, delimiter=";")
    table.writerow(["No", "Nama Instansi", *(f"Domain {d.number}" for d in fw.domains), "Indeks", "Predikat"])
    table.writerow([1, "Pemerintah Provinsi Jawa Tengah", "3,60", "3,10", "2,27", "4,05", "3,55", "Sangat Baik"])
    table.writerow([2, "Pemerintah Provinsi Jawa Barat", "3,70", "31,0", "2,36", "4,11", "3,62", "Sangat Bagus"])
    recap.write_text(buffer.getvalue(), encoding="utf-8-sig")
    damaged = faulty / f"{PREFIX}_scan_LKE_{year}.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + np.random.default_rng(7).bytes(2048))
    return [SampleFile(unknown, year, "rejected"), SampleFile(recap, year, "rejected"), SampleFile(damaged, year, "rejected")]
