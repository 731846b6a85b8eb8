"""The participant's own actions in the portal, and the portal area's mails."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core import links, mail
from regie.core.policy import Actor
from regie.people.models import Person, Role
from regie.privacy.restriction import ensure_not_restricted

from .. import schema
from ..access import relation
from ..models import CardRequest, ChangeProposal, Conversation, ConversationKind, CrisisPlan
from .errors import CrisisCardError
from .transitions import STOPPED

MAX_PROPOSAL = schema.MAX_TEXT


def site_link(url_name: str, *args: object) -> str:
    """An absolute link on the public address (core.links)."""
    return links.absolute(reverse(url_name, args=args))


def send_after_commit(person: Person, template: str, context: dict[str, Any]) -> bool:
    """Mail `template` (core.mail) to the person in their preferred language, after commit.

    Returns False (and sends nothing) when the person has no e-mail address.
    """
    if not person.email:
        return False
    mail.send_after_commit(
        person.email,
        template,
        {"person": person, **context},
        language=person.preferred_language or settings.LANGUAGE_CODE,
    )
    return True


@transaction.atomic
def portal_propose(
    *, actor: Actor, request: CardRequest, text: str, section: str = ""
) -> ChangeProposal:
    """The participant proposes a change to their plan; the consultant takes it up.

    Who may: the participant of the request, while the request is open and has
    a plan. What changes: one ChangeProposal (status open), one access-log
    CREATE, and an e-mail to the consultant (after commit). Raises
    CrisisCardError for an empty or too long text, an unknown section, a
    stopped request or a request without a plan yet.
    """
    access = relation(actor, request)
    if access is None or not access.is_participant:
        raise CrisisCardError(_("You can only propose changes to your own plan."))
    ensure_not_restricted(request.participant_id)
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise CrisisCardError(_("Write what you would like to change."))
    if len(text) > MAX_PROPOSAL:
        raise CrisisCardError(
            _("Your text is too long. Keep it under %(max)d characters.") % {"max": MAX_PROPOSAL}
        )
    if section and section not in schema.SECTION_KEYS:
        raise CrisisCardError(_("Choose a part of the plan from the list."))
    if request.state in STOPPED:
        raise CrisisCardError(_("This request has stopped, so the plan cannot change anymore."))
    plan = CrisisPlan.objects.filter(request=request).first()
    if plan is None:
        raise CrisisCardError(
            _("There is no plan yet. Your consultant will start it with you in a conversation.")
        )
    plan_propose_change = _plan_service()
    if plan_propose_change is not None:
        # The plan area's service: the same checks, one access-log CREATE.
        proposal = plan_propose_change(actor=actor, plan=plan, section=section, text=text)
    else:
        assert actor.person is not None  # staff services: the access check needs a person
        proposal = ChangeProposal.objects.create(
            plan=plan, section=section, text=text, author=actor.person
        )
        record(
            actor=actor,
            action=Action.CREATE,
            purpose="crisiscard:portal_propose",
            object_type=ObjectType.CHANGE_PROPOSAL,
            object_id=proposal.pk,
            subject=request.participant,
            part=section or "plan",
            role=Role.PARTICIPANT,
        )
    consultant = request.consultant
    if consultant is not None:
        send_after_commit(
            consultant,
            "crisiscard/portal/emails/proposal",
            {"participant": request.participant, "request": request},
        )
    return proposal


def _plan_service() -> Callable[..., ChangeProposal] | None:
    """The plan area's propose_change, when it exists (built in parallel)."""
    try:
        from .plan import propose_change
    except ImportError:  # pragma: no cover
        return None
    return propose_change


# A question gets an answer within two working days; the consultant sees it on
# their home page until they mark it answered.
QUESTION_WORKING_DAYS = 2
MAX_QUESTION = 2000


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """`days` working days (Monday to Friday) after `day`."""
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@transaction.atomic
def question_ask(*, actor: Actor, request: CardRequest, text: str) -> Conversation:
    """The card holder asks their consultant a question from the portal.

    Who may: the participant of the request, while it is open and has a
    consultant. What changes: one Conversation of kind QUESTION on the request,
    with the question as its notes, recorded by the participant (it is not
    consultant time: a duration of 1 minute, the least the table allows), and a
    follow-up date two working days ahead; one access-log CREATE; an e-mail to
    the consultant after commit that says a question is waiting (not what it
    says). Raises CrisisCardError for an empty or too long text, a stopped
    request or one without a consultant.
    """
    access = relation(actor, request)
    if access is None or not access.is_participant:
        raise CrisisCardError(_("You can only ask questions about your own card."))
    ensure_not_restricted(request.participant_id)
    assert actor.person is not None
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise CrisisCardError(_("Write your question."))
    if len(text) > MAX_QUESTION:
        raise CrisisCardError(
            _("Your question is too long. Keep it under %(max)d characters.")
            % {"max": MAX_QUESTION}
        )
    if request.state in STOPPED:
        raise CrisisCardError(_("This request has stopped. Call the crisis card team instead."))
    consultant = request.consultant
    if consultant is None:
        raise CrisisCardError(
            _("You do not have a consultant yet. We will tell you who it is soon.")
        )
    today = timezone.localdate()
    question = Conversation.objects.create(
        request=request,
        kind=ConversationKind.QUESTION,
        occurred_on=today,
        duration_minutes=1,
        notes=text,
        follow_up_on=add_working_days(today, QUESTION_WORKING_DAYS),
        recorded_by=actor.person,
    )
    question.participants.set([actor.person])
    record(
        actor=actor,
        action=Action.CREATE,
        purpose="crisiscard:portal_question",
        object_type=ObjectType.CONVERSATION,
        object_id=question.pk,
        subject=request.participant,
        part=ConversationKind.QUESTION,
        role=Role.PARTICIPANT,
    )
    send_after_commit(
        consultant,
        "crisiscard/portal/emails/question",
        {
            "participant": request.participant,
            "request": request,
            "question": question,
            "url": site_link("crisiscard:request_detail", request.uuid),
        },
    )
    return question
