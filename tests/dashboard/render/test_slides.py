"""Mode rapat slides: HTML escapes names and labels every colour."""

from __future__ import annotations

import pandas as pd

from dashboard.render import slides


def test_slide_html_escapes_names_and_labels_every_colour(spbe_fw):
    results = pd.DataFrame({
        "agency_code": ["x"], "agency_name": ["<script>Kota X</script>"], "agency_type": ["kota"],
        "province_code": ["32"], "province_name": ["Jawa Barat"], "submitted": [True], "index": [3.0],
        "rating": ["baik"], "rank": pd.array([1], dtype="Int64"), "rank_type": pd.array([1], dtype="Int64"),
        "rank_change": pd.array([2], dtype="Int64"), "D1": [3.0], "D2": [2.0], "D3": [1.0], "D4": [4.5]})
    html = slides.profile_slide(results, "x", 2024, spbe_fw, "id")
    assert "<script>" not in html and "&lt;script&gt;" in html
    # Each coloured bar is followed by its rating written out.
    for label in ("Baik", "Cukup", "Kurang", "Memuaskan"):
        assert f">{label}</span>" in html
    # Words every indicator name of the framework starts with are dropped on slides, whatever they are.
    assert slides.short_name("Tingkat Kematangan Layanan Kearsipan Dinamis", spbe_fw, "id") == "Layanan Kearsipan Dinamis"
    assert "0 detik" in slides.countdown_html(-3, "id")
