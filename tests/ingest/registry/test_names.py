"""Names as central agencies and offices write them: secretariats, past rounds' agencies, code-like tokens."""

from __future__ import annotations

import pytest

from ingest.registry import match_agency

# name as written, year → expected code (None: refused, with three closest candidates)
NAMES = [
    ("Sekretariat Jenderal Komisi Pemilihan Umum", 2023, "K-KPU"),
    ("Setjen KPU", 2023, "K-KPU"),
    ("Sekretariat Jenderal Bawaslu", 2023, "K-BAWASLU"),
    ("Sekretariat Jenderal Komnas HAM", 2024, "K-KOMNASHAM"),
    ("Sekretariat Badan Nasional Pengelola Perbatasan", 2023, "K-BNPP"),
    ("Sekretariat Utama Badan Pusat Statistik", 2023, "K-BPS"),
    ("Komisi Pemilihan Umum RI", 2023, "K-KPU"),
    ("Sekretariat Kabinet", 2023, "K-SETKAB"),
    ("Dewan Pertimbangan Presiden", 2021, "K-WANTIMPRES"),
    ("Sekretariat Dewan Pertimbangan Presiden", 2019, "K-WANTIMPRES"),
    ("Badan Pengkajian dan Penerapan Teknologi", 2019, "K-BPPT"),
    ("Lembaga Ilmu Pengetahuan Indonesia", 2020, "K-LIPI"),
    ("BKPM", 2019, "K-BKPM"),
    ("BKPM", 2022, "K-KEMENINVESTASI"),
    ("Badan Restorasi Gambut dan Mangrove", 2022, "K-BRGM"),
    ("Kementerian Riset, Teknologi dan Pendidikan Tinggi", 2018, "K-KEMENRISTEKDIKTI"),
    # a ministry's secretariat general is not evaluated apart from it: never guessed
    ("Sekretariat Jenderal Kementerian Keuangan", 2023, None),
    # code-like tokens are never matched fuzzily
    ("BEL", 2023, None),
    ("BOL", 2023, None),
    ("Kab. BEL", 2023, None),
    ("Belu", 2023, "53.04"),
    ("Buol", 2023, "72.05"),
    ("Kab Bogr", 2023, "32.01"),
]


@pytest.mark.parametrize(("name", "year", "code"), NAMES, ids=[f"{n}-{y}" for n, y, _ in NAMES])
def test_names(name, year, code):
    match = match_agency(name, year=year)
    assert match.code == code, [c.code for c in match.candidates]
    if code is None:
        assert len(match.candidates) == 3
