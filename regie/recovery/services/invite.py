"""Giving the client of a recovery case a login: a mail link or a letter with a code.

The client lands on the home page after choosing a password
(people.activation.services.LANDING); the client's own pages replace that
landing when they exist.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.letters import letters_pdf
from regie.core.policy import Actor
from regie.people.activation.invitation import (
    Inviter,
    invitation_letter,
    send_invitation_mail,
)
from regie.people.activation.services import ActivationError, Issued, activation_issue
from regie.people.models import ActivationChannel, ActivationPurpose, Role

from ..models import CaseState, RecoveryCase, TeamRole
from .cases import current_member
from .errors import RecoveryError


def _check(actor: Actor, case: RecoveryCase) -> None:
    director = current_member(case, TeamRole.CASE_DIRECTOR)
    if director is None or actor.person is None or director.person_id != actor.person.pk:
        raise RecoveryError(_("Only the case director can invite the client."))
    if case.state == CaseState.CLOSED:
        raise RecoveryError(_("This case is closed."))


def _issue(actor: Actor, case: RecoveryCase, channel: str, purpose: str) -> Issued:
    try:
        return activation_issue(
            actor=actor,
            person=case.client,
            purpose=ActivationPurpose.CLIENT,
            channel=channel,
            role=Role.CASE_DIRECTOR,
            log_purpose=purpose,
        )
    except ActivationError as error:
        raise RecoveryError(str(error)) from error


def _inviter(actor: Actor, case: RecoveryCase) -> Inviter:
    return Inviter(person=actor.person, organisation=case.organisation)


def client_invite(*, actor: Actor, case: RecoveryCase) -> Issued:
    """Mail the client Regie's invitation with a link to choose a password.

    Who may: the case's current case director, while the case is open; the
    client needs an e-mail address. What changes: a login for the client
    when they have none, a single-use link valid 30 days (earlier open ones
    are revoked), the mail in the client's language after commit, one
    access-log CREATE. Raises RecoveryError otherwise.
    """
    _check(actor, case)
    if not case.client.email.strip():
        raise RecoveryError(
            _("The client has no e-mail address. Print an invitation letter instead.")
        )
    issued = _issue(actor, case, ActivationChannel.MAIL, "recovery:client_invite")
    send_invitation_mail(issued=issued, person=case.client, inviter=_inviter(actor, case))
    return issued


def client_invite_letter(*, actor: Actor, case: RecoveryCase) -> tuple[bytes, Issued]:
    """The client's invitation letter with a fresh single-use code, as a PDF.

    Who may: the case's current case director, while the case is open. What
    changes: a login for the client when they have none (an assigned login
    name without e-mail), a code valid 30 days (earlier open codes stop
    working), access-log CREATE and PRINT. Raises RecoveryError otherwise.
    """
    _check(actor, case)
    issued = _issue(actor, case, ActivationChannel.LETTER, "recovery:client_letter")
    letter = invitation_letter(issued=issued, person=case.client, inviter=_inviter(actor, case))
    data = letters_pdf([letter], title=letter.subject)
    record(
        actor=actor,
        action=Action.PRINT,
        purpose="recovery:client_letter",
        object_type=ObjectType.INVITATION_LETTER,
        object_id=str(issued.activation.uuid),
        subject=case.client,
        role=Role.CASE_DIRECTOR,
    )
    return data, issued
