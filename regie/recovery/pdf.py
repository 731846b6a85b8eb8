"""The quarter overview as an A4 PDF (ReportLab), in the active language.

Fonts, page and table layout come from `regie.core.pdf` (embedded Vera fonts,
deterministic and uncompressed: the same overview gives the same bytes).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from regie.core.pdf import document, styles, table

from .overview import QuarterOverview


def _change(value: float | None) -> str:
    if value is None:
        return _("too few to show")
    return f"{value:+.1f}".replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def overview_pdf(overview: QuarterOverview) -> bytes:
    """The overview on A4: organisation, quarter, case numbers and the per-area table."""
    style = styles()
    title = _("Progress overview %(quarter)s – %(organisation)s") % {
        "quarter": overview.label,
        "organisation": overview.organisation.name,
    }
    buffer = io.BytesIO()
    doc = document(buffer, title=title, author=overview.organisation.name)
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
        table(
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
            table(
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
        table(
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
