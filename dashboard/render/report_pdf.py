"""The agency report as one A4 page (PDF, fpdf2): key figures, the profile page's charts, path, strengths, partners.

Charts are the profile page's Altair specs rendered with vl-convert, so the page matches the screen.
Text uses DejaVu Sans (Indonesian and English glyphs, the arrows and dashes) when the Debian package
`fonts-dejavu-core` is installed, else the PDF core font Helvetica with those characters replaced.
Every list is cut to the rows that fit the first page; an action plan longer than that continues in full on
a second page (never "… and N more" without them). No text is smaller than 7 pt.
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF

from dashboard.logic.formatting import fmt_index, fmt_number, level_word
from dashboard.logic.ranks import compute_rank_move
from dashboard.render.charts import text_color_for
from dashboard.render.report import (
    BARS_COLUMN_MM,
    STRIP_COLUMN_MM,
    AgencyReport,
    has_chart_columns,
    made_at,
    render_charts,
)
from dashboard.render.scales import level_text
from dashboard.render.slides import short_name

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0
CONTENT_W = PAGE_W - 2 * MARGIN
LINE = 3.7  # mm per text line at 7.5 pt
MAX_STEPS = 8
# The smallest text on any page (notes, footer): smaller is unreadable when printed.
MIN_PT = 7.0
MAX_PARTNER_LINES = 5
# Above this many top-level nodes (and without a second level's chart) the bars stand beside the indicator strip,
# both this tall (mm): the height the two took stacked.
MAX_STACKED_NODES = 4
SIDE_BY_SIDE_H = 108
FOOTER_TOP = PAGE_H - MARGIN - 5.5
# Helvetica (core font) is Latin-1 only: these characters are spelled out when DejaVu is missing.
LATIN1 = str.maketrans({"→": "->", "–": "-", "—": "-", "−": "-", "…": "...", "·": "|", "≥": ">="})


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


class _Page(FPDF):
    """An FPDF page with the report's font and helpers for single-line, clipped text."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        regular, bold = DEJAVU_DIR / "DejaVuSans.ttf", DEJAVU_DIR / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            self.add_font("DejaVu", "", str(regular))
            self.add_font("DejaVu", "B", str(bold))
            self.family_name, self.unicode = "DejaVu", True
        else:
            self.family_name, self.unicode = "Helvetica", False
        self.add_page()

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family_name, "B" if bold else "", size)

    def clean(self, text: object) -> str:
        text = str(text)
        return text if self.unicode else text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")

    def fit(self, text: object, width: float) -> str:
        """Return the text cut with an ellipsis to fit `width` mm in the current font."""
        text = self.clean(text)
        if self.get_string_width(text) <= width:
            return text
        dots = "…" if self.unicode else "..."
        while text and self.get_string_width(text + dots) > width:
            text = text[:-1]
        return text.rstrip() + dots

    def text_at(self, x: float, y: float, width: float, text: object, size: float = 7.5, bold: bool = False,
                align: str = "L", color: tuple[int, int, int] = (0, 0, 0), height: float = LINE) -> None:
        self.font(size, bold)
        self.set_text_color(*color)
        self.set_xy(x, y)
        self.cell(width, height, self.fit(text, width - 0.4), align=align)

    def wrap(self, text: str, width: float, max_lines: int = 2) -> list[str]:
        """Split a comma-separated list into at most `max_lines` lines of `width` mm (the last one clipped)."""
        lines: list[str] = []
        for part in self.clean(text).split(", "):
            if lines and self.get_string_width(lines[-1] + ", " + part) <= width:
                lines[-1] += ", " + part
            elif lines and len(lines) == max_lines:
                lines[-1] = self.fit(lines[-1] + ", " + part, width)
                break
            else:
                lines[-1:] = [lines[-1] + ","] if lines else []
                lines.append(part)
        return lines or [""]

    def heading(self, x: float, y: float, width: float, text: str) -> float:
        self.text_at(x, y, width, text, size=9.5, bold=True, height=5)
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.3)
        self.line(x, y + 5.2, x + width, y + 5.2)
        return y + 6.4

    def badge(self, x: float, y: float, text: str, color: str, size: float = 8.5, height: float = 5.0) -> float:
        """Draw the rating label on its colour (never colour alone); return the badge's width."""
        self.font(size, True)
        width = self.get_string_width(self.clean(text)) + 4
        self.set_fill_color(*_rgb(color))
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.2)
        self.rect(x, y, width, height, style="DF")
        self.set_text_color(*_rgb(text_color_for(color)))
        self.set_xy(x, y)
        self.cell(width, height, self.clean(text), align="C")
        self.set_text_color(0, 0, 0)
        return width

    def picture(self, png: bytes, x: float, y: float, max_w: float, max_h: float) -> float:
        """Place a PNG inside the box keeping its proportions; return the height used."""
        from PIL import Image

        with Image.open(io.BytesIO(png)) as image:
            px_w, px_h = image.size
        width = min(max_w, max_h * px_w / px_h)
        height = width * px_h / px_w
        self.image(io.BytesIO(png), x=x, y=y, w=width, h=height)
        return height


def compress_codes(codes) -> str:
    """Return indicator codes with runs shortened: I21, I22, I23, I25 → "I21–I23, I25" (framework order kept)."""
    parts: list[list] = []
    for code in codes:
        prefix, digits = code.rstrip("0123456789"), code[len(code.rstrip("0123456789")):]
        if not digits:
            parts.append([code, None, None])
            continue
        number = int(digits)
        last = parts[-1] if parts else None
        if last and last[1] == prefix and last[2] is not None and number == last[2][1] + 1:
            last[2] = (last[2][0], number)
        else:
            parts.append([code, prefix, (number, number)])
    out = []
    for code, prefix, span in parts:
        if span is None or span[0] == span[1]:
            out.append(code if span is None else f"{prefix}{span[0]}")
        else:
            out.append(f"{prefix}{span[0]}–{prefix}{span[1]}")
    return ", ".join(out)


def t_col(report: AgencyReport, key: str) -> str:
    """Return a column title (`col.*`) in the report's language."""
    return report.text(f"col.{key}")


# Rank moves in the PDF: the profile's green and red (dark enough to print).
MOVE_RGB = {"up": (27, 127, 59), "down": (198, 40, 40)}


def write_report_pdf(report: AgencyReport, pngs: dict[str, bytes] | None = None) -> bytes:
    """Return the report as an A4 PDF: one page, and the full action plan after it when it is longer (charts rendered now unless `pngs` are given)."""
    pngs = render_charts(report) if pngs is None else pngs
    text, lang, fw, year = report.text, report.lang, report.framework, report.year
    pdf = _Page()
    pdf.set_title(f"{text('report.title', year=year, framework=report.framework_title())} · {report.name}")
    pdf.set_author("Tera")
    pdf.set_lang(lang)
    pdf.set_creator("Tera (fpdf2)")

    y = MARGIN
    if report.sample:
        pdf.set_fill_color(255, 243, 176)
        pdf.rect(MARGIN, y, CONTENT_W, 5.5, style="F")
        pdf.text_at(MARGIN + 1, y + 0.5, CONTENT_W - 2, text("report.sample"), size=8, bold=True, height=4.5)
        y += 7
    pdf.text_at(MARGIN, y, CONTENT_W, text("report.title", year=year, framework=report.framework_title()), size=10, color=(60, 60, 60), height=5)
    pdf.text_at(MARGIN, y + 5, CONTENT_W, report.name, size=17, bold=True, height=8)
    type_label = report.text(f"type.{report.type_slug}")
    pdf.text_at(MARGIN, y + 13.5, CONTENT_W, text("report.subtitle", type=type_label, place=report.place,
                                                  code=report.code), size=9, height=4.5)
    y += 20

    # Key figures: index with rating, national rank, rank among the type, rank in the province.
    boxes = [(text("report.index"), fmt_index(report.index, year, fw, lang), None)]
    change = None
    if report.rank_change is not None and report.previous_year is not None:
        move = compute_rank_move(report.rank_change, lang)
        change = (text("report.change", delta=move.short, year=report.previous_year), move.direction) if move else None
    boxes.append((text("report.rank_national"), f"{fmt_number(report.rank, 0, lang)} / {fmt_number(report.ranked, 0, lang)}", change))
    boxes.append((text("report.rank_type", type=type_label), f"{fmt_number(report.rank_type, 0, lang)} / {report.type_count}", None))
    if report.rank_province is not None:
        boxes.append((text("report.rank_province", province=report.place),
                      f"{report.rank_province} / {report.province_count}", None))
    gap = 3.0
    box_w = (CONTENT_W - gap * (len(boxes) - 1)) / len(boxes)
    for i, (label, value, note) in enumerate(boxes):
        x = MARGIN + i * (box_w + gap)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.rect(x, y, box_w, 17)
        pdf.text_at(x + 2, y + 1.2, box_w - 4, label, size=7.5, height=3.6)
        pdf.text_at(x + 2, y + 5, box_w - 4, value, size=15, bold=True, height=7)
        if i == 0:
            pdf.font(15, True)
            pdf.badge(x + 4 + pdf.get_string_width(value), y + 6, report.band.text(lang), report.band.color)
        if note:
            words, direction = note
            # A fall is red and a rise green, as on the profile page; the words carry it without colour too.
            pdf.text_at(x + 2, y + 12.4, box_w - 4, words, size=7, height=3.4, bold=True,
                        color=MOVE_RGB.get(direction, (60, 60, 60)))
    y += 20

    # Between rounds: what changed and why (one sentence), and the commitments due.
    for line_text in (report.change_text, report.commitments_text):
        if line_text:
            pdf.font(7.2)
            for line in pdf.wrap(pdf.clean(line_text), CONTENT_W, max_lines=2):
                pdf.text_at(MARGIN, y, CONTENT_W, line, size=7.2, height=3.4)
                y += 3.4
            y += 0.6

    # Domain and aspect bars: the profile page's chart, peer median tick and national target line.
    half = (CONTENT_W - 4) / 2
    top = y
    left_h = right_h = 0.0
    columns = has_chart_columns(report) and {"aspects", "indicators"} <= set(pngs)
    side_by_side = "aspects" not in pngs and {"domains", "indicators"} <= set(pngs) and len(fw.top_nodes) > MAX_STACKED_NODES
    if columns:
        y = _chart_columns(pdf, report, pngs, y)
    elif side_by_side:
        # Many top-level nodes and no chart of a second level (nine aspects over their indicators): the bars and
        # the indicator strip, both tall, share the width at the height the two took stacked, so neither is a sliver.
        pdf.heading(MARGIN, y, half - 2, text("report.level_scores", level=level_word(fw, 1, lang)))
        left_h = 6.4 + pdf.picture(pngs["domains"], MARGIN, y + 6.6, half - 2, SIDE_BY_SIDE_H)
        pdf.heading(MARGIN + half + 2, y, half + 2, text("report.indicators"))
        right_h = 6.4 + pdf.picture(pngs["indicators"], MARGIN + half + 2, y + 6.6, half + 2, SIDE_BY_SIDE_H)
        y = top + max(left_h, right_h) + 0.8
        y = _chart_notes(pdf, report, y) + 0.2
        left_h = right_h = 0.0  # both drawn: nothing for the stacked layout below
    elif "domains" in pngs:
        pdf.heading(MARGIN, y, half - 8, text("report.level_scores", level=level_word(fw, 1, lang)))
        left_h = 6.4 + pdf.picture(pngs["domains"], MARGIN, y + 6.6, half - 8, 52)
    if "aspects" in pngs and not columns:
        x = MARGIN + half - 4
        pdf.heading(x, y, half + 8, text("report.level_scores", level=level_word(fw, 2, lang)))
        right_h = 6.4 + pdf.picture(pngs["aspects"], x, y + 6.6, half + 8, 52)
    if left_h or right_h:
        y = top + max(left_h, right_h) + 0.8
        pdf.text_at(MARGIN, y, CONTENT_W, text("report.bars_note"), size=MIN_PT, color=(40, 40, 40), height=3.2)
        y += 4.2

    # The indicator strip (unless drawn beside the bars above).
    if side_by_side or columns:
        pass  # drawn beside the bars
    elif "indicators" in pngs:
        y = pdf.heading(MARGIN, y, CONTENT_W, text("report.indicators"))
        used = pdf.picture(pngs["indicators"], MARGIN, y + 0.4, CONTENT_W, 64)
        pdf.text_at(MARGIN, y + used + 0.4, CONTENT_W, text("report.indicators_note", level=level_word(fw, max(fw.depth - 1, 1), lang)), size=MIN_PT, color=(40, 40, 40),
                    height=3.2)
        y += used + 4.6
    else:
        y = pdf.heading(MARGIN, y, CONTENT_W, text("report.indicators"))
        pdf.text_at(MARGIN, y, CONTENT_W, text("report.no_data"))
        y += LINE + 1.5

    # Path (left) and strengths and weaknesses (right).
    top = y
    left_w, right_w = CONTENT_W * 0.53, CONTENT_W * 0.44
    right_x = MARGIN + CONTENT_W - right_w
    y_left = pdf.heading(MARGIN, top, left_w, text("report.path"))
    steps = report.steps
    if steps is None:
        pdf.text_at(MARGIN, y_left, left_w, text("instansi.path_incomplete") if not report.levels.empty
                    else text("report.no_data"))
        y_left += LINE
    elif steps.empty:
        pdf.text_at(MARGIN, y_left, left_w, text("instansi.path_top"))
        y_left += LINE
    else:
        goal = fw.rating_for(steps["index_after"].iloc[-1], year)
        intro = text("report.path_intro", steps=int(steps["raises"].sum()), rating=goal.text(lang))
        pdf.font(7, True)
        goal_w = pdf.get_string_width(pdf.clean(goal.text(lang))) + 4
        pdf.text_at(MARGIN, y_left, left_w - goal_w - 1.5, intro, size=7.5)
        pdf.font(7.5)
        pdf.badge(MARGIN + min(pdf.get_string_width(pdf.clean(intro)) + 1.5, left_w - goal_w), y_left - 0.3,
                  goal.text(lang), goal.color, size=7, height=4.2)
        y_left += LINE + 1
        for x, width, key, align in ((MARGIN + 6, left_w - 44, "indicator", "L"),
                                     (MARGIN + left_w - 38, 13, "level", "R"),
                                     (MARGIN + left_w - 25, 25, "after", "R")):
            label = report.text("report.index_after") if key == "after" else t_col(report, key)
            pdf.text_at(x, y_left, width, label, size=7, bold=True, align=align, color=(40, 40, 40))
        y_left += LINE
        for s in steps.head(MAX_STEPS).itertuples():
            pdf.text_at(MARGIN, y_left, 6, f"{s.step}.", bold=True)
            pdf.text_at(MARGIN + 6, y_left, left_w - 44, f"{s.code} {short_name(s.name, fw, lang)}")
            pdf.text_at(MARGIN + left_w - 38, y_left, 13, f"{level_text(fw, s.from_level)} → {level_text(fw, s.to_level)}", align="R")
            pdf.text_at(MARGIN + left_w - 25, y_left, 25, fmt_index(s.index_after, year, fw, lang), align="R")
            y_left += LINE
        if len(steps) > MAX_STEPS:
            pdf.text_at(MARGIN + 6, y_left, left_w - 6, text("report.more_steps_page", n=len(steps) - MAX_STEPS),
                        color=(40, 40, 40))
            y_left += LINE

    y_right = pdf.heading(right_x, top, right_w, text("report.sw", level=level_word(fw, max(fw.depth - 1, 1), lang)))
    if report.strengths.empty:
        pdf.text_at(right_x, y_right, right_w, text("report.no_data"))
        y_right += LINE
    else:
        none = text("report.none")
        widths = (11.5, 9.5, (right_w - 23) * 0.45, (right_w - 23) * 0.55)
        xs = [right_x + sum(widths[:i]) + (2 if i >= 2 else 0) for i in range(4)]
        for x, width, label, align in zip(xs, widths, (t_col(report, "aspect"), t_col(report, "score"),
                                                       text("report.strong"), text("report.weak")),
                                          "LRLL", strict=True):
            pdf.text_at(x, y_right, width, label, size=7, bold=True, align=align, color=(40, 40, 40))
        y_right += LINE
        for item in report.strengths.itertuples():
            strong_codes = compress_codes(c.split(" ", 1)[0] for c in item.strengths.split("; ") if c) or none
            weak_codes = compress_codes(c.split(" ", 1)[0] for c in f"{item.weaknesses}; {item.unanswered}".split("; ")
                                        if c.strip()) or none
            pdf.font(7.2)
            strong_lines = pdf.wrap(strong_codes, widths[2] - 0.6)
            weak_lines = pdf.wrap(weak_codes, widths[3] - 0.6)
            cells = (item.aspect.split(" ", 1)[0], fmt_number(item.score, fw.decimals, lang), strong_lines, weak_lines)
            for i, (x, width, value) in enumerate(zip(xs, widths, cells, strict=True)):
                for n, line in enumerate(value if isinstance(value, list) else [value]):
                    pdf.text_at(x, y_right + n * LINE * 0.85, width, line, size=7.2, bold=i == 0,
                                align="R" if i == 1 else "L")
            y_right += LINE * (1 + 0.85 * (max(len(strong_lines), len(weak_lines)) - 1))

    # Learning partners, one line per weak indicator.
    y = max(y_left, y_right) + 1.5
    y = pdf.heading(MARGIN, y, CONTENT_W, text("report.partners"))
    if report.partners.empty:
        pdf.text_at(MARGIN, y, CONTENT_W, text("instansi.no_partners"))
        y += LINE
    else:
        pdf.text_at(MARGIN, y, CONTENT_W, text("report.partners_note", type=type_label), size=7, color=(40, 40, 40))
        y += LINE
        for lines, (indicator, group) in enumerate(report.partners.groupby("indicator", sort=False)):
            if lines >= MAX_PARTNER_LINES or y + LINE > FOOTER_TOP:
                break
            code, name = indicator.split(" ", 1)
            who = "; ".join(f"{a} ({int(level)})" for a, level in zip(group["agency_name"], group["level"], strict=True))
            pdf.text_at(MARGIN, y, 72, f"{code} {short_name(name, fw, lang)}", bold=True)
            pdf.text_at(MARGIN + 72, y, CONTENT_W - 72, who)
            y += LINE

    footer = text("report.footer", framework=fw.code, stage=report.text(f"stage.{report.stage}"),
                  as_of=report.as_of.strftime("%d-%m-%Y %H:%M") if hasattr(report.as_of, "strftime") else "–",
                  made=made_at())
    _footer(pdf, footer)
    if steps is not None and len(steps) > MAX_STEPS:
        _action_plan_pages(pdf, report, steps, footer)
    return bytes(pdf.output())


def _chart_columns(pdf: _Page, report: AgencyReport, pngs: dict[str, bytes], y: float) -> float:
    """Draw the domain and aspect bars down the left column and the indicator strip in the right, each chart as wide
    as its column (their pixels were sized for it: no text under 7 pt); return the y below both and their notes."""
    text, lang, fw = report.text, report.lang, report.framework
    y_left, strip_x = y, MARGIN + CONTENT_W - STRIP_COLUMN_MM
    for depth, key in ((1, "domains"), (2, "aspects")):
        if key in pngs:
            y_left = pdf.heading(MARGIN, y_left, BARS_COLUMN_MM, text("report.level_scores", level=level_word(fw, depth, lang)))
            y_left += pdf.picture(pngs[key], MARGIN, y_left + 0.2, BARS_COLUMN_MM, PAGE_H) + 1.0
    y_right = pdf.heading(strip_x, y, STRIP_COLUMN_MM, text("report.indicators"))
    y_right += pdf.picture(pngs["indicators"], strip_x, y_right + 0.2, STRIP_COLUMN_MM, PAGE_H) + 1.0
    return _chart_notes(pdf, report, max(y_left, y_right))


def _chart_notes(pdf: _Page, report: AgencyReport, y: float) -> float:
    """Write what the bars' marks and the strip's cells mean, a line each at 7 pt; return the y below them."""
    level = level_word(report.framework, max(report.framework.depth - 1, 1), report.lang)
    for note in (report.text("report.bars_note"), report.text("report.indicators_note", level=level)):
        pdf.text_at(MARGIN, y, CONTENT_W, note, size=MIN_PT, color=(40, 40, 40), height=3.2)
        y += 3.4
    return y + 1.0


def _footer(pdf: _Page, footer: str) -> None:
    pdf.set_draw_color(0, 0, 0)
    pdf.line(MARGIN, FOOTER_TOP + 1, PAGE_W - MARGIN, FOOTER_TOP + 1)
    pdf.text_at(MARGIN, PAGE_H - MARGIN - 4, CONTENT_W, footer, size=MIN_PT, color=(40, 40, 40), height=3.4)


def _action_plan_pages(pdf: _Page, report: AgencyReport, steps, footer: str) -> None:
    """Write the whole action plan (every indicator to raise) on the next page(s), with the first page's columns."""
    text, lang, fw, year = report.text, report.lang, report.framework, report.year
    columns = ((MARGIN, 8, "#", "L"), (MARGIN + 8, CONTENT_W - 92, "indicator", "L"),
               (MARGIN + CONTENT_W - 82, 22, "level", "R"), (MARGIN + CONTENT_W - 58, 32, "gain", "R"),
               (MARGIN + CONTENT_W - 24, 24, "after", "R"))
    rows = list(steps.itertuples())
    while rows:
        pdf.add_page()
        y = pdf.heading(MARGIN, MARGIN, CONTENT_W, text("report.plan_title", name=report.name))
        for x, width, key, align in columns:
            labels = {"#": "", "after": text("report.index_after"), "gain": t_col(report, "index_gain")}
            label = labels[key] if key in labels else t_col(report, key)
            pdf.text_at(x, y, width, label, size=7.5, bold=True, align=align, color=(40, 40, 40))
        y += LINE + 0.5
        while rows and y + LINE <= FOOTER_TOP - 1:
            s = rows.pop(0)
            cells = (f"{s.step}.", f"{s.code} {s.name}", f"{level_text(fw, s.from_level)} → {level_text(fw, s.to_level)}",
                     "+" + fmt_number(s.index_gain, fw.decimals, lang), fmt_index(s.index_after, year, fw, lang))
            for (x, width, _key, align), value in zip(columns, cells, strict=True):
                pdf.text_at(x, y, width, value, size=7.5, bold=_key == "#", align=align)
            y += LINE + 0.4
        _footer(pdf, footer)
