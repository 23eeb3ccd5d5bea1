"""Bahasa Indonesia text of the template's `Petunjuk` sheet (how to fill in the evaluation workbook)."""

from __future__ import annotations

import re

from indicators import Framework

STEPS = (
    "Lembar kerja ini dipakai untuk penilaian mandiri dan penilaian eksternal satu instansi.",
    "1. Jangan mengubah isi blok identitas di bagian atas (Instansi, Kode instansi, Tahun, Kerangka).",
    "2. Isi kolom 'Level Mandiri' untuk setiap indikator sesuai skalanya (lihat daftar skala di bawah):",
    "   pilih level dari daftar, atau tulis angka dalam rentang skala kontinu.",
    "3. Tulis 'Penjelasan' (fakta dan analisis) yang mendukung level yang dipilih.",
    "4. Tulis nama berkas 'Bukti Dukung' (misalnya {example}), pisahkan dengan titik koma.",
    "5. Kolom 'Level Penilaian Dokumen', 'Level Interviu', 'Level Visitasi', 'Justifikasi Asesor' dan 'Reviu'",
    "   diisi oleh asesor eksternal dan tim reviu; instansi tidak perlu mengisinya.",
    "6. Kolom 'Reviu' diisi 'Valid' atau 'Tidak Valid'.",
    "7. Jangan menambah atau menghapus baris indikator dan jangan mengubah kolom 'Kode'.",
    "8. Simpan sebagai .xlsx (atau .ods) dan unggah berkas ini ke Tera. Tera memeriksa seluruh isian dan",
    "   menunjukkan setiap sel yang perlu diperbaiki sebelum data disimpan.",
)


def example_evidence_name(fw: Framework) -> str:
    """Return an example evidence file name made from the framework's first indicator ("Bukti_X1_Kebijakan_data.pdf")."""
    first = fw.leaves[0]
    words = re.sub(r"[^0-9A-Za-z]+", "_", first.name.get("id", "")).strip("_")
    return f"Bukti_{first.code}_{words}.pdf" if words else f"Bukti_{first.code}.pdf"


def guide_rows(fw: Framework) -> list[tuple[str, ...]]:
    """Return the rows of the Petunjuk sheet: the steps, then each scale of the framework (its levels or its range)."""
    rows: list[tuple[str, ...]] = [(f"Petunjuk Pengisian Lembar Kerja Evaluasi: {fw.title_text('id')}",), ("",)]
    rows += [(step.format(example=example_evidence_name(fw)),) for step in STEPS]
    used = dict.fromkeys(node.level_scale for node in fw.leaves)
    for scale in (fw.level_scales[code] for code in used):
        rows += [("",), (f"Skala {scale.name.get('id', scale.code)}",)]
        if scale.continuous:
            rows.append((f"Angka dari {scale.min:g} sampai {scale.max:g}",))
            continue
        rows += [(f"Level {level}", names["id"]) for level, names in sorted(scale.levels.items())]
        if scale.not_answered is not None:
            rows.append((f"Level {scale.not_answered:g}", "tidak dijawab"))
    return rows
