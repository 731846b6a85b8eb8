"""The visitation's evidence pack as an A4 PDF (ReportLab), in the active language.

Anonymous figures only: the region's quality indicators for the visitation's
period, the number of reviews, the findings and the follow-up actions. No
participant appears by name, and no small group can be told apart: counts go
through the reports' small-cell suppression (shown as "hidden"), percentages
and means are shown only for groups of at least ten. The Vera fonts shipped with ReportLab are
embedded (diacritics print); output is uncompressed and deterministic.
"""

from __future__ import annotations

import io
import itertools
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from regie.core.pdf import document, styles, table
from regie.reports.suppression import suppress_counts

from .models import Visitation
from .selectors import Indicators

# Counts below this are hidden, and percentages and means are shown only for
# groups at least this large (as in the regional reports).
MINIMUM = 10


def _date(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _hidden() -> str:
    return _("hidden")


def _shown(value: int | None) -> str:
    return _hidden() if value is None else str(value)


def _count(value: int) -> str:
    """One count on its own: hidden when it is small (zero is shown)."""
    return _shown(suppress_counts([value], minimum=MINIMUM).total)


def _percent(part: int, whole: int) -> str:
    """A share as a percentage, only for a group of at least MINIMUM."""
    if not whole:
        return _("none yet")
    if whole < MINIMUM:
        return _hidden()
    return f"{round(100 * part / whole)}%"


def _mean(value: float | None, group: int) -> str:
    """A mean over a group, only for a group of at least MINIMUM."""
    if value is None or not group:
        return _("none yet")
    if group < MINIMUM:
        return _hidden()
    return f"{value:.1f}".replace(".", ",")


def _funnel(stages: list[int]) -> list[int | None]:
    """The funnel's counts, each trajectory counted at the furthest step it reached.

    Those parts (stopped before the second step, before the third, ..., reached
    the last) add up to the started ones, so they are suppressed as one row of
    counts; a step's count is shown only when it follows from shown parts, so
    no hidden part can be worked out from two steps' difference. Should the
    steps not narrow (odd data), only zeros are shown.
    """
    if any(later > earlier for earlier, later in itertools.pairwise(stages)):
        return [0 if value == 0 else None for value in stages]
    parts = [a - b for a, b in itertools.pairwise(stages)] + [stages[-1]]
    table = suppress_counts(parts, minimum=MINIMUM)
    shown = table.cells[0]
    result: list[int | None] = []
    for k, value in enumerate(stages):
        from_rest = all(v is not None for v in shown[k:])
        from_total = table.total is not None and all(v is not None for v in shown[:k])
        result.append(value if from_rest or from_total else None)
    return result


def _stopped_rows(stopped: list[tuple[str, int]]) -> tuple[list[list[str]], bool]:
    """The stop reasons with a shown count, and whether any reason is left out."""
    table = suppress_counts([n for _reason, n in stopped], minimum=MINIMUM)
    rows = [
        [reason, str(n)]
        for (reason, _n), n in zip(stopped, table.cells[0], strict=True)
        if n is not None
    ]
    return rows, len(rows) < len(stopped)


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
    steps = [
        _("Started (consultant matched)"),
        _("At least one conversation"),
        _("Plan established"),
        _("Card issued"),
    ]
    funnel = _funnel(
        [
            indicators.started,
            indicators.had_conversation,
            indicators.plan_established,
            indicators.with_card,
        ]
    )
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
        Paragraph(
            escape(
                _(
                    "Numbers below %(minimum)s are shown as “hidden”, and sometimes a larger "
                    "number too, so that nobody can be recognised. Percentages and means are "
                    "shown only for groups of at least %(minimum)s."
                )
                % {"minimum": MINIMUM}
            ),
            style["body"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Quality indicators")), style["h2"]),
        table(
            [
                [_("Indicator"), _("Value")],
                [
                    _("Lead time from application to card (mean, days)"),
                    _mean(indicators.lead_time_days, indicators.lead_time_cards),
                ],
                [_("Cards issued in the period"), _count(indicators.lead_time_cards)],
                [
                    _("Started trajectories that ended in a card"),
                    _percent(indicators.with_card, indicators.started),
                ],
                [
                    _("Evaluations done on time"),
                    _percent(indicators.evaluations.part, indicators.evaluations.whole),
                ],
                [
                    _("Cards still reliable (checked with the holder in the last 18 months)"),
                    _percent(indicators.reliable.part, indicators.reliable.whole),
                ],
                [
                    _("Conversations per card"),
                    _mean(indicators.conversations_per_card, indicators.cards_for_conversations),
                ],
            ],
            wide,
        ),
        Paragraph(escape(_("From start to card")), style["h2"]),
        table(
            [[_("Step"), _("Trajectories")]]
            + [[label, _shown(value)] for label, value in zip(steps, funnel, strict=True)],
            wide,
        ),
    ]
    if indicators.stopped:
        stopped, left_out = _stopped_rows(indicators.stopped)
        story.append(Paragraph(escape(_("Why trajectories stopped")), style["h2"]))
        if stopped:
            story.append(table([[_("Reason"), _("Trajectories")], *stopped], wide))
        if left_out:
            story.append(
                Paragraph(
                    escape(
                        _(
                            "Some reasons are not listed: they concern too few trajectories "
                            "to show without anyone being recognisable."
                        )
                    ),
                    style["body"],
                )
            )
    decided = suppress_counts(
        [reviews.get("passed", 0), reviews.get("failed", 0)], minimum=MINIMUM
    ).cells[0]
    story += [
        Paragraph(escape(_("Four-eyes reviews in the period")), style["h2"]),
        table(
            [
                [_("Result"), _("Reviews")],
                [_("Passed"), _shown(decided[0])],
                [_("Sent back with comments"), _shown(decided[1])],
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
