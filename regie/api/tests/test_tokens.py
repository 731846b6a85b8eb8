"""Personal API tokens: made on the profile page and shown once, stored as a
keyed hash, scoped, expiring, revocable, rate-limited, every use logged."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regie.people.apitokens.services import token_digest
from regie.people.models import ApiToken, ApiTokenUse, RoleAssignment


def make_token(world, persona: str = "consultant", scope: str = "read", days: int = 30) -> str:
    client = world.client_for(persona)
    response = client.post(
        reverse("people:api_tokens"), {"name": "Koppeling", "scope": scope, "days": days}
    )
    assert response.status_code == 200
    return response.context["made"].secret


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_token_is_shown_once_and_stored_only_as_a_keyed_hash(world):
    secret = make_token(world)
    token = ApiToken.objects.get()
    assert token.digest == token_digest(secret) != secret
    assert secret not in (token.prefix, token.digest) and secret.startswith(token.prefix)
    page = world.client_for("consultant").get(reverse("people:api_tokens"))
    assert secret not in page.content.decode()
    assert token.prefix in page.content.decode()


@pytest.mark.parametrize("persona", ["participant", "client"])
def test_only_staff_make_tokens(world, persona):
    client = world.client_for(persona)
    response = client.post(reverse("people:api_tokens"), {"name": "x", "scope": "read", "days": 30})
    assert response.status_code == 404
    assert not ApiToken.objects.exists()


def test_a_token_calls_the_api_as_its_owner_and_every_use_is_logged(world):
    secret = make_token(world)
    response = bearer(secret).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["uuid"] == str(world.people["consultant"].uuid)
    use = ApiTokenUse.objects.get()
    assert (use.method, use.path, use.refused) == ("GET", "/api/v1/me", "")
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_or_expired_or_wrong_token_is_refused(world):
    secret = make_token(world)
    token = ApiToken.objects.get()
    other = world.client_for("coordinator")
    url = reverse("people:api_token_revoke", args=[token.uuid])
    assert other.post(url).status_code == 404  # not theirs
    assert bearer(secret).get("/api/v1/me").status_code == 200
    world.client_for("consultant").post(url)
    response = bearer(secret).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["errors"] == []

    secret = make_token(world)
    ApiToken.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert bearer(secret).get("/api/v1/me").status_code == 401
    assert bearer(secret + "x").get("/api/v1/me").status_code == 401
    # The attempts with the revoked and the expired token are logged too.
    assert ApiTokenUse.objects.filter(refused="revoked or expired").count() == 2


def test_a_read_only_token_may_not_write(world):
    secret = make_token(world, scope="read")
    url = f"/api/v1/card-requests/{world.card_request.uuid}/transitions"
    response = bearer(secret).post(url, {"to_state": "closed"}, content_type="application/json")
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert ApiTokenUse.objects.get().refused == "read-only token"


def test_too_many_requests_are_refused_with_429(world, settings):
    settings.REGIE_API_RATE_LIMIT = 3
    client = bearer(make_token(world))
    answers = [client.get("/api/v1/me").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get("/api/v1/me").json()["errors"] == []
    assert client.get("/api/v1/me").status_code == 429
    # Logged once a minute, however often a client knocks past its limit.
    assert ApiTokenUse.objects.filter(refused="rate limited").count() == 1


def test_a_token_over_its_limit_is_logged_again_in_the_next_minute(world, settings, monkeypatch):
    import types

    from regie.core import ratelimit

    settings.REGIE_API_RATE_LIMIT = 1
    client = bearer(make_token(world))
    assert [client.get("/api/v1/me").status_code for _ in range(3)] == [200, 429, 429]
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: 1_800_000_150.0))
    assert [client.get("/api/v1/me").status_code for _ in range(3)] == [200, 429, 429]
    assert ApiTokenUse.objects.filter(refused="rate limited").count() == 2
    assert ApiTokenUse.objects.filter(refused="").count() == 2


def test_the_profile_links_to_the_tokens_for_staff_only(world):
    link = reverse("people:api_tokens")
    assert link in world.client_for("consultant").get(reverse("people:me")).content.decode()
    assert link not in world.client_for("participant").get(reverse("people:me")).content.decode()


def test_a_read_write_token_writes_as_its_owner(world):
    secret = make_token(world, scope="read_write")
    url = f"/api/v1/card-requests/{world.card_request.uuid}/plan/draft"
    client = bearer(secret)
    plan = client.get(f"/api/v1/card-requests/{world.card_request.uuid}/plan").json()
    plan["draft"]["about_me"]["text"] = "Geschreven via een token."
    response = client.put(
        url,
        {"content": plan["draft"], "based_on_revision": plan["draft_revision"]},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["changed"] is True
    assert [use.refused for use in ApiTokenUse.objects.order_by("used_at", "pk")] == ["", ""]


def test_a_session_is_rate_limited_too(world, settings):
    settings.REGIE_API_RATE_LIMIT = 2
    client = world.client_for("consultant")
    answers = [client.get("/api/v1/me").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert client.get("/api/v1/me").json() == {
        "detail": "Too many requests; try again in a minute.",
        "errors": [],
    }


def english_bearer(secret: str, address: str = "127.0.0.1") -> Client:
    return Client(
        HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address
    )


@pytest.mark.parametrize("ended", ["revoked", "expired"])
def test_failed_attempts_with_an_ended_token_are_limited_per_address_and_stop_being_logged(
    world, settings, ended
):
    settings.REGIE_API_FAILED_TOKENS_PER_ADDRESS = 3
    settings.REGIE_API_RATE_LIMIT = 100
    secret = make_token(world)
    now = timezone.now()
    if ended == "revoked":
        ApiToken.objects.update(revoked_at=now)
    else:
        ApiToken.objects.update(expires_at=now - datetime.timedelta(seconds=1))
    client = english_bearer(secret)
    answers = [client.get("/api/v1/me").status_code for _ in range(8)]
    assert answers == [401, 401, 401, 429, 429, 429, 429, 429]
    assert client.get("/api/v1/me").json() == {
        "detail": "Too many requests; try again in a minute.",
        "errors": [],
    }
    # Only the attempts before the limit are logged: a flood writes no more rows.
    assert ApiTokenUse.objects.filter(refused="revoked or expired").count() == 3
    assert ApiTokenUse.objects.count() == 3
    # Another address has its own count.
    assert english_bearer(secret, "192.0.2.7").get("/api/v1/me").status_code == 401
    assert ApiTokenUse.objects.count() == 4


def test_unknown_tokens_are_limited_per_address(world, settings):
    settings.REGIE_API_FAILED_TOKENS_PER_ADDRESS = 3
    secret = make_token(world)
    guesses = [f"rg_guess{n}" for n in range(3)] + ["not-a-regie-token", "rg_again"]
    answers = [english_bearer(guess).get("/api/v1/me").status_code for guess in guesses]
    assert answers == [401, 401, 401, 429, 429]
    response = english_bearer("rg_more").get("/api/v1/me")
    assert response.status_code == 429
    assert set(response.json()) == {"detail", "errors"}
    assert not ApiTokenUse.objects.exists()
    assert english_bearer("rg_guess0", "192.0.2.7").get("/api/v1/me").status_code == 401
    # Only failures count: a valid token from that address still works.
    assert english_bearer(secret).get("/api/v1/me").status_code == 200


def test_a_token_stops_working_when_its_owner_is_no_longer_staff(world):
    secret = make_token(world)
    assert bearer(secret).get("/api/v1/me").status_code == 200
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    RoleAssignment.objects.filter(person=world.people["consultant"]).update(valid_to=yesterday)
    response = english_bearer(secret).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Log in, or send a valid API token.", "errors": []}
    assert ApiTokenUse.objects.order_by("-pk").first().refused == "owner not staff"


def test_a_token_of_an_inactive_login_is_refused(world):
    secret = make_token(world)
    user = world.people["consultant"].user
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = english_bearer(secret).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Log in, or send a valid API token.", "errors": []}
    assert ApiTokenUse.objects.get().refused == "login inactive"
