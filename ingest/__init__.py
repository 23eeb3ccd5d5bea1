"""Tera ingest: file readers, the agency registry and the store behind the dashboard."""
