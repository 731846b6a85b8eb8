"""What Regie's A4 documents share (ReportLab): fonts, styles, tables, the page.

The Vera TrueType fonts shipped with ReportLab are embedded, so Dutch
diacritics (é, ë, ï) print everywhere. Documents are deterministic
(`invariant`) and uncompressed: small, and the same content gives the same
bytes. The crisis card has its own font names and layout (`crisiscard.fit`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

FONT = "Vera"
FONT_BOLD = "Vera-Bold"
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"


def register_fonts(regular: str = FONT, bold: str = FONT_BOLD) -> None:
    """Register the Vera fonts under these names, once per process (safe to call
    before every document). The crisis card uses its own names (`crisiscard.fit`)."""
    if regular in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(regular, str(_FONT_DIR / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(bold, str(_FONT_DIR / "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold)


def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles by name: title, h2, body and cell (a table cell's text)."""
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=8
        ),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
    }


def table(rows: Sequence[Sequence[object]], widths: list[float]) -> Table:
    """A left-aligned table: bold header row repeated on every page, figures right-aligned."""
    result = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    return result


def document(buffer: BinaryIO, *, title: str, author: str) -> SimpleDocTemplate:
    """An A4 document with 20 mm margins writing into `buffer`; registers the fonts.

    `doc.width` is the width between the margins; `doc.build(story)` writes it.
    """
    register_fonts()
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=author,
        creator="Regie",
        initialFontName=FONT,
        invariant=1,
        pageCompression=0,
    )
