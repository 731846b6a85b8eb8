"""A new consultant gets from "added by the coordinator" to a staff page with MFA on.

The documented way in for staff is "forgot password": the reset link proves
the address, so allauth's rule "no two-factor authentication before the
address is verified" must not lock them out.
"""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse

from regie.people.models import ActivationChannel, ActivationPurpose, Person, Role, RoleAssignment

from .test_coordinator_screens import ADD_DATA

NEW_PASSWORD = "a long and new consultant passphrase"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def give_totp(user) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


def reset_link_from_outbox(address: str) -> str:
    sent = [m for m in mail.outbox if address in m.to]
    assert sent, f"no mail to {address}"
    found = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", sent[-1].body)
    assert found, sent[-1].body
    return found.group(1)


def set_password_through_forgot_password(client: Client, address: str) -> None:
    response = client.post(reverse("account_reset_password"), {"email": address})
    assert response.status_code == 302
    # The link in the mail redirects to a page that keeps the key in the session.
    response = client.get(reset_link_from_outbox(address), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else None
    assert form_url, "the reset link did not lead to the password form"
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")


def enrol_totp(client: Client) -> None:
    """Activate TOTP as a person would: allauth asks for the password once more first."""
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302 and response["Location"].startswith(
        reverse("account_reauthenticate")
    ):
        response = client.post(response["Location"], {"password": NEW_PASSWORD})
        assert response["Location"] == reverse("mfa_activate_totp")
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200, response.get("Location")
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in response.content.decode()  # shown once, to type into the app
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.context["form"].errors


def test_a_new_consultant_enrols_in_mfa_after_forgot_password(world, settings):
    settings.REGIE_STAFF_MFA = True
    give_totp(world.people["coordinator"].user)
    coordinator = world.client_for("coordinator")
    response = coordinator.post(
        reverse("people:consultant_add", args=[world.region.slug]), ADD_DATA
    )
    assert response.status_code == 302
    address = ADD_DATA["email"]
    consultant = Person.objects.get(email=address)
    assert RoleAssignment.objects.filter(person=consultant, role=Role.CONSULTANT).exists()

    newcomer = Client(HTTP_ACCEPT_LANGUAGE="en")
    set_password_through_forgot_password(newcomer, address)
    response = newcomer.post(reverse("account_login"), {"login": address, "password": NEW_PASSWORD})
    assert response.status_code == 302
    response = newcomer.get(reverse("core:home"))
    assert response["Location"] == reverse("mfa_activate_totp")

    enrol_totp(newcomer)

    assert Authenticator.objects.filter(user=consultant.user, type=Authenticator.Type.TOTP).exists()
    assert newcomer.get(reverse("core:home")).status_code == 200
    assert newcomer.get(reverse("crisiscard:request_list")).status_code == 200
    address_row = EmailAddress.objects.get(user=consultant.user)
    assert address_row.verified and address_row.primary


def test_a_reset_verifies_an_address_that_was_already_recorded_unverified(world):
    user = world.people["consultant"].user
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=False)
    set_password_through_forgot_password(Client(), user.email)
    address_row = EmailAddress.objects.get(user=user)
    assert address_row.verified and address_row.primary


def test_a_reset_does_not_vouch_for_a_second_address_it_may_not_have_reached(world):
    user = world.people["consultant"].user
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    EmailAddress.objects.create(user=user, email="other@regie.example", verified=False)
    set_password_through_forgot_password(Client(), "other@regie.example")
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()


def _activate(person: Person, channel: str) -> None:
    from regie.people.activation.services import activation_complete, activation_issue

    person.user.set_unusable_password()
    person.user.save()
    issued = activation_issue(
        actor=None,
        person=person,
        purpose=ActivationPurpose.PARTICIPANT,
        channel=channel,
        role=Role.PARTICIPANT,
        log_purpose="test",
    )
    activation_complete(activation=issued.activation, password=NEW_PASSWORD)


@pytest.mark.parametrize("channel", [ActivationChannel.MAIL, ActivationChannel.LETTER])
def test_the_activation_code_leaves_no_unverified_address_trap(world, settings, channel):
    """A participant who activates and later becomes staff can still enrol."""
    settings.REGIE_STAFF_MFA = True
    person = world.people["participant"]
    _activate(person, channel)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("account_login"), {"login": person.user.email, "password": NEW_PASSWORD})
    enrol_totp(client)
    assert Authenticator.objects.filter(user=person.user).exists()


def test_an_activation_mail_proves_the_address_so_a_reset_request_cannot_trap(world):
    """Asking for a reset link (anyone can) records the address; it must stay usable."""
    person = world.people["participant"]
    _activate(person, ActivationChannel.MAIL)
    Client().post(reverse("account_reset_password"), {"email": person.user.email})
    assert EmailAddress.objects.get(user=person.user).verified
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post(reverse("account_login"), {"login": person.user.email, "password": NEW_PASSWORD})
    enrol_totp(client)
    assert Authenticator.objects.filter(user=person.user).exists()
