"""Login state that allauth keeps beside the User: proven addresses and MFA.

Two things Regie decides here (decisions/0033):
- a password reset link or an activation mail proves the address it was
  sent to, so allauth's rule "no two-factor authentication before the address
  is verified" does not lock out staff who set their first password that way;
- an administrator never reads an authenticator's secret; they can only
  remove someone's authenticators so the person enrols again, and that is logged.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor

from .models import Person, Role, User


@transaction.atomic
def login_address_confirm(*, user: User) -> EmailAddress | None:
    """Mark the login's own address verified and primary: a mail to it was answered.

    Who may: the password-reset and activation-mail flows, after the person
    followed the link. What changes: the EmailAddress row for `user.email`
    (made when missing) becomes verified and primary; no other address of the
    login changes. Nothing happens when the login has no address.
    """
    if not user.email:
        return None
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        address = EmailAddress(user=user, email=user.email.lower())
    EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
        primary=False
    )
    address.verified = True
    address.primary = True
    address.save()
    return address


@receiver(password_reset)
def _reset_link_proves_the_address(sender: Any, request: HttpRequest, user: User, **_: Any) -> None:
    # allauth does not tell which address the link was mailed to. When the
    # login has only its own address, that is where it went; with more
    # addresses it might have been another one, so nothing is vouched for.
    others = EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email or "")
    if not others.exists():
        login_address_confirm(user=user)


@transaction.atomic
def mfa_reset(*, actor: Actor, user: User, request: HttpRequest | None = None) -> int:
    """Remove every authenticator of `user` (app, passkeys, recovery codes).

    Who may: an administrator in the management screens (the admin checks
    its own permission first). What changes: the login's Authenticator rows
    are deleted, so the person enrols again at their next staff page; one
    access-log CHANGE on the login. Returns how many were removed.
    """
    removed, _details = Authenticator.objects.filter(user=user).delete()
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="admin:mfa_reset",
        object_type=ObjectType.LOGIN,
        object_id=str(user.pk),
        subject=Person.objects.filter(user=user).first(),
        part="mfa",
        role=Role.ADMINISTRATOR if Role.ADMINISTRATOR in actor.roles else "superuser",
        request=request,
    )
    return removed
