"""The visitation's evidence pack as an A4 PDF (ReportLab), in the active language.

Anonymous figures only: the region's quality indicators for the visitation's
period, the number of reviews, the findings and the follow-up actions. No
participant appears by name. The Vera fonts shipped with ReportLab are
embedded (diacritics print); output is uncompressed and deterministic.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from regie.core.pdf import document, styles, table

from .models import Visitation
from .selectors.quality import Indicators


def _date(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _percent(part: int, whole: int) -> str:
    if not whole:
        return _("none yet")
    return _("%(percent)d%% (%(part)d of %(whole)d)") % {
        "percent": round(100 * part / whole),
        "part": part,
        "whole": whole,
    }


def _number(value: float | None) -> str:
    return _("none yet") if value is None else f"{value:.1f}".replace(".", ",")


def evidence_pack_pdf(
    visitation: Visitation, indicators: Indicators, reviews: dict[str, int]
) -> bytes:
    """The pack: region, period, indicators, funnel, reviews, findings and actions."""
    style = styles()
    region = visitation.region.name
    title = _("Evidence pack %(region)s") % {"region": region}
    buffer = io.BytesIO()
    doc = document(buffer, title=title, author=region)
    width = doc.width
    wide = [width * 0.65, width * 0.35]
    story: list[object] = [
        Paragraph(escape(title), style["title"]),
        Paragraph(
            escape(
                _("Visitation on %(date)s by %(visitors)s. Period %(start)s to %(end)s.")
                % {
                    "date": _date(visitation.visited_on),
                    "visitors": visitation.visitors,
                    "start": _date(visitation.period_start),
                    "end": _date(visitation.period_end),
                }
            ),
            style["body"],
        ),
        Paragraph(escape(_("Anonymous figures only: no names of participants.")), style["body"]),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Quality indicators")), style["h2"]),
        table(
            [
                [_("Indicator"), _("Value")],
                [
                    _("Lead time from application to card (mean, days)"),
                    _number(indicators.lead_time_days),
                ],
                [_("Cards issued in the period"), indicators.lead_time_cards],
                [
                    _("Started trajectories that ended in a card"),
                    _percent(indicators.with_card, indicators.started),
                ],
                [
                    _("Evaluations done on time"),
                    _percent(indicators.evaluations.part, indicators.evaluations.whole),
                ],
                [
                    _("Cards still reliable (less than 18 months old)"),
                    _percent(indicators.reliable.part, indicators.reliable.whole),
                ],
                [_("Conversations per card"), _number(indicators.conversations_per_card)],
            ],
            wide,
        ),
        Paragraph(escape(_("From start to card")), style["h2"]),
        table(
            [
                [_("Step"), _("Trajectories")],
                [_("Started (consultant matched)"), indicators.started],
                [_("At least one conversation"), indicators.had_conversation],
                [_("Plan established"), indicators.plan_established],
                [_("Card issued"), indicators.with_card],
            ],
            wide,
        ),
    ]
    if indicators.stopped:
        story += [
            Paragraph(escape(_("Why trajectories stopped")), style["h2"]),
            table([[_("Reason"), _("Trajectories")], *map(list, indicators.stopped)], wide),
        ]
    story += [
        Paragraph(escape(_("Four-eyes reviews in the period")), style["h2"]),
        table(
            [
                [_("Result"), _("Reviews")],
                [_("Passed"), reviews.get("passed", 0)],
                [_("Sent back with comments"), reviews.get("failed", 0)],
            ],
            wide,
        ),
        Paragraph(escape(_("Findings")), style["h2"]),
        Paragraph(
            escape(visitation.findings or _("No findings recorded.")).replace("\n", "<br/>"),
            style["body"],
        ),
        Paragraph(escape(_("Follow-up actions")), style["h2"]),
    ]
    actions = list(visitation.actions.all())
    if actions:
        story.append(
            table(
                [[_("Action"), _("Due on"), _("Done on")]]
                + [
                    [
                        Paragraph(escape(a.description), style["cell"]),
                        _date(a.due_on),
                        _date(a.done_on) or _("open"),
                    ]
                    for a in actions
                ],
                [width * 0.6, width * 0.2, width * 0.2],
            )
        )
    else:
        story.append(Paragraph(escape(_("No follow-up actions recorded.")), style["body"]))
    doc.build(story)
    return buffer.getvalue()
