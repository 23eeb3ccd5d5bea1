"""The example framework of the framework workbook: "Indeks Contoh", made up for learning and sample data.

It is NOT any official instrument: two levels (Aspek › Indikator), weights in percent of the index on
the indicators, named levels 1–5 and one continuous indicator (a satisfaction score from 0 to 5).
"""

from __future__ import annotations

EXAMPLE_CODE = "indeks-contoh"

INFO = [{"kode": EXAMPLE_CODE, "judul": "Indeks Contoh (sintetis, bukan instrumen resmi)",
         "title": "Example Index (synthetic, not an official instrument)", "tahun_dari": 2024, "tahun_sampai": None,
         "pembulatan": 2, "desimal": 2, "judul_singkat": "Indeks Contoh", "short_title": "Example Index"}]

# kode, induk, tingkat, nama, name, bobot, skala
TREE = [
    ("AC1", None, "Aspek", "Tata Kelola Digital", "Digital governance", None, None),
    ("IC1", "AC1", "Indikator", "Kebijakan transformasi digital", "Digital transformation policy", 15, "lima"),
    ("IC2", "AC1", "Indikator", "Arsitektur pemerintahan digital", "Digital government architecture", 15, "lima"),
    ("AC2", None, "Aspek", "Layanan Digital", "Digital services", None, None),
    ("IC3", "AC2", "Indikator", "Layanan administrasi terpadu", "Integrated administration services", 20, "lima"),
    ("IC4", "AC2", "Indikator", "Layanan publik terintegrasi", "Integrated public services", 20, "lima"),
    ("IC5", "AC2", "Indikator", "Kepuasan pengguna layanan", "User satisfaction", 10, "kepuasan"),
    ("AC3", None, "Aspek", "Data dan Infrastruktur", "Data and infrastructure", None, None),
    ("IC6", "AC3", "Indikator", "Satu data", "One data", 10, "lima"),
    ("IC7", "AC3", "Indikator", "Pusat data bersama", "Shared data centre", 10, "lima"),
]

# skala, nilai, nama, name, tidak_dijawab
SCALES = [
    ("lima", 0, "Tidak dijawab", "Not answered", "ya"),
    ("lima", 1, "Rintisan", "Initial", None),
    ("lima", 2, "Terkelola", "Managed", None),
    ("lima", 3, "Terdefinisi", "Defined", None),
    ("lima", 4, "Terpadu", "Integrated", None),
    ("lima", 5, "Optimum", "Optimised", None),
    ("kepuasan", 0, "min", None, None),
    ("kepuasan", 5, "max", None, None),
]

# slug, nama, name, min, max, warna
BANDS = [
    ("unggul", "Unggul", "Excellent", 4.0, 5.0, "#1B7837"),
    ("maju", "Maju", "Advanced", 3.0, 4.0, "#5AAE61"),
    ("berkembang", "Berkembang", "Developing", 2.0, 3.0, "#F1A340"),
    ("rintisan", "Rintisan", "Starting", 0.0, 2.0, "#D73027"),
]
