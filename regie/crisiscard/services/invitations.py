"""Giving a participant a login for the portal, so they can read and establish their plan."""

from __future__ import annotations

from allauth.account.forms import ResetPasswordForm
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.people.models import Role, User

from ..access import relation
from ..models import CardRequest
from .errors import CrisisCardError


def participant_invite(*, actor: Actor, request: CardRequest, http_request: HttpRequest) -> User:
    """Create (or link) the participant's login and e-mail them a link to choose a password.

    Who may: the assigned consultant. The participant needs an e-mail address.
    What changes: a login without a password linked to the participant (an
    existing unlinked login with that address is linked instead); allauth's
    password-reset mail goes out; one access-log entry.
    Raises CrisisCardError without an e-mail address, or when the address
    belongs to someone else's login.
    """
    access = relation(actor, request)
    if access is None or not access.is_consultant:
        raise CrisisCardError(_("Only the consultant can invite the participant."))
    person = request.participant
    email = person.email.strip().lower()
    if not email:
        raise CrisisCardError(
            _("The participant has no e-mail address yet. Add one first, or help them by phone.")
        )
    with transaction.atomic():
        user = person.user
        if user is None:
            user = User.objects.filter(email__iexact=email).first()
            if user is not None and hasattr(user, "person") and user.person.pk != person.pk:
                raise CrisisCardError(_("This e-mail address belongs to someone else's login."))
            if user is None:
                user = User.objects.create_user(email=email)
            person.user = user
            person.save(update_fields=["user"])
        record(
            actor=actor,
            action=Action.CHANGE,
            purpose="crisiscard:participant_invite",
            object_type="login",
            object_id=str(user.pk),
            subject=person,
            role=Role.CONSULTANT,
        )
    # After the commit, inside this request: allauth builds the link from it.
    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.save(http_request)
    return user
