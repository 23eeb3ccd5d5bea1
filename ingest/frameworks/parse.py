"""Turn a framework file's bytes (YAML or framework workbook) into a validated `Framework`."""

from __future__ import annotations

from pathlib import Path

from indicators import Framework, FrameworkError, check_framework_file

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}


def framework_format(name: str) -> str:
    """Return 'yaml' or 'xlsx' for a framework file name, raising FrameworkError for any other suffix."""
    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise FrameworkError(f"{name}: a framework is a .yaml file or a framework workbook (.xlsx)")
    return fmt


def parse_framework_content(content: bytes, *, name: str) -> Framework:
    """Validate a framework file's bytes (the format from the name's suffix) and return the framework.

    Raises FrameworkError naming every problem; stored frameworks were valid when added, so this only
    fails when the validation rules changed since.
    """
    suffix = ".xlsx" if framework_format(name) == "xlsx" else ".yaml"
    framework, problems = check_framework_file(content, Path(name).stem + suffix)
    if framework is None or problems:
        raise FrameworkError(f"{name}: not a valid framework: {'; '.join(map(str, problems))}")
    return framework
