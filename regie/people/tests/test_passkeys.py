"""Passkeys (WebAuthn) as a second factor next to the authenticator app.

A full browser ceremony needs a real or virtual authenticator; these tests
cover what the server decides: the pages render in Regie's layout with their
scripts served from our own origin under the CSP, and a passkey counts as
enrolled for staff.
"""

from __future__ import annotations

import re

from allauth.mfa.models import Authenticator
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from .factories import PASSWORD


def give(user, kind: str) -> Authenticator:
    data: dict[str, object] = {"secret": "x"}
    if kind == Authenticator.Type.WEBAUTHN:
        data = {"name": "Sleutelbos", "credential": {}, "passwordless": False}
    return Authenticator.objects.create(user=user, type=kind, data=data)


def reauthenticated(client: Client) -> Client:
    """allauth asks for the password again before adding a factor."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_add_passkey_page_renders_in_regies_layout_under_the_csp(world, settings):
    settings.REGIE_STAFF_MFA = True
    client = reauthenticated(world.client_for("consultant"))
    response = client.get(reverse("mfa_add_webauthn"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="site-header"' in page  # Regie's base layout, not allauth's bare one
    assert 'id="mfa_webauthn_add"' in page
    assert "creation_options" in page
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    # Every script is a file from our own static folder, or data the browser never runs.
    sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', page)
    assert "/static/mfa/js/webauthn.js" in sources
    for src in sources:
        assert src.startswith(settings.STATIC_URL), src
        assert finders.find(src.removeprefix(settings.STATIC_URL)), src
    for tag in re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", page):
        assert 'type="application/json"' in tag or "nonce=" in tag, tag


def test_staff_with_only_a_passkey_reach_their_pages(world, settings):
    settings.REGIE_STAFF_MFA = True
    give(world.people["coordinator"].user, Authenticator.Type.WEBAUTHN)
    assert world.client_for("coordinator").get(reverse("core:home")).status_code == 200


def test_recovery_codes_alone_do_not_count_as_enrolled(world, settings):
    settings.REGIE_STAFF_MFA = True
    give(world.people["coordinator"].user, Authenticator.Type.RECOVERY_CODES)
    response = world.client_for("coordinator").get(reverse("core:home"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_security_page_lists_the_app_and_the_passkeys(world):
    user = world.people["consultant"].user
    give(user, Authenticator.Type.TOTP)
    give(user, Authenticator.Type.WEBAUTHN)
    response = world.client_for("consultant").get(reverse("mfa_index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Authentication using an authenticator app is active." in page
    assert "You have added 1 security key." in page
    assert reverse("mfa_list_webauthn") in page


def test_logging_in_with_a_passkey_enrolled_asks_for_the_second_factor(world):
    give(world.people["consultant"].user, Authenticator.Type.WEBAUTHN)
    response = Client().post(
        reverse("account_login"), {"login": "consultant@regie.example", "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
