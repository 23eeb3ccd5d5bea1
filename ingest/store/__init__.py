"""The store: engine, schema, migrations and the write API (reads live in `ingest.queries`)."""

from ingest.store.engine import get_engine, upgrade_store
from ingest.store.save import find_file_by_sha256, refresh_file_outcome, save_file, save_submission
from ingest.store.seed import save_registry

__all__ = [
    "find_file_by_sha256",
    "get_engine",
    "refresh_file_outcome",
    "save_file",
    "save_registry",
    "save_submission",
    "upgrade_store",
]
