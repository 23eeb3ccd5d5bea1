"""Turn a framework file's bytes (YAML or framework workbook) into a validated `Framework`."""

from __future__ import annotations

from pathlib import Path

import yaml

from indicators import Framework, FrameworkError, parse_framework

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}


def framework_format(name: str) -> str:
    """Return 'yaml' or 'xlsx' for a framework file name, raising FrameworkError for any other suffix."""
    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise FrameworkError(f"{name}: a framework is a .yaml file or a framework workbook (.xlsx)")
    return fmt


def parse_framework_content(content: bytes, *, name: str, format: str | None = None) -> Framework:
    """Validate a framework file's bytes and return the framework; FrameworkError names every problem."""
    fmt = format or framework_format(name)
    if fmt == "xlsx":
        from indicators import read_framework_workbook

        return read_framework_workbook(content, source=name)
    try:
        data = yaml.safe_load(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FrameworkError(f"{name}: not valid YAML: {exc}") from None
    return parse_framework(data, source=name)
