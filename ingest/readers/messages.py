"""Every problem a reader can report: its stable slug, severity and plain-English fix-it message.

Kept in one module so the messages can be catalogued and translated later.
"""

from __future__ import annotations

from typing import Any

from ingest.problems import Report, Severity

# slug: (severity, message template). Templates use str.format fields given by the reader.
CATALOGUE: dict[str, tuple[Severity, str]] = {
    "unreadable-file": ("error", "The file cannot be read as a spreadsheet or CSV table ({reason}). Save it again as .xlsx, .ods or .csv and upload that file."),
    "no-table": ("error", "No table with recognisable column headers was found in the first {rows} rows of any sheet. Keep the header row of the template (for example 'Kode' and 'Level Mandiri', or 'Nama Instansi' and 'Domain 1')."),
    "missing-year": ("error", "The evaluation year is not given. Fill in 'Tahun' in the cover block or the title (for example 'Tahun 2024'), or choose the year when uploading."),
    "missing-agency": ("error", "The agency is not given. Fill in 'Instansi' (the agency's name) in the cover block above the table."),
    "unknown-framework": ("error", "The file names framework '{value}', which Tera does not know (known: {known}). Correct the 'Kerangka' cell, or add the framework first with: python -m ingest framework add FILE"),
    "no-framework": ("error", "Tera cannot tell which framework this file follows: {reason}."),
    "framework-mismatch": ("error", "The file says it was made for framework '{found}', but the framework in force is '{expected}'. Download a fresh template for this year and copy your answers into it."),
    "level-out-of-scale": ("error", "The level {value!r} for {code} is outside the scale. Write one of {allowed} (not answered: {na})."),
    "level-not-whole": ("error", "The level {value!r} for {code} is not a whole number. Levels have no fractions: write one of {allowed}."),
    "level-unreadable": ("error", "The level {value!r} for {code} cannot be read as a number. Write only the level number, for example 3."),
    "unknown-indicator": ("error", "'{value}' is not an indicator of framework {framework}. Use the codes of the template ({first} to {last}) and do not add rows for other items."),
    "duplicate-indicator": ("error", "Indicator {code} appears again here (first at {first}). Keep one row per indicator and delete the copy."),
    "bad-review-value": ("error", "The review mark {value!r} is not understood. Write 'Valid' or 'Tidak Valid', or leave the cell empty."),
    "missing-indicators": ("warning", "The {stage} levels of {count} indicator(s) are missing ({codes}); the submission is stored as incomplete. Fill them in and upload again to complete it."),
    "score-out-of-scale": ("error", "The value {value!r} in column '{column}' is outside the scale {allowed}. Check the number (a decimal point may be missing)."),
    "score-unreadable": ("error", "The value {value!r} in column '{column}' cannot be read as a number. Write a number such as 3.42 or 3,42, or leave the cell empty."),
    "unknown-rating": ("error", "The rating {value!r} is not one of {allowed}. Correct the spelling or leave the cell empty."),
    "unknown-agency": ("error", "The agency '{value}' is not in the registry. Write the official name or code; closest: {candidates}. If the name is right, record it once with: python -m ingest agencies alias \"{value}\" CODE"),
    "ambiguous-agency": ("error", "The agency '{value}' fits several agencies: {candidates}. Write the full name (with Kabupaten/Kota and the province) or the agency code, or record an alias with: python -m ingest agencies alias \"{value}\" CODE"),
    "agency-not-evaluated": ("error", "{agency} is not evaluated on its own (an administrative region without its own government). Remove this row or submit for the responsible government."),
    "duplicate-agency": ("error", "'{value}' appears twice in this file (first at {first}). Keep one row per agency and year."),
    "below-scale": ("warning", "The value {value!r} in column '{column}' lies below the scale's first level {low}; it is kept as published (unanswered indicators count as {na})."),
    "published-index-mismatch": ("warning", "The published index {value} differs from {computed:.4f}, the index computed from this row's {kind} values with the framework weights. Check the row for a typing error."),
    "published-rating-mismatch": ("warning", "The published rating '{value}' does not match the rating of the published index {index} in {year}, which is '{computed}'. Check the rating or the index."),
}


def report_problem(report: Report, type: str, *, sheet: str = "", cell: str = "", value: Any = None,
                   expected: str = "", **fields: Any) -> None:
    """Add one catalogued problem to `report`, filling its message template from `value` and `fields`."""
    severity, template = CATALOGUE[type]
    message = template.format(value=value, expected=expected, **fields)
    report.add(type, severity, message, sheet=sheet, cell=cell, value=value, expected=expected)
