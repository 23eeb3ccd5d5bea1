"""Bahasa Indonesia text of the template's `Petunjuk` sheet (how to fill in the evaluation workbook)."""

from __future__ import annotations

from indicators import Framework

STEPS = (
    "Lembar kerja ini dipakai untuk penilaian mandiri dan penilaian eksternal SPBE satu instansi.",
    "1. Jangan mengubah isi blok identitas di bagian atas (Instansi, Kode instansi, Tahun, Kerangka).",
    "2. Isi kolom 'Level Mandiri' untuk setiap indikator dengan level bulat 1 sampai 5 (pilih dari daftar).",
    "   Level 0 berarti indikator tidak dijawab. Level bersifat kumulatif: level N mensyaratkan level N-1.",
    "3. Tulis 'Penjelasan' (fakta dan analisis) yang mendukung level yang dipilih.",
    "4. Tulis nama berkas 'Bukti Dukung' (misalnya Perkada_Arsitektur_SPBE.pdf), pisahkan dengan titik koma.",
    "5. Kolom 'Level Penilaian Dokumen', 'Level Interviu', 'Level Visitasi', 'Justifikasi Asesor' dan 'Reviu'",
    "   diisi oleh asesor eksternal dan tim reviu; instansi tidak perlu mengisinya.",
    "6. Kolom 'Reviu' diisi 'Valid' atau 'Tidak Valid'.",
    "7. Jangan menambah atau menghapus baris indikator dan jangan mengubah kolom 'Kode'.",
    "8. Simpan sebagai .xlsx (atau .ods) dan unggah berkas ini ke Tera. Tera memeriksa seluruh isian dan",
    "   menunjukkan setiap sel yang perlu diperbaiki sebelum data disimpan.",
)


def guide_rows(fw: Framework) -> list[tuple[str, ...]]:
    """Return the rows of the Petunjuk sheet: the steps, then every level name of each capability scale."""
    rows: list[tuple[str, ...]] = [("Petunjuk Pengisian Lembar Kerja Evaluasi SPBE",), ("",)]
    rows += [(step,) for step in STEPS]
    for scale in fw.level_scales.values():
        rows += [("",), (f"Level {scale.name.get('id', scale.code)}",)]
        rows += [(f"Level {level}", names["id"]) for level, names in sorted(scale.levels.items())]
    return rows
