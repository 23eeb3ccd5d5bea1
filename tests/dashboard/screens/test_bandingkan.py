"""Bandingkan through AppTest: repeated kode, selection in the URL, edge cases, English."""

from __future__ import annotations

from tests.support.apptest import open_page, page_texts


def test_compare_from_repeated_kode(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode=["35.10", "35.77", "35"], tahun="2024")
    body = page_texts(at)
    assert "Bandingkan instansi 2024" in body
    for heading in ("Nilai per domain", "Nilai per aspek", "Nilai per indikator", "Selisih", "Tren indeks"):
        assert heading in body
    assert at.multiselect(key="_url_multi_kode").value == ["35.10", "35.77", "35"]
    assert list(at.query_params.get("kode")) == ["35.10", "35.77", "35"]
    summary = at.dataframe[0].value
    assert sorted(list(summary["agency"])) == ["Kabupaten Banyuwangi", "Kota Madiun", "Provinsi Jawa Timur"]
    # Differences against the first agency, signed with the Indonesian decimal comma.
    diff = at.dataframe[1].value
    assert len(diff) == 2
    assert all("," in v or v in ("0,00", "–") for v in diff["index"])
    assert "Nilai instansi lain dikurangi nilai Kabupaten Banyuwangi" in body


def test_compare_change_selection_writes_repeated_params(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode=["35.10", "35.77"])
    at.multiselect(key="_url_multi_kode").select("35").run()
    assert not at.exception
    assert list(at.query_params.get("kode")) == ["35.10", "35.77", "35"]


def test_compare_needs_two_and_ignores_unknown_codes(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode=["35.10", "99.99"])
    assert "Pilih 2 sampai 6 instansi" in page_texts(at)


def test_compare_non_submitter_and_recap_year_in_english(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode=["35.10", "11"], tahun="2024", lang="en")
    assert "Did not submit in 2024" in page_texts(at)
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode=["35.10", "35"], tahun="2021", lang="en")
    body = page_texts(at)
    assert "Compare agencies 2021" in body
    assert "domain values only" in body and "not available" in body


def test_add_agency_by_written_name(monkeypatch, dashboard_store):
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode="35.10", tahun="2024")
    at.text_input(key="cari_bandingkan").input("Pemkot Madiun").run()
    assert not at.exception
    assert set(at.query_params.get("kode")) == {"35.10", "35.77"}
    assert at.multiselect(key="_url_multi_kode").value == ["35.10", "35.77"]


def test_a_search_with_several_matches_keeps_the_text_and_lists_them_to_add(monkeypatch, dashboard_store):
    """Issue 17: "Jawa" matches several agencies: the text stays and each match has its own add button."""
    at = open_page(monkeypatch, dashboard_store, "bandingkan", kode="35.10", tahun="2024")
    at.text_input(key="cari_bandingkan").input("Jawa").run()
    assert not at.exception
    assert at.text_input(key="cari_bandingkan").value == "Jawa"
    buttons = {b.label: b for b in at.button if str(b.key or "").startswith("add_")}
    assert "Provinsi Jawa Timur (35)" in buttons and "Provinsi Jawa Barat (32)" in buttons
    buttons["Provinsi Jawa Timur (35)"].click().run()
    assert len(at.query_params.get("kode")) == 2 and at.text_input(key="cari_bandingkan").value == ""


def test_the_profile_opens_the_comparison_with_the_closest_peers(monkeypatch, dashboard_store):
    from dashboard.logic.bandingkan import closest_peers

    at = open_page(monkeypatch, dashboard_store, "instansi", kode="35.10", tahun="2024")
    [link] = [e for e in at.get("page_link") if "bandingkan" in e.proto.page]
    assert "Bandingkan dengan 3 instansi terdekat" in link.proto.label
    assert link.proto.query_string.startswith("kode=35.10&kode=")
    from dashboard.state.history import compute_history
    from indicators import framework_for_year
    from ingest.store import get_engine

    history = compute_history(get_engine(dashboard_store), framework_for_year(2024))
    year = history[history["year"] == 2024]
    peers = closest_peers(year, "35.10")
    assert len(peers) == 3 and set(year.set_index("agency_code").loc[peers, "agency_type"]) == {"kabupaten"}
    for code in peers:
        assert f"kode={code}" in link.proto.query_string
