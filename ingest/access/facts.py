"""Store facts that are nobody's results, the same for every viewer: the agency registry, the data stamp,
whether the store holds sample data, the stored framework versions.

The dashboard reads the store only through `ingest.access` (`reads` for results, this module for facts), so
no page imports the unfiltered `ingest.queries`.
"""

from ingest.queries import load_agencies, load_data_as_of, load_framework_versions, store_has_sample

__all__ = ["load_agencies", "load_data_as_of", "load_framework_versions", "store_has_sample"]
