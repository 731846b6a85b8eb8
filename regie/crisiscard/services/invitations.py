"""Giving a participant a login for the portal, so they can read and establish their plan.

By e-mail (a link) or, for a participant without e-mail, by an invitation
letter with a single-use code: printed by the consultant at once, or queued
for the licence holder's print run. The codes are people.activation's.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.letters import letters_pdf
from regie.core.policy import Actor
from regie.people.activation.invitation import (
    invitation_letter,
    send_invitation_mail,
)
from regie.people.activation.services import ActivationError, Issued, activation_issue
from regie.people.models import ActivationChannel, ActivationPurpose, Role
from regie.privacy.restriction import ensure_not_restricted

from ..access import relation
from ..models import CardRequest, PrintItem
from .errors import CrisisCardError
from .printing import _consultant_organisation, enqueue_invitation


def _require_consultant(actor: Actor, request: CardRequest) -> None:
    access = relation(actor, request)
    if access is None or not access.is_consultant:
        raise CrisisCardError(_("Only the consultant can invite the participant."))


def _issue(actor: Actor, request: CardRequest, channel: str, purpose: str) -> Issued:
    ensure_not_restricted(request.participant_id)
    try:
        return activation_issue(
            actor=actor,
            person=request.participant,
            purpose=ActivationPurpose.PARTICIPANT,
            channel=channel,
            role=Role.CONSULTANT,
            log_purpose=purpose,
        )
    except ActivationError as error:
        raise CrisisCardError(str(error)) from error


def participant_invite(*, actor: Actor, request: CardRequest) -> Issued:
    """E-mail the participant Regie's invitation with a link to choose a password.

    Who may: the assigned consultant. The participant needs an e-mail address.
    What changes: a login without a password linked to the participant (an
    existing unlinked login with that address is linked instead); a
    single-use link valid 30 days (earlier open ones are revoked); the
    invitation mail in the participant's language, after commit; one
    access-log entry. Raises CrisisCardError without an e-mail address, or
    when the address belongs to someone else's login, or when they can
    already log in.
    """
    _require_consultant(actor, request)
    person = request.participant
    if not person.email.strip():
        raise CrisisCardError(
            _("The participant has no e-mail address. Print an invitation letter instead.")
        )
    issued = _issue(actor, request, ActivationChannel.MAIL, "crisiscard:participant_invite")
    send_invitation_mail(issued=issued, person=person, inviter=_consultant_organisation(request))
    return issued


def participant_invite_letter(*, actor: Actor, request: CardRequest) -> tuple[bytes, Issued]:
    """The invitation letter with a fresh single-use code, as a PDF to print now.

    Who may: the assigned consultant. What changes: a login for the
    participant when they have none (by e-mail address, or with an assigned
    login name); a single-use code valid 30 days (earlier open codes stop
    working); an access-log CREATE (the code) and PRINT (the letter).
    Raises CrisisCardError like participant_invite.
    """
    _require_consultant(actor, request)
    issued = _issue(actor, request, ActivationChannel.LETTER, "crisiscard:participant_letter")
    letter = invitation_letter(
        issued=issued, person=request.participant, inviter=_consultant_organisation(request)
    )
    data = letters_pdf([letter], title=letter.subject)
    record(
        actor=actor,
        action=Action.PRINT,
        purpose="crisiscard:participant_letter",
        object_type=ObjectType.INVITATION_LETTER,
        object_id=str(issued.activation.uuid),
        subject=request.participant,
        role=Role.CONSULTANT,
    )
    return data, issued


def participant_letter_to_queue(*, actor: Actor, request: CardRequest) -> PrintItem:
    """Queue the invitation letter for the licence holder's print run (code made at printing).

    Who may: the assigned consultant. What changes: one PrintItem; one
    access-log CREATE. Raises CrisisCardError when one already waits.
    """
    _require_consultant(actor, request)
    return enqueue_invitation(actor=actor, request=request)


def letter_filename(request: CardRequest) -> str:
    return f"uitnodiging-{timezone.localdate():%Y%m%d}-{str(request.uuid)[:8]}.pdf"
