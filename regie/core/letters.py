"""Letters on A4 (ReportLab), for people Regie reaches on paper.

A letter is drawn onto a canvas, so the print queue can put many letters and
cards in one PDF. Fonts, determinism and compression follow core.pdf.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Spacer, Table, TableStyle

from . import pdf

MARGIN = 25 * mm


@dataclass
class Letter:
    recipient: list[str]  # name, street, postcode and place
    sender: str  # who sends it (organisation, consultant)
    date: datetime.date
    subject: str
    paragraphs: list[str]
    # Label and value pairs printed large in a box: the address to type, the code.
    box: list[tuple[str, str]] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


def split_text(text: str) -> tuple[str, list[str]]:
    """A rendered letter template: the first line is the subject, blank lines part paragraphs."""
    lines = text.strip().splitlines()
    subject = lines[0].strip() if lines else ""
    body = "\n".join(lines[1:]).strip()
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    return subject, paragraphs


def _styles() -> dict[str, ParagraphStyle]:
    base = pdf.styles()
    return {
        **base,
        "body": ParagraphStyle(
            "letter", parent=base["body"], fontSize=11, leading=15, spaceAfter=6
        ),
        "address": ParagraphStyle("address", parent=base["body"], fontSize=11, leading=14),
        "boxvalue": ParagraphStyle(
            "boxvalue", parent=base["body"], fontName=pdf.FONT_BOLD, fontSize=15, leading=20
        ),
    }


def _box(rows: list[tuple[str, str]], styles: dict[str, ParagraphStyle], width: float) -> Table:
    data = [
        [Paragraph(escape(label), styles["body"]), Paragraph(escape(value), styles["boxvalue"])]
        for label, value in rows
    ]
    table = Table(data, colWidths=[width * 0.38, width * 0.62], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def draw_letter(canvas: Canvas, letter: Letter) -> None:
    """Draw `letter` on the canvas, on as many pages as it needs."""
    pdf.register_fonts()
    styles = _styles()
    width, height = A4
    usable = width - 2 * MARGIN
    story: list = [
        Paragraph(escape(letter.sender), styles["cell"]),
        Spacer(1, 14 * mm),
        *[Paragraph(escape(line), styles["address"]) for line in letter.recipient if line],
        Spacer(1, 14 * mm),
        Paragraph(escape(letter.date.strftime("%d-%m-%Y")), styles["address"]),
        Spacer(1, 6 * mm),
        Paragraph(escape(letter.subject), styles["h2"]),
        Spacer(1, 4 * mm),
        *[Paragraph(escape(p), styles["body"]) for p in letter.paragraphs],
    ]
    if letter.box:
        story += [Spacer(1, 4 * mm), _box(letter.box, styles, usable), Spacer(1, 6 * mm)]
    story += [Paragraph(escape(p), styles["body"]) for p in letter.closing]
    while story:
        frame = Frame(MARGIN, MARGIN, usable, height - 2 * MARGIN, showBoundary=0)
        frame.addFromList(story, canvas)
        canvas.showPage()


def new_canvas(buffer: io.BytesIO, *, title: str) -> Canvas:
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    canvas.setTitle(title)
    canvas.setAuthor("Regie")
    canvas.setCreator("Regie")
    return canvas


def letters_pdf(letters: list[Letter], *, title: str) -> bytes:
    out = io.BytesIO()
    canvas = new_canvas(out, title=title)
    for letter in letters:
        draw_letter(canvas, letter)
    canvas.save()
    return out.getvalue()
