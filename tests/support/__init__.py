"""Test support by purpose: stores, the browser, AppTest, framework data, the reference data."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
