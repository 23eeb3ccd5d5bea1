"""The store-wide data version moves with every change a page shows, and only then, on both backends."""

from __future__ import annotations

from ingest.access import EVALUATOR_VIEWER, save_publication
from ingest.sample.clear import clear_sample
from ingest.store import save_file, save_submission
from ingest.store.version import bump_data_version, load_data_version


def test_data_version_moves_with_loads_publication_and_in_place_changes(store_engine):
    first = load_data_version(store_engine)
    assert load_data_version(store_engine) == first  # reading changes nothing
    with store_engine.begin() as conn:
        file_id = save_file(conn, b"a", "a.xlsx", "xlsx", kind="workbook", is_sample=True)
        save_submission(conn, "35.10", 2024, "hasil", "spbe-2020", file_id, [{"code": "I1", "value": 3}],
                        is_sample=True)
    loaded = load_data_version(store_engine)
    assert loaded != first
    save_publication(store_engine, EVALUATOR_VIEWER, 2024, "spbe-2020", True, actor="t", source="test")
    published = load_data_version(store_engine)
    assert published != loaded
    for _ in range(2):  # the first token is inserted, the next ones replace it
        with store_engine.begin() as conn:
            bump_data_version(conn)
        assert load_data_version(store_engine) != published
        published = load_data_version(store_engine)
    clear_sample(store_engine)
    assert load_data_version(store_engine) != published
