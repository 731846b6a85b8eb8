"""The anonymised input pack of a regional consultation as an A4 PDF (ReportLab).

Numbers only, each table already suppressed (`selectors.consultation`); a
hidden count prints as "fewer than 10" style text, never as a number. Fonts,
page and table layout come from `regie.core.pdf` (embedded Vera fonts,
deterministic and uncompressed output).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from regie.core import pdf

from .models import RegionalMeeting
from .selectors import InputPack


def _value(value: int | None) -> str:
    return _("hidden") if value is None else str(value)


def input_pack_pdf(meeting: RegionalMeeting, pack: InputPack) -> bytes:
    """The pack for a meeting: period, number of evaluations, and every count table."""
    style = pdf.styles()
    title = _("Input pack for %(title)s") % {"title": meeting.title}
    buffer = io.BytesIO()
    doc = pdf.document(buffer, title=title, author=meeting.region.name)
    width = doc.width
    story: list[object] = [
        Paragraph(escape(title), style["title"]),
        Paragraph(
            escape(
                _("%(region)s, consultation on %(date)s")
                % {"region": meeting.region.name, "date": meeting.held_on.strftime("%d-%m-%Y")}
            ),
            style["h2"],
        ),
        Paragraph(
            escape(
                _(
                    "From card holders' evaluations completed in %(quarter)s: from %(start)s "
                    "to %(end)s. Anonymised: coded answers only, never names or free text. "
                    "Numbers below %(minimum)d are hidden, and so are numbers that would let "
                    "someone work them out."
                )
                % {
                    "quarter": pack.quarter.label(),
                    "start": pack.start.strftime("%d-%m-%Y"),
                    "end": pack.end.strftime("%d-%m-%Y"),
                    "minimum": pack.minimum,
                }
            ),
            style["body"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            escape(_("Evaluations in the period: %(count)s") % {"count": _value(pack.evaluations)}),
            style["body"],
        ),
    ]
    for table in pack.tables:
        header = [_("What"), *[str(c) for c in table.columns]]
        rows: list[list[object]] = [
            [Paragraph(escape(str(row.label)), style["cell"]), *map(_value, row.values)]
            for row in table.rows
        ]
        if table.show_totals:
            rows.append([_("Total"), *([_value(table.total)] * len(table.columns))])
        label_width = 0.55 if len(table.columns) > 1 else 0.7
        other = (1 - label_width) / len(table.columns)
        story += [
            Paragraph(escape(str(table.title)), style["h2"]),
            Paragraph(escape(str(table.explanation)), style["body"]),
            Spacer(1, 2 * mm),
            pdf.table(
                [header, *rows], [width * label_width, *[width * other] * len(table.columns)]
            ),
        ]
    doc.build(story)
    return buffer.getvalue()
