"""The quarter overview as an A4 PDF (ReportLab), in the active language.

The Vera TrueType fonts shipped with ReportLab are embedded, so Dutch
diacritics (é, ë, ï) print everywhere. Output is deterministic (`invariant`)
and uncompressed: small, and the same overview gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .overview import QuarterOverview

FONT = "Vera"
FONT_BOLD = "Vera-Bold"
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(_FONT_DIR / "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=8
        ),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
    }


def _table(rows: list[list[object]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
    table.setStyle(
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
    return table


def _change(value: float | None) -> str:
    if value is None:
        return _("too few to show")
    return f"{value:+.1f}".replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def overview_pdf(overview: QuarterOverview) -> bytes:
    """The overview on A4: organisation, quarter, case numbers and the per-area table."""
    _register_fonts()
    style = _styles()
    title = _("Progress overview %(quarter)s – %(organisation)s") % {
        "quarter": overview.label,
        "organisation": overview.organisation.name,
    }
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=overview.organisation.name,
        creator="Regie",
        initialFontName=FONT,
        invariant=1,
        pageCompression=0,
    )
    width = doc.width
    story: list[object] = [
        Paragraph(escape(overview.organisation.name), style["title"]),
        Paragraph(
            escape(
                _("Progress overview %(quarter)s (%(start)s to %(end)s)")
                % {
                    "quarter": overview.label,
                    "start": overview.start.strftime("%d-%m-%Y"),
                    "end": overview.end.strftime("%d-%m-%Y"),
                }
            ),
            style["h2"],
        ),
        Paragraph(
            escape(
                _(
                    "Anonymised: numbers only, no names. Areas with fewer than 3 cases are not shown."
                )
            ),
            style["body"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Cases")), style["h2"]),
        _table(
            [
                [_("What"), _("Number")],
                [_("Started in the quarter"), overview.started],
                [_("Open at the end of the quarter"), overview.active_at_end],
                [_("Closed in the quarter"), overview.closed],
            ],
            [width * 0.7, width * 0.3],
        ),
    ]
    reasons = [r for r in overview.closed_by_reason if r.count]
    if reasons:
        story += [
            Paragraph(escape(_("Closed, by reason")), style["h2"]),
            _table(
                [[_("Reason"), _("Number")]] + [[r.label, r.count] for r in reasons],
                [width * 0.7, width * 0.3],
            ),
        ]
    story += [
        Paragraph(escape(_("Movement on the wheel per life area")), style["h2"]),
        Paragraph(
            escape(
                _(
                    "The client's own scores (0–10): the latest score minus the first, "
                    "averaged over the cases with at least two scores."
                )
            ),
            style["body"],
        ),
        Spacer(1, 2 * mm),
        _table(
            [[_("Life area"), _("Cases"), _("Average change")]]
            + [
                [
                    Paragraph(escape(a.life_area.name), style["cell"]),
                    _("fewer than 3") if a.too_few else a.cases,
                    _change(a.average_change),
                ]
                for a in overview.areas
            ],
            [width * 0.5, width * 0.2, width * 0.3],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
