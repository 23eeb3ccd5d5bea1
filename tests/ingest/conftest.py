"""The ingest tests mirror its subpackages (access, frameworks, readers, registry, sample, store, template);
the top-level modules (load, agency_commands) and the framework-constants check sit here. Store
fixtures (`store_url`, `store_engine`: SQLite and PostgreSQL) come from tests/conftest.py."""
