"""Downloads: tables as CSV/XLSX with formula injection neutralised, charts as PNG/SVG (offline)."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

# A spreadsheet treats a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: Any) -> Any:
    """Prefix an apostrophe to text that a spreadsheet would run as a formula; numbers are untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of the table whose text cells (and headers) cannot start a formula."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(neutralize_cell)
    out.columns = [neutralize_cell(str(c)) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, float_format: str | None = None) -> bytes:
    """Return the table as UTF-8 CSV bytes (with BOM so Excel reads Indonesian names correctly)."""
    return neutralize_frame(frame).to_csv(index=False, float_format=float_format).encode("utf-8-sig")


def write_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """Return the table as an XLSX workbook; text is written as strings, never as formulas."""
    buffer = io.BytesIO()
    safe = neutralize_frame(frame)
    with pd.ExcelWriter(
        buffer, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}
    ) as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def write_chart_png(chart_spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """Render a Vega-Lite spec (`chart.to_dict()`) to PNG bytes without network access."""
    import vl_convert

    return vl_convert.vegalite_to_png(chart_spec, scale=scale)


def write_chart_svg(chart_spec: dict[str, Any]) -> str:
    """Render a Vega-Lite spec (`chart.to_dict()`) to SVG text without network access."""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart_spec)
