"""The erasure certificate as an A4 PDF: what went, when, by whom, under
which request. It holds no personal data: the person is named by the
pseudonym the access log uses."""

from __future__ import annotations

import datetime
import io

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from regie.core import pdf

from ..models import ErasureCertificate
from .shredders import KINDS


def certificate_pdf(certificate: ErasureCertificate) -> bytes:
    request = certificate.request
    buffer = io.BytesIO()
    title = _("Erasure certificate")
    doc = pdf.document(buffer, title=title, author="Regie")
    style = pdf.styles()

    def when(value: datetime.datetime) -> str:
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")

    facts = [
        (_("Certificate"), str(certificate.uuid)),
        (_("Request"), str(request.uuid)),
        (_("Asked on"), when(request.requested_at)),
        (_("Asked"), str(request.get_via_display())),
        (_("Erase before"), formats.date_format(request.due_on, "DATE_FORMAT")),
        (_("Erased on"), when(certificate.executed_at)),
        (_("Reason"), str(certificate.get_reason_display())),
        (
            _("Erased by (person number)"),
            str(certificate.executed_by.uuid)
            if certificate.executed_by is not None
            else _("the daily retention job"),
        ),
        (_("Role"), certificate.executed_as),
        (_("Pseudonym of the person"), str(certificate.subject_uuid)),
    ]
    story: list[Flowable] = [Paragraph(title, style["title"]), Spacer(1, 8)]
    story.append(pdf.table([(_("What"), ""), *facts], [60 * mm, 110 * mm]))
    story.append(Paragraph(_("What was erased"), style["h2"]))
    rows = [(str(KINDS.get(kind, kind)), count) for kind, count in certificate.erased.items()]
    story.append(pdf.table([(_("Kind of data"), _("Number")), *rows], [130 * mm, 40 * mm]))
    story.append(Paragraph(_("What was kept"), style["h2"]))
    story.append(
        Paragraph(
            _(
                "The access log keeps its rows for at least five years, as the law "
                "(NEN 7513) requires. They name the person only by the pseudonym above. "
                "The person's record stays as an empty pseudonym, so that other people's "
                "records that point to it stay whole."
            ),
            style["body"],
        )
    )
    doc.build(story)
    return buffer.getvalue()
