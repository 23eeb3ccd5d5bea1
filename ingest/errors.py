"""Named errors raised by the ingest package, all under one `IngestError` base."""

from __future__ import annotations


class IngestError(Exception):
    """Base of every error raised by `ingest`."""


class StoreError(IngestError):
    """The store cannot be opened, migrated or written as asked."""


class RegistryError(IngestError):
    """The agency registry data (central YAML or region list) is invalid; the message names the entry."""


class UnknownAgencyError(IngestError):
    """No agency matches the given code or name."""


class AmbiguousAgencyError(IngestError):
    """Several agencies match a name equally well; the caller must choose."""


class AliasError(IngestError):
    """A user alias cannot be saved as asked (empty name, or it names nothing)."""
