"""Write the per-agency evaluation workbook ("Lembar Kerja Evaluasi") of any framework with xlsxwriter.

One row per indicator; the levels above the indicators (Domain and Aspek, Pilar, ...) are merged group
columns named by the framework; each indicator's input cell takes its own scale (a dropdown of named
levels, or any number in a continuous range).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import groupby
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from indicators import Framework, LevelScale, load_framework
from ingest.readers.cover import META_SHEET
from ingest.readers.headers import COVER_LABELS, header_text
from ingest.template.guide import guide_rows
from ingest.vocabulary import SELF_ASSESSMENT_STAGE, STAGES, WORKBOOK_STAGES

TEMPLATE_VERSION = "1"
SHEET = "Evaluasi"
DEFAULT_STAGES = WORKBOOK_STAGES
HEADER_ROW = 9  # 0-based: the cover block and title sit above it
_REVIEW_TEXT = {"valid": "Valid", "tidak-valid": "Tidak Valid"}
_WIDTHS = {"no": 5, "code": 7, "indicator": 48, "explanation": 40, "evidence": 32, "justification": 36, "review": 14}
GROUP = "group:"  # role prefix of a level above the indicators: group:1 is the top level


def template_columns(stages: Iterable[str], depth: int = 3) -> list[str]:
    """Return the column roles of the evaluation table, in sheet order, for the given stages and framework depth."""
    stages = tuple(stages)
    columns = ["no", "code", *(f"{GROUP}{level}" for level in range(1, depth)), "indicator"]
    if SELF_ASSESSMENT_STAGE in stages:
        columns += ["level:mandiri", "explanation", "evidence"]
    external = [stage for stage in STAGES if stage != SELF_ASSESSMENT_STAGE and stage in stages]
    columns += [f"level:{stage}" for stage in external]
    if external:
        columns += ["justification", "review"]
    return columns


def write_template(path_or_buffer: str | Path | IO[bytes], *, agency_code: str, agency_name: str, year: int,
                   framework: Framework | str, stages: Iterable[str] = DEFAULT_STAGES,
                   levels: Mapping[str, Mapping[str, int]] | None = None,
                   notes: Mapping[str, Mapping[str, str]] | None = None) -> None:
    """Write one agency's evaluation workbook, optionally prefilled with levels per stage and notes per indicator."""
    fw = load_framework(framework) if isinstance(framework, str) else framework
    stages = tuple(stages)
    target = str(path_or_buffer) if isinstance(path_or_buffer, Path) else path_or_buffer
    workbook = xlsxwriter.Workbook(target, {"in_memory": True})
    try:
        styles = _styles(workbook)
        sheet = workbook.add_worksheet(SHEET)
        columns = template_columns(stages, fw.depth)
        _write_cover(sheet, styles, fw, agency_code, agency_name, year, stages)
        _write_table(sheet, styles, fw, columns, levels or {}, notes or {})
        _write_guide(workbook.add_worksheet("Petunjuk"), styles, fw)
        meta = workbook.add_worksheet(META_SHEET)
        for row, pair in enumerate((("template_version", TEMPLATE_VERSION), ("framework", fw.code),
                                    ("agency_code", agency_code), ("agency_name", agency_name),
                                    ("year", str(year)), ("stages", ",".join(stages)))):
            meta.write_row(row, 0, pair)
        meta.hide()
    finally:
        workbook.close()


def _styles(workbook: Any) -> dict[str, Any]:
    return {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "label": workbook.add_format({"bold": True}),
        "header": workbook.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                                       "bg_color": "#D9E1F2", "border": 1}),
        "text": workbook.add_format({"text_wrap": True, "valign": "top", "border": 1}),
        "group": workbook.add_format({"text_wrap": True, "valign": "top", "border": 1, "bg_color": "#F2F2F2"}),
        "input": workbook.add_format({"valign": "top", "align": "center", "border": 1, "bg_color": "#FFF2CC",
                                      "locked": False}),
        "note": workbook.add_format({"text_wrap": True, "valign": "top", "border": 1, "bg_color": "#FFF2CC",
                                     "locked": False}),
    }


def _write_cover(sheet: Any, styles: dict[str, Any], fw: Framework, agency_code: str, agency_name: str,
                 year: int, stages: tuple[str, ...]) -> None:
    sheet.write(0, 0, "LEMBAR KERJA EVALUASI", styles["title"])
    sheet.write(1, 0, fw.title_text("id"))
    cover = (("agency", agency_name), ("agency_code", agency_code), ("year", year), ("framework", fw.code),
             ("stage", ", ".join(stages)))
    for row, (key, value) in enumerate(cover, start=3):
        sheet.write(row, 0, COVER_LABELS[key][0], styles["label"])
        sheet.write(row, 2, value)
    sheet.set_row(HEADER_ROW, 32)
    sheet.freeze_panes(HEADER_ROW + 1, 1 + fw.depth)


def _write_table(sheet: Any, styles: dict[str, Any], fw: Framework, columns: list[str],
                 levels: Mapping[str, Mapping[str, int]], notes: Mapping[str, Mapping[str, str]]) -> None:
    for col, role in enumerate(columns):
        text = fw.level_label(int(role[len(GROUP):]), "id") if role.startswith(GROUP) else header_text(role)
        sheet.write(HEADER_ROW, col, "Reviu (Valid/Tidak Valid)" if role == "review" else text, styles["header"])
        sheet.set_column(col, col, 24 if role.startswith(GROUP) else _WIDTHS.get(role, 12))
    first = HEADER_ROW + 1
    indicators = fw.leaves
    for offset, node in enumerate(indicators):
        row = first + offset
        note = notes.get(node.code, {})
        for col, role in enumerate(columns):
            if role == "no":
                sheet.write_number(row, col, node.number, styles["text"])
            elif role == "code":
                sheet.write_string(row, col, node.code, styles["text"])
            elif role == "indicator":
                sheet.write_string(row, col, node.label("id"), styles["text"])
            elif role.startswith(GROUP):
                continue  # written merged below
            elif role.startswith("level:"):
                # xlsxwriter writes None as a formatted blank, keeping the input colour on empty cells.
                sheet.write(row, col, levels.get(role[6:], {}).get(node.code), styles["input"])
            else:
                value = note.get(role) or None
                sheet.write(row, col, _REVIEW_TEXT.get(value, value) if role == "review" else value, styles["note"])
    _merge_groups(sheet, styles, fw, columns, first)
    _validate(sheet, fw, columns, first)


def _merge_groups(sheet: Any, styles: dict[str, Any], fw: Framework, columns: list[str], first: int) -> None:
    """Write each group (Domain, Aspek, ...) once, merged down its indicators' rows, as the official worksheet does."""
    for col, role in enumerate(columns):
        if not role.startswith(GROUP):
            continue
        depth = int(role[len(GROUP):])
        row = first
        for code, group in groupby(fw.leaves, key=lambda n: _group_of(fw, n.code, depth)):
            count = len(list(group))
            node = fw.nodes[code]
            label = f"{node.code} {node.label('id')}"
            if count > 1:
                sheet.merge_range(row, col, row + count - 1, col, label, styles["group"])
            else:
                sheet.write_string(row, col, label, styles["group"])
            row += count


def _group_of(fw: Framework, code: str, depth: int) -> str:
    """Return the code of the indicator's ancestor at `depth` (1 = top level)."""
    chain = (*reversed(fw.ancestors(code)), code)
    return chain[depth - 1]


def _validate(sheet: Any, fw: Framework, columns: list[str], first: int) -> None:
    """Level cells take their indicator's scale: a dropdown of named levels, or a number in a continuous range."""
    for col, role in enumerate(columns):
        if role == "review":
            sheet.data_validation(first, col, first + len(fw.leaves) - 1, col,
                                  {"validate": "list", "source": ["Valid", "Tidak Valid"]})
        if not role.startswith("level:"):
            continue
        row = first
        for (scale_code, conversion), group in groupby(fw.leaves, key=lambda n: (n.level_scale, n.conversion)):
            count = len(list(group))
            scale = fw.level_scales[scale_code]
            if conversion is not None:  # the cell takes the raw value on its own scale (a 0–100 survey)
                scale = LevelScale(code=scale.code, name={"id": "Nilai asli, dikonversi"}, kind="continuous",
                                   min=conversion.low, max=conversion.high)
            sheet.data_validation(row, col, row + count - 1, col, _scale_validation(scale, header_text(role)))
            row += count


def _scale_validation(scale: LevelScale, title: str) -> dict[str, Any]:
    if scale.continuous:
        bounds = f"{scale.min:g}–{scale.max:g}"
        return {"validate": "decimal", "criteria": "between", "minimum": scale.min, "maximum": scale.max,
                "input_title": title[:32], "input_message": f"{scale.name.get('id', scale.code)}: angka {bounds}"[:255],
                "error_title": "Nilai tidak sah", "error_message": f"Tulis angka dari {bounds}."}
    allowed = [f"{level:g}" for level in scale.allowed()]
    names = "; ".join(f"{level} {names['id']}" for level, names in sorted(scale.levels.items()))
    message = f"{scale.not_answered:g} tidak dijawab; {names}" if scale.not_answered is not None else names
    return {"validate": "list", "source": allowed, "input_title": title[:32], "input_message": message[:255],
            "error_title": "Level tidak sah", "error_message": f"Pilih level bulat: {', '.join(allowed)}."}


def _write_guide(sheet: Any, styles: dict[str, Any], fw: Framework) -> None:
    sheet.set_column(0, 0, 110)
    sheet.set_column(1, 1, 30)
    for row, values in enumerate(guide_rows(fw)):
        sheet.write_row(row, 0, values, styles["title"] if row == 0 else None)
