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
    """Return the table as data CSV: UTF-8 with BOM, ',' separated, dot decimals, full precision, stable column names."""
    return neutralize_frame(frame).to_csv(index=False, float_format=float_format).encode("utf-8-sig")


# Columns whose UI header is a shared `col.*` message under another name.
HEADER_KEYS = {"agency_code": "col.code", "agency_name": "col.agency", "agency_type": "col.type",
               "province_name": "col.province", "from_level": "col.level", "to_level": "col.level"}


def header_label(column: str, lang: str | None = None) -> str:
    """Return the UI-language header of a stable column name ('agency_name' → 'Instansi'), else the name."""
    from i18n import catalogue, get_language

    messages = catalogue(lang or get_language())
    key = HEADER_KEYS.get(column, f"col.{column}")
    return messages.get(key, column)


def write_csv_excel(frame: pd.DataFrame, lang: str | None = None, decimals: int = 2,
                    labels: dict[str, str] | None = None) -> bytes:
    """Return the table as CSV for a spreadsheet in the reader's settings: ';' separated, decimal comma
    in Indonesian, `decimals` places (the framework's decimals when known), headers in the UI language.
    """
    from i18n import get_language
    from indicators import round_half_up

    lang = lang or get_language()
    out = neutralize_frame(frame)
    labels = labels or {}
    out.columns = [labels.get(str(c), header_label(str(c), lang)) for c in frame.columns]
    comma = lang == "id"
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_float_dtype(values):
            text = values.map(lambda v: "" if pd.isna(v) else f"{round_half_up(float(v), decimals):.{decimals}f}")
            out[column] = text.str.replace(".", ",", regex=False) if comma else text
    return out.to_csv(index=False, sep=";").encode("utf-8-sig")


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
