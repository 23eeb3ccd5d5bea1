"""What a reader takes beside a file's bytes and name: the read part of `ingest.load.LoadOptions`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indicators import Framework
    from ingest.frameworks.catalog import FrameworkCatalog


@dataclass(frozen=True)
class ReadOptions:
    """The framework (code or Framework; default: the cover's, else the year's), the year and stage for files
    that do not say them, and the catalogue a framework code is looked up in (default: the built-in one)."""

    framework: Framework | str | None = None
    year: int | None = None
    stage: str | None = None
    catalog: FrameworkCatalog | None = None

    def as_kwargs(self) -> dict[str, Any]:
        """Return the options as the keyword arguments of `read_file` / `read_file_here`."""
        return {"framework": self.framework, "year": self.year, "stage": self.stage, "catalog": self.catalog}
