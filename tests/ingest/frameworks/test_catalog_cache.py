"""The catalogue keeps the frameworks it handed out: once per code in a session, never across a new version.

Runs on SQLite and PostgreSQL (the `store_url` fixture).
"""

from __future__ import annotations

import pickle

from ingest.frameworks.catalog import FrameworkCatalog
from ingest.frameworks.commands import add_framework
from tests.support.frameworks import FRAMEWORK_DATA

NINE = FRAMEWORK_DATA / "nine-aspects.yaml"
CODE = "nine-aspects"


def _version_two(tmp_path):
    text = NINE.read_text(encoding="utf-8").replace("{code: I1, weight: 3,", "{code: I1, weight: 5,").replace(
        "{code: I2, weight: 3,", "{code: I2, weight: 1,")
    path = tmp_path / "nine-aspects-v2.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_catalogue_hands_out_one_framework_per_code_and_version():
    catalog = FrameworkCatalog()
    code = catalog.codes()[0]
    assert catalog.get(code) is catalog.get(code)
    # A pickled catalogue (sent to a reader worker with every file) travels without what it handed out, and is
    # rebuilt once per process for the same stored versions.
    sent = pickle.dumps(catalog)
    assert len(sent) < 1000, "no framework travels with the catalogue"
    copy = pickle.loads(sent)
    assert copy is pickle.loads(sent) and copy.get(code).code == code


def test_a_new_version_is_seen_by_the_next_catalogue_and_not_by_an_older_one(store_engine, tmp_path):
    add_framework(store_engine, NINE)
    first = FrameworkCatalog.from_store(store_engine)
    assert first.get(CODE).node("I1").weight_given == 3
    add_framework(store_engine, _version_two(tmp_path))
    second = FrameworkCatalog.from_store(store_engine)
    assert second.version(CODE) == 2 and second.get(CODE).node("I1").weight_given == 5
    assert second.get(CODE, 1).node("I1").weight_given == 3
    # The older catalogue is a snapshot of its session: still version 1, and the same object as before.
    assert first.version(CODE) == 1 and first.get(CODE) is first.get(CODE)
    assert first.get(CODE).node("I1").weight_given == 3
    # Rebuilt from a pickle (as in a reader worker): each set of stored versions is its own catalogue.
    first_sent, second_sent = pickle.loads(pickle.dumps(first)), pickle.loads(pickle.dumps(second))
    assert first_sent is not second_sent and first_sent.version(CODE) == 1 and second_sent.version(CODE) == 2
