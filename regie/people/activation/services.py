"""Giving a person without a password a way in: a mail link or a letter code.

The crisis-card and recovery services decide who may invite whom and call
`activation_issue`; the public activation pages call `activation_find_*` and
`activation_complete`. See decisions/0021.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.errors import Refusal
from regie.core.policy import Actor
from regie.people.logins import login_address_confirm
from regie.people.models import (
    ActivationChannel,
    ActivationCode,
    ActivationPurpose,
    Person,
    User,
)

from . import codes

VALID_DAYS = 30
# Where a person lands, logged in, after choosing their password.
LANDING: dict[str, str] = {
    ActivationPurpose.PARTICIPANT: "crisiscard:portal_home",
    ActivationPurpose.CLIENT: "recovery:my_home",
}
# One answer for a wrong, expired, used or replaced code: nothing to learn from it.
DOES_NOT_WORK = gettext_lazy(
    "This code does not work. Check that you typed it as it is on the letter. "
    "If it still does not work, ask the person who invited you for a new letter."
)


class ActivationError(Refusal):
    """A refused activation step; the message is for the person on the page."""


@dataclass(frozen=True)
class Issued:
    activation: ActivationCode
    secret: str  # the code (letter) or token (mail): shown once, never stored
    user: User

    @property
    def login(self) -> str:
        """What the person types to log in later: their address or their login name."""
        return self.user.email or self.user.login_name or ""


def _login_for(person: Person, *, channel: str) -> User:
    """The person's login, made or linked when missing. Inside a transaction."""
    if person.user_id is not None:
        return person.user  # type: ignore[return-value]  # user_id is set: the login exists
    email = person.email.strip().lower()
    user: User | None = None
    if email:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            raise ActivationError(_("This e-mail address belongs to someone else's login."))
        if user is None:
            user = User.objects.create_user(email=email)
    else:
        if channel == ActivationChannel.MAIL:
            raise ActivationError(
                _("This person has no e-mail address. Print an invitation letter instead.")
            )
        login_name = codes.new_login_name()
        while User.objects.filter(login_name=login_name).exists():
            login_name = codes.new_login_name()
        user = User.objects.create_user(email=None, login_name=login_name)
    person.user = user
    person.save(update_fields=["user"])
    return user


@transaction.atomic
def activation_issue(
    *,
    actor: Actor | None,
    person: Person,
    purpose: str,
    channel: str,
    role: str,
    log_purpose: str,
) -> Issued:
    """Make a single-use activation code (letter) or link token (mail) for `person`.

    Who may: the caller decides (crisiscard and recovery invitation services
    check the relation first; the print queue issues a letter's code when it
    prints it). What changes: the person gets a login when they have none (by
    e-mail address, or with an assigned login name when they have no
    address); their earlier open codes for this purpose are revoked; one new
    ActivationCode valid for VALID_DAYS; one access-log CREATE.
    Raises ActivationError when the login already has a password and the
    person can reset it by e-mail, when the address belongs to someone else's
    login, or for a mail to a person without an address.
    """
    user = _login_for(person, channel=channel)
    if user.has_usable_password() and user.email:
        raise ActivationError(
            _(
                "This person can already log in. If they forgot their password, "
                "they can ask for a new one on the login page."
            )
        )
    now = timezone.now()
    ActivationCode.objects.filter(
        person=person, purpose=purpose, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    if channel == ActivationChannel.LETTER:
        secret = codes.new_code()
        digest = codes.code_digest(secret)
    else:
        secret = codes.new_link_token()
        digest = codes.link_digest(secret)
    activation = ActivationCode.objects.create(
        purpose=purpose,
        channel=channel,
        person=person,
        issued_by=actor.person if actor is not None else None,
        digest=digest,
        created_at=now,
        expires_at=now + datetime.timedelta(days=VALID_DAYS),
    )
    record(
        actor=actor,
        action=Action.CREATE,
        purpose=log_purpose,
        object_type=ObjectType.ACTIVATION_CODE,
        object_id=str(activation.uuid),
        subject=person,
        part=channel,
        role=role,
    )
    return Issued(activation=activation, secret=secret, user=user)


def _usable(digest: str) -> ActivationCode | None:
    found = ActivationCode.objects.select_related("person__user").filter(digest=digest).first()
    if found is None or not found.is_usable():
        return None
    return found


def activation_find_by_code(typed: str) -> ActivationCode | None:
    """The usable letter code typed, or None (wrong, expired, used and revoked alike)."""
    if len(codes.normalise_code(typed)) != codes.CODE_LENGTH:
        return None
    found = _usable(codes.code_digest(typed))
    if found is None or found.channel != ActivationChannel.LETTER:
        return None
    return found


def activation_find_by_link(token: str) -> ActivationCode | None:
    """The usable mail link's activation, or None."""
    found = _usable(codes.link_digest(token))
    if found is None or found.channel != ActivationChannel.MAIL:
        return None
    return found


def activation_find_by_uuid(value: str) -> ActivationCode | None:
    """The activation remembered in the session after a correct code, if still usable."""
    found = ActivationCode.objects.select_related("person__user").filter(uuid=value).first()
    if found is None or not found.is_usable():
        return None
    return found


@transaction.atomic
def activation_complete(*, activation: ActivationCode, password: str) -> User:
    """The person chooses their password; the code is spent.

    Who may: whoever holds a usable code (the public activation pages, after
    the rate limits). What changes: the login's password, the code's
    `used_at`, for a mail link the login's address counts as verified
    (decisions/0033), one access-log CHANGE without an actor (the person is not
    logged in yet). Raises ActivationError when the code was used or revoked
    meanwhile or the login was switched off, and ValidationError for a
    password Django's validators refuse.
    """
    locked = ActivationCode.objects.select_for_update().get(pk=activation.pk)
    if not locked.is_usable():
        raise ActivationError(str(DOES_NOT_WORK))
    person = Person.objects.select_related("user").get(pk=locked.person_id)
    user = person.user
    if user is None or not user.is_active:  # login removed or switched off meanwhile
        raise ActivationError(str(DOES_NOT_WORK))
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    if locked.channel == ActivationChannel.MAIL:
        # The link reached this address: a later MFA enrolment must not ask again.
        login_address_confirm(user=user)
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    record(
        actor=None,
        action=Action.CHANGE,
        purpose="activation:complete",
        object_type=ObjectType.LOGIN,
        object_id=str(user.pk),
        subject=person,
        part=locked.channel,
        role=str(locked.purpose),
    )
    return user
