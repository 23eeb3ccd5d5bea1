"""Explanations, evidence file names and assessor notes that read like real evaluation answers."""

from __future__ import annotations

import re

import numpy as np

from indicators import Framework

_REGULATION = {
    "kementerian": "Peraturan Menteri", "provinsi": "Peraturan Gubernur", "kabupaten": "Peraturan Bupati",
    "kota": "Peraturan Wali Kota",
}
_DEFAULT_REGULATION = "Peraturan Kepala"
_EXPLANATION = {
    0: "Belum ada dokumen yang dapat diajukan untuk indikator ini.",
    1: "{topic} masih dilaksanakan secara ad hoc oleh unit TIK dan belum memiliki dasar kebijakan.",
    2: "{topic} telah diatur dalam {reg} Nomor {no} Tahun {year_doc} dan diterapkan di sebagian unit kerja.",
    3: "{topic} telah ditetapkan dalam {reg} Nomor {no} Tahun {year_doc} dan diterapkan di seluruh unit kerja.",
    4: "{topic} telah terpadu lintas unit kerja dan diukur melalui reviu berkala sesuai {reg} Nomor {no} Tahun {year_doc}.",
    5: "{topic} dievaluasi setiap tahun dan ditingkatkan berdasarkan hasil pengukuran; perubahan terakhir ditetapkan {year_doc}.",
}
_EVIDENCE = {
    0: "",
    1: "Notulen_Rapat_{slug}_{year_doc}.pdf",
    2: "{regabbr}_{no}_{year_doc}_{slug}.pdf",
    3: "{regabbr}_{no}_{year_doc}_{slug}.pdf; SE_Penerapan_{slug}.pdf",
    4: "{regabbr}_{no}_{year_doc}_{slug}.pdf; Laporan_Reviu_{slug}_{year_doc}.pdf; Dashboard_Monitoring.png",
    5: "{regabbr}_{no}_{year_doc}_{slug}.pdf; Laporan_Evaluasi_{slug}_{year_doc}.pdf; Rencana_Perbaikan_{year_doc}.xlsx",
}
_JUSTIFICATION = {
    "same": "Bukti dukung sesuai dengan kriteria level {level}.",
    "lower": "Bukti dukung belum menunjukkan kriteria level {claimed}; yang terpenuhi baru level {level} ({name}).",
    "higher": "Dalam interviu ditunjukkan penerapan tambahan; kriteria level {level} ({name}) terpenuhi.",
}


def compute_notes(agency_type: str, year: int, framework: Framework, final: dict[str, int], claimed: dict[str, int],
                  rng: np.random.Generator) -> dict[str, dict[str, str]]:
    """Return per indicator code the explanation, evidence and assessor justification for one agency."""
    reg = _REGULATION.get(agency_type, _DEFAULT_REGULATION)
    regabbr = "".join(word[0] for word in reg.split()).upper()
    notes = {}
    for node in framework.indicators:
        level, own = final[node.code], claimed[node.code]
        topic = re.sub(r"^Tingkat Kematangan\s+", "", node.name["id"])
        fields = {"topic": topic, "reg": reg, "regabbr": regabbr, "no": int(rng.integers(1, 60)),
                  "year_doc": int(year - rng.integers(0, 4)), "slug": _slug(topic)}
        relation = "same" if level == own else ("lower" if level < own else "higher")
        notes[node.code] = {
            "explanation": _EXPLANATION[min(own, 5)].format(**fields),
            "evidence": _EVIDENCE[min(own, 5)].format(**fields),
            "justification": _JUSTIFICATION[relation].format(level=level, claimed=own,
                                                             name=framework.level_name(node.code, level) if level else "-"),
        }
    return notes


def _slug(text: str) -> str:
    words = re.sub(r"[^A-Za-z0-9 ]+", " ", text).split()
    return "_".join(word.capitalize() for word in words[:4])
