"""Akses through AppTest: an evaluator publishes a year in the app (audited), the log reads back, nobody edits it."""

from __future__ import annotations

from ingest.access import EVALUATOR_VIEWER, Viewer, load_audit, load_published
from tests.support.apptest import open_page, page_texts
from tests.support.stores import ACCESS_EVALUATOR, make_access_store, save_lower_madiun_2023


def test_publish_a_year_in_the_app_and_read_the_log(monkeypatch, dashboard_store, tmp_path):
    from ingest.store import get_engine

    url = make_access_store(dashboard_store, tmp_path / "tera.db")
    evaluator = Viewer(role="evaluator", email=ACCESS_EVALUATOR)
    at = open_page(monkeypatch, url, "akses", viewer=evaluator)
    assert "Log audit" in page_texts(at) and "Pengguna" in page_texts(at)
    at.multiselect(key="published_years").select(2024)
    at.button[0].click().run()  # the form's "Simpan" sends the choice
    assert not at.exception and "1 pengaturan publikasi diubah" in page_texts(at)
    engine = get_engine(url)
    assert (2024, "spbe-2020") in load_published(engine)
    entry = load_audit(engine, EVALUATOR_VIEWER, action="publication").iloc[0]
    assert entry["actor"] == ACCESS_EVALUATOR and entry["source"] == "page: akses"
    assert entry["detail"]["year"] == 2024 and entry["detail"]["published"] is True
    # The log on the page: filtered by action, newest first, with no control that edits or deletes.
    at.selectbox(key="audit_action").select("publication").run()
    log = next(frame.value for frame in at.dataframe if "action" in frame.value.columns)
    assert set(log["action"]) == {"publikasi"} and log.iloc[0]["actor"] == ACCESS_EVALUATOR
    assert not any("hapus" in b.label.lower() or "delete" in b.label.lower() for b in at.button)


def test_akses_widgets_speak_indonesian(monkeypatch, dashboard_store, tmp_path):
    url = make_access_store(dashboard_store, tmp_path / "tera.db")
    at = open_page(monkeypatch, url, "akses", viewer=Viewer(role="evaluator", email=ACCESS_EVALUATOR))
    assert at.multiselect(key="published_years").placeholder == "Pilih tahun"
    assert "yyyy" not in str(at.selectbox(key="audit_since").options)
    publication = next(frame.value for frame in at.dataframe if "published" in frame.value.columns)
    assert not publication.isna().any().any()  # no grey "None" in a never-set row
    users = next(frame.value for frame in at.dataframe if "role" in frame.value.columns)
    assert set(users["role"]) == {"evaluator", "instansi"} and set(users["state"]) == {"aktif"}
    log = next(frame.value for frame in at.dataframe if "action" in frame.value.columns)
    assert "user-add" not in set(log["action"]) and "tambah pengguna" in set(log["action"])


def test_republishing_shows_the_differences_and_waits_for_confirmation(monkeypatch, dashboard_store, tmp_path):
    from ingest.store import get_engine

    url = make_access_store(dashboard_store, tmp_path / "tera.db")
    engine = get_engine(url)
    save_lower_madiun_2023(engine)
    at = open_page(monkeypatch, url, "akses", viewer=Viewer(role="evaluator", email=ACCESS_EVALUATOR))
    at.selectbox(key="republish_year").select(2023).run()
    changes = next(frame.value for frame in at.dataframe if "index_after" in frame.value.columns)
    assert list(changes["agency_code"]) == ["35.77"]
    assert changes.iloc[0]["index_after"] < changes.iloc[0]["index_before"]
    assert at.button(key="republish").disabled  # nothing happens before the confirmation
    public = open_page(monkeypatch, url, "instansi", kode="35.77", tahun="2023")
    assert "Hasil yang dipublikasikan pada" in page_texts(public)
    at.checkbox(key="republish_confirm").check().run()
    at.button(key="republish").click().run()
    assert "dipublikasikan ulang" in page_texts(at)
    entry = load_audit(engine, EVALUATOR_VIEWER, action="publication").iloc[0]
    assert entry["detail"]["republished"] is True and entry["actor"] == ACCESS_EVALUATOR
