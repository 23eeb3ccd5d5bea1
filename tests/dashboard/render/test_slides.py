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


def test_profile_slide_says_a_fall_in_red_words(spbe_fw):
    results = pd.DataFrame({
        "agency_code": ["x"], "agency_name": ["Kabupaten X"], "agency_type": ["kabupaten"],
        "province_code": ["35"], "province_name": ["Jawa Timur"], "submitted": [True], "index": [2.88],
        "rating": ["baik"], "rank": pd.array([406], dtype="Int64"), "rank_type": pd.array([223], dtype="Int64"),
        "rank_change": pd.array([-45], dtype="Int64"), "D1": [3.3], "D2": [2.0], "D3": [1.27], "D4": [3.82]})
    html = slides.profile_slide(results, "x", 2024, spbe_fw, "id")
    assert 'tera-move-down">turun 45 peringkat dibanding tahun lalu<' in html
    assert "−45" not in html


def test_table_names_are_clamped_to_two_lines_and_the_css_scales_with_the_screen(spbe_fw, repo_root):
    long_name = "Kementerian " + "Sangat Panjang " * 12
    results = pd.DataFrame({
        "agency_code": ["x"], "agency_name": [long_name], "agency_type": ["kementerian"], "province_code": [None],
        "province_name": [None], "submitted": [True], "index": [4.5], "rating": ["memuaskan"],
        "rank": pd.array([1], dtype="Int64"), "rank_type": pd.array([1], dtype="Int64"),
        "rank_change": pd.array([0], dtype="Int64")})
    html = slides.top_slide(results, 2024, spbe_fw, "id")
    assert f'<td class="name"><div class="tera-clamp">{long_name}</div></td>' in html
    css = (repo_root / "dashboard" / "static" / "rapat.css").read_text(encoding="utf-8")
    # One design pixel is the smaller of width/1920 and height/1080; no size in fixed pixels but hairlines.
    assert "--u: min(calc(100vw / 1920), calc(100vh / 1080))" in css
    assert "font-size: calc(36 * var(--u))" in css and "-webkit-line-clamp: 2" in css
