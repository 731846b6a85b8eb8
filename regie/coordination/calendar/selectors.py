"""What a person's calendar feed holds, gathered from the apps that plan their work.

- presentations: the information sessions they present (planned, held or
  cancelled, from a year back), while they may still present;
- evaluations due, as consultant: open yearly evaluations of issued cards on
  requests assigned to them in a region where they are consultant today;
- their own evaluation, as card holder: the open evaluation of their own card;
- quarterly meetings of the recovery teams they are invited to.

Events hold no more than a calendar needs (decisions/0048): a consultant's
evaluation names the participant by initials only.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from regie.core.policy import Actor
from regie.crisiscard.models import CardStatus, Evaluation
from regie.people.models import Person, Role
from regie.recovery.models import MeetingAttendance

from ..sessions import selectors as session_selectors
from ..sessions.access import may_present_somewhere
from ..sessions.models import InformationSession, SessionStatus
from .ical import FeedEvent
from .models import CalendarFeed

FEED_PAST_DAYS = 365


@dataclass
class FeedContent:
    events: list[FeedEvent] = field(default_factory=list)
    # Evaluations of other people's cards: each one is logged when fetched.
    evaluations_of_others: list[Evaluation] = field(default_factory=list)


def initials(person: Person) -> str:
    """'Anna van Dijk' → 'A.D.': the first letter of the first name and of the
    last word of the last name (Dutch prefixes such as 'van' are skipped)."""
    first = person.first_name.strip()[:1].upper()
    last_words = person.last_name.split()
    last = last_words[-1][:1].upper() if last_words else ""
    return "".join(f"{letter}." for letter in (first, last) if letter)


def _since() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)


def _all_day(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return day, day + datetime.timedelta(days=1)


def _session_event(session: InformationSession, url: str) -> FeedEvent:
    lines = [
        _("Audience: %(audience)s") % {"audience": session.get_audience_display()},
        _("Expected number of people: %(size)s") % {"size": session.expected_size},
    ]
    if session.organisation is not None:
        lines.append(_("Organisation: %(name)s") % {"name": session.organisation.name})
    return FeedEvent(
        # The bare UUID, as the hand-written feed had it: subscribed calendars
        # keep their events instead of showing each session twice.
        uid=str(session.uuid),
        sequence=session.ical_sequence,
        starts=session.starts_at,
        ends=session.starts_at + datetime.timedelta(minutes=session.duration_minutes),
        summary=session.topic,
        location=session.location,
        description="\n".join(lines),
        url=url,
        cancelled=session.status == SessionStatus.CANCELLED,
        stamp=session.created_at,
    )


def _consultant_evaluations(actor: Actor) -> list[Evaluation]:
    region_ids = [r.pk for r in actor.regions_for(Role.CONSULTANT)]
    if not region_ids:
        return []
    return list(
        Evaluation.objects.filter(
            completed_at__isnull=True,
            card__status=CardStatus.ISSUED,
            card__request__consultant=actor.person,
            card__request__region_id__in=region_ids,
            due_on__gte=_since(),
        )
        .select_related("card__request__participant")
        .order_by("due_on", "pk")
    )


def _own_evaluations(person: Person) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(
            completed_at__isnull=True,
            card__status=CardStatus.ISSUED,
            card__request__participant=person,
            due_on__gte=_since(),
        )
        .select_related("card")
        .order_by("due_on", "pk")
    )


def _evaluation_uid(evaluation: Evaluation) -> str:
    return f"evaluation-{evaluation.card.uuid}-{evaluation.due_on:%Y%m%d}@regie"


def _meetings(person: Person) -> list[MeetingAttendance]:
    return list(
        MeetingAttendance.objects.filter(person=person, meeting__held_on__gte=_since())
        .select_related("meeting__organisation")
        .order_by("meeting__held_on", "meeting__pk")
    )


def feed_content(actor: Actor, *, absolute_url: Callable[..., str]) -> FeedContent:
    """Everything in the feed of `actor.person` (the feed's owner), oldest first
    within each kind. `absolute_url(name, *args)` builds links back into Regie."""
    person = actor.person
    assert person is not None
    content = FeedContent()
    if may_present_somewhere(actor):
        for session in session_selectors.feed_sessions(person):
            url = absolute_url("coordination:session_detail", session.uuid)
            content.events.append(_session_event(session, url))
    for evaluation in _consultant_evaluations(actor):
        participant = evaluation.card.request.participant
        starts, ends = _all_day(evaluation.due_on)
        content.events.append(
            FeedEvent(
                uid=_evaluation_uid(evaluation),
                starts=starts,
                ends=ends,
                summary=_("Crisis card evaluation %(initials)s")
                % {"initials": initials(participant)},
            )
        )
        content.evaluations_of_others.append(evaluation)
    for evaluation in _own_evaluations(person):
        starts, ends = _all_day(evaluation.due_on)
        content.events.append(
            FeedEvent(
                uid=_evaluation_uid(evaluation),
                starts=starts,
                ends=ends,
                summary=_("Evaluation of your crisis card"),
            )
        )
    for attendance in _meetings(person):
        meeting = attendance.meeting
        starts, ends = _all_day(meeting.held_on)
        title = _("Joint quarterly meeting") if meeting.is_joint else _("Quarterly meeting")
        content.events.append(
            FeedEvent(
                uid=f"{meeting.uuid}@regie",
                starts=starts,
                ends=ends,
                summary=f"{title} {meeting.organisation.name}",
                url=absolute_url("recovery:meeting_detail", meeting.uuid),
            )
        )
    return content


def own_feed(person: Person) -> CalendarFeed | None:
    """The person's calendar feed, or None before they made one (one query)."""
    return CalendarFeed.objects.filter(person=person).first()
