"""The report as rows (for the page and the CSV), as charts, and as a PDF.

Hidden values are written as "hidden" on the page and in the PDF, and as
"hidden (privacy)" in the CSV. Only labels and counts leave this module: never free text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from regie.core.charts import Bar, bar_svg, funnel_svg

from .selectors import Report, Section


@dataclass(frozen=True)
class Row:
    label: str
    values: list[int | None]
    is_total: bool = False


def table_rows(section: Section) -> tuple[list[str], list[Row]]:
    """Column headings (after the row label) and rows, totals included where they mean something."""
    headings = list(section.column_labels)
    if section.show_row_totals:
        headings.append(_("Total"))
    rows = []
    for label, cells, total in section.rows():
        rows.append(Row(label, [*cells, total] if section.show_row_totals else list(cells)))
    if section.show_column_totals:
        totals = list(section.table.column_totals)
        if section.show_row_totals:
            totals.append(section.table.total)
        rows.append(Row(_("Total"), totals, is_total=True))
    return headings, rows


def charts(section: Section) -> list[SafeString]:
    """Accessible SVG charts of the section (hidden values drawn as hidden)."""
    if section.chart == "funnel":
        return [
            funnel_svg(
                [Bar(label, value) for label, value in section.funnel],
                title=_("Reached at least this step"),
            )
        ]
    if section.chart != "bar":
        return []
    if len(section.column_keys) == 1:
        return [
            bar_svg([Bar(label, value) for label, value in section.bars()], title=section.title)
        ]
    return [
        bar_svg(
            [Bar(label, cells[index]) for label, cells, _total in section.rows()],
            title=f"{section.title}: {column}",
        )
        for index, column in enumerate(section.column_labels)
    ]


def period_text(report: Report) -> str:
    """For example "Q3 2026 (July to September): 1 July 2026 up to and including 30 September 2026"."""
    return f"{report.quarter.label()}: {report.quarter.dates()}"


def filename(report: Report, extension: str) -> str:
    return f"report-{report.region.slug}-{report.quarter.key}.{extension}"


# Dutch Excel reads a CSV file by the regional list separator, ";", and needs the
# byte-order mark to read UTF-8. Always ";" (whatever the language): one format,
# which Dutch Excel opens as columns and LibreOffice and pandas read as well.
CSV_SEPARATOR = ";"
CSV_BOM = "\ufeff"


def hidden_csv_text() -> str:
    """What a hidden number says in the CSV: words, never an empty cell."""
    return _("hidden (privacy)")


def report_csv(report: Report) -> str:
    """One CSV for spreadsheets: section, row, column, value; hidden values in
    words, the explanation of hidden numbers in a last row. Starts with a UTF-8
    byte-order mark and separates columns with ";" (see CSV_SEPARATOR)."""
    out = io.StringIO()
    out.write(CSV_BOM)
    writer = csv.writer(out, delimiter=CSV_SEPARATOR)
    writer.writerow([_("section"), _("row"), _("column"), _("value")])
    hidden = hidden_csv_text()
    for section in report.sections:
        headings, rows = table_rows(section)
        for row in rows:
            for heading, value in zip(headings, row.values, strict=True):
                writer.writerow(
                    [section.title, row.label, heading, hidden if value is None else value]
                )
    writer.writerow([_("About hidden numbers"), suppression_text(report.minimum), "", ""])
    return out.getvalue()


def report_pdf(report: Report) -> bytes:
    """The report's tables on A4 (ReportLab), with the explanation of hidden numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from regie.core import pdf

    pdf.register_fonts()
    body = ParagraphStyle("body", fontName=pdf.FONT, fontSize=9, leading=12, spaceAfter=4)
    title = ParagraphStyle("title", parent=body, fontName=pdf.FONT_BOLD, fontSize=15, leading=19)
    heading = ParagraphStyle("heading", parent=body, fontName=pdf.FONT_BOLD, fontSize=11)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0)
    hidden = _("hidden")

    story = [
        Paragraph(escape(_("Report for %(region)s") % {"region": report.region.name}), title),
        Paragraph(escape(period_text(report)), body),
        Paragraph(escape(suppression_text(report.minimum)), body),
    ]
    for section in report.sections:
        headings, rows = table_rows(section)
        data = [[Paragraph("", cell)] + [Paragraph(escape(h), cell) for h in headings]]
        for row in rows:
            data.append(
                [Paragraph(escape(row.label), cell)]
                + [hidden if value is None else str(value) for value in row.values]
            )
        table = Table(data, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), pdf.FONT, 8),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [
            Spacer(1, 4 * mm),
            Paragraph(escape(section.title), heading),
            Paragraph(escape(section.explanation), body),
            table,
        ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=_("Report for %(region)s") % {"region": report.region.name},
        invariant=1,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    doc.build(story)
    return out.getvalue()


def suppression_text(minimum: int) -> str:
    return _(
        "Numbers below %(minimum)s are hidden, so that nobody can be recognised. Sometimes a "
        "larger number is hidden too: otherwise a hidden number could be worked out by "
        "subtracting from a total. Zero is always shown."
    ) % {"minimum": minimum}
