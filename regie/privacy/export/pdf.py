"""A readable A4 copy of a person's data (ReportLab), from `collect()`'s data.

Headings are plain words; the plan's sections use the plan's own titles;
every value is escaped before ReportLab's mini-markup sees it.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from regie.core import pdf
from regie.crisiscard import schema

Data = dict[str, Any]


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _pairs(rows: list[tuple[str, object]], style: ParagraphStyle) -> list[Flowable]:
    return [
        _p(f"{label}: {value}", style) for label, value in rows if value not in ("", None, [], {})
    ]


def _plan_lines(content: dict[str, Any]) -> list[tuple[str, str]]:
    """(heading, text) for every filled-in field of a plan, in the plan's order."""
    lines: list[tuple[str, str]] = []

    def fields(section: schema.Section, values: dict[str, Any], prefix: str) -> None:
        for spec in section.fields:
            raw = values.get(spec.key)
            if raw in ("", None, False):
                continue
            text = _("yes") if spec.kind == "bool" else str(raw)
            lines.append((f"{prefix}{spec.label}", text))

    for section in schema.SECTIONS:
        value = content.get(section.key)
        if section.repeated:
            for index, item in enumerate(value or [], start=1):
                fields(section, item, f"{section.title} {index} – ")
        elif section.subsections:
            for key, title in section.subsections:
                fields(section, (value or {}).get(key) or {}, f"{title} – ")
        else:
            fields(section, value or {}, f"{section.title} – ")
    return lines


def _requests(requests: list[Data], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [_p(_("Your crisis card"), s["h2"])]
    if not requests:
        story.append(_p(_("You have no request for a crisis card."), s["body"]))
    for request in requests:
        story.append(_p(_("Request from %(date)s") % {"date": request["applied_at"][:10]}, s["h2"]))
        story += _pairs(
            [
                (_("State"), request["state"]),
                (_("Region"), request["region"]),
                (_("Consultant"), request["consultant"]),
                (_("Your wishes"), request["wishes"]),
            ],
            s["body"],
        )
        for conversation in request["conversations"]:
            story.append(
                _p(
                    _("Conversation on %(date)s (%(minutes)s minutes)")
                    % {
                        "date": conversation["occurred_on"],
                        "minutes": conversation["duration_minutes"],
                    },
                    s["body"],
                )
            )
            story += _pairs(
                [(_("Notes"), conversation["notes"]), (_("Outcome"), conversation["outcome"])],
                s["cell"],
            )
        plan = request["plan"]
        if plan is not None:
            for version in plan["versions"]:
                story.append(
                    _p(
                        _("Your plan, version %(number)s (%(date)s)")
                        % {"number": version["number"], "date": version["established_at"][:10]},
                        s["h2"],
                    )
                )
                story += [_p(f"{h}: {t}", s["cell"]) for h, t in _plan_lines(version["content"])]
            story.append(_p(_("Your plan as it is being written now"), s["h2"]))
            story += [_p(f"{h}: {t}", s["cell"]) for h, t in _plan_lines(plan["draft"])]
        for party in request["parties"]:
            story.append(_p(_("In your plan: %(name)s") % {"name": party["name"]}, s["body"]))
            for signature in party["signatures"]:
                story.append(
                    _p(
                        _("Signature on version %(number)s: %(status)s")
                        % {"number": signature["plan_version"], "status": signature["status"]},
                        s["cell"],
                    )
                )
        for grant in request["sharing_grants"]:
            who = grant["party"] or grant["responder_type"]
            story.append(
                _p(
                    _("%(who)s may read: %(sections)s")
                    % {"who": who, "sections": ", ".join(grant["sections"]) or "–"},
                    s["cell"],
                )
            )
        for card in request["cards"]:
            story.append(
                _p(
                    _("Card %(number)s: %(status)s")
                    % {"number": card["number"], "status": card["status"]},
                    s["body"],
                )
            )
    return story


def _cases(cases: list[Data], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [_p(_("Your recovery work"), s["h2"])]
    if not cases:
        story.append(_p(_("You have no recovery work in Regie."), s["body"]))
    for case in cases:
        story.append(
            _p(
                _("Recovery work with %(organisation)s since %(date)s")
                % {"organisation": case["organisation"], "date": case["opened_on"]},
                s["h2"],
            )
        )
        for member in case["team"]:
            story.append(_p(f"{member['name']} ({member['team_role']})", s["cell"]))
        for goal in case["goals"]:
            story.append(_p(_("Goal: %(text)s") % {"text": goal["description"]}, s["body"]))
            for action in goal["actions"]:
                story.append(_p(f"– {action['description']} ({action['status']})", s["cell"]))
        for assessment in case["wheel"]:
            scores = ", ".join(f"{x['life_area']} {x['score']}" for x in assessment["scores"])
            story.append(
                _p(
                    _("Wheel on %(date)s: %(scores)s")
                    % {"date": assessment["assessed_on"], "scores": scores},
                    s["cell"],
                )
            )
        for contact in case["contacts"]:
            story.append(
                _p(
                    _("Contact on %(date)s: %(notes)s")
                    % {"date": contact["occurred_on"], "notes": contact["notes"] or "–"},
                    s["cell"],
                )
            )
    return story


def data_pdf(data: Data) -> bytes:
    """The person's data as a readable PDF."""
    s = pdf.styles()
    person = data["person"]
    name = f"{person['first_name']} {person['last_name']}".strip()
    buffer = io.BytesIO()
    doc = pdf.document(buffer, title=_("Your data in Regie"), author="Regie")
    story: list[Flowable] = [
        _p(_("Your data in Regie"), s["title"]),
        _p(_("This is everything Regie keeps about %(name)s.") % {"name": name}, s["body"]),
        _p(_("Made on %(date)s.") % {"date": data["generated_at"][:10]}, s["body"]),
        Spacer(0, 6),
        _p(_("Your details"), s["h2"]),
        *_pairs(
            [
                (_("Name"), name),
                (_("E-mail address"), person["email"]),
                (_("Phone number"), person["phone"]),
                (_("Address"), person["address"]),
                (_("Postcode"), person["postcode"]),
                (_("Place"), person["city"]),
                (_("Language"), person["preferred_language"]),
                (_("Date of birth"), person["date_of_birth"]),
            ],
            s["body"],
        ),
    ]
    for change in data["details_history"]:
        story.append(
            _p(
                _("Changed on %(date)s by %(who)s: %(fields)s")
                % {
                    "date": change["changed_at"][:10],
                    "who": change["changed_by"] or "–",
                    "fields": ", ".join(change["changed_fields"]),
                },
                s["cell"],
            )
        )
    story += _requests(data["crisis_card"]["requests"], s)
    story += _cases(data["recovery"]["cases"], s)
    story.append(_p(_("Who looked at your data"), s["h2"]))
    for event in data["access_log"]:
        story.append(
            _p(
                f"{event['occurred_at'][:16].replace('T', ' ')} – {event['who'] or event['organisation'] or '–'}"
                f" ({event['role'] or '–'}): {event['action']} – {event['what']}",
                s["cell"],
            )
        )
    doc.build(story)
    return buffer.getvalue()
