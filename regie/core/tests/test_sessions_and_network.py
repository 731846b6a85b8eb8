"""Absolute session timeout, trusted proxies and where log entries come from."""

from __future__ import annotations

import time

from django.test import RequestFactory
from django.urls import reverse

from regie.audit.models import AccessEvent, Outcome
from regie.core.middleware import SESSION_STARTED
from regie.core.net import client_ip


def test_a_session_ends_after_the_absolute_limit_however_active(world, settings):
    client = world.client_for("participant")
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - settings.REGIE_SESSION_MAX_HOURS * 3600 - 5
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_without_trusted_proxies_forwarded_headers_are_ignored(settings):
    settings.REGIE_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "10.0.0.5"


def test_with_one_trusted_proxy_the_address_it_saw_is_used(settings):
    settings.REGIE_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9"
    )
    # The left entry was supplied by the client and could be forged.
    assert client_ip(request) == "203.0.113.9"


def test_garbage_in_forwarded_for_gives_no_address(settings):
    settings.REGIE_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="<script>")
    assert client_ip(request) is None


def test_changes_made_through_pages_record_the_address_and_browser(world):
    client = world.client_for("coordinator")
    url = reverse("people:consultant_end", args=[world.region.slug, world.consultant_role.uuid])
    client.post(
        url,
        {"end_on": world.consultant_role.valid_from.isoformat()},
        REMOTE_ADDR="192.0.2.44",
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    event = AccessEvent.objects.get(purpose="people:consultant_end")
    assert event.ip_address == "192.0.2.44"
    assert event.user_agent == "TestBrowser/1.0"


def test_reaching_a_consultant_of_another_region_is_refused_and_logged(world):
    client = world.client_for("coordinator_other_region")
    url = reverse("people:consultant_edit", args=[world.region.slug, world.consultant_role.uuid])
    assert client.get(url).status_code == 404
    event = AccessEvent.objects.get(outcome=Outcome.DENIED)
    assert event.subject_uuid == world.consultant_role.person.uuid
    assert event.actor_person_uuid == world.people["coordinator_other_region"].uuid


def test_a_refused_look_at_the_access_log_is_itself_logged(world):
    assert world.client_for("consultant").get(reverse("audit:log")).status_code == 404
    event = AccessEvent.objects.get(outcome=Outcome.DENIED)
    assert event.object_type == "access_log"


def test_a_login_with_the_admin_flag_but_no_role_must_enrol_in_mfa(world, settings):
    settings.REGIE_STAFF_MFA = True
    user = world.people["participant"].user
    user.is_staff = True
    user.save()
    response = world.client_for("participant").get(reverse("admin:index"))
    assert response["Location"] == reverse("mfa_activate_totp")
