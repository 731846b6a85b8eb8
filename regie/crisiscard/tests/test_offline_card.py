"""The holder's own card on their phone: the page, its web manifest and service worker.

The offline behaviour itself is tested in Chromium (tests/browser/test_offline_card.py).
"""

from __future__ import annotations

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from regie.audit.models import AccessEvent, Action
from regie.crisiscard import fit
from regie.crisiscard.models import Card
from regie.crisiscard.views.offline_card import ASSETS, OFFLINE_COPY_HEADER

from .cards_fixtures import establish, issued_card
from .test_cards_english import ENGLISH

PAGE = reverse("crisiscard:portal_card")
MANIFEST = reverse("crisiscard:portal_card_manifest")
WORKER = reverse("crisiscard:portal_card_worker")


def card_reads(world):
    return AccessEvent.objects.filter(
        action=Action.READ,
        purpose="crisiscard:portal_card",
        subject_uuid=world.people["participant"].uuid,
    )


def test_the_holder_sees_their_newest_card_in_both_languages_and_the_read_is_logged(world):
    card = issued_card(world)
    Card.objects.filter(pk=card.pk).update(panels_en=fit.normalise_panels(ENGLISH))
    response = world.client_for("participant").get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert card.number in page
    assert f'<dd id="card-version">{card.version.number}</dd>' in page
    assert "Blijf rustig bij me." in page
    assert "Stay calm with me." in page
    assert "no-store" in response["Cache-Control"]
    assert card_reads(world).filter(part="card", object_id=str(card.uuid)).count() == 1


def test_the_copy_the_worker_saves_is_logged_as_an_offline_copy(world):
    issued_card(world)
    client = world.client_for("participant")
    client.get(PAGE, headers={OFFLINE_COPY_HEADER: "1"})
    assert card_reads(world).filter(part="offline_copy").count() == 1


def test_the_page_links_its_manifest_and_worker_script_with_the_csp_nonce(world):
    issued_card(world)
    response = world.client_for("participant").get(PAGE)
    page = response.content.decode()
    assert f'<link rel="manifest" href="{MANIFEST}">' in page
    assert f'data-worker="{WORKER}"' in page
    assert f'data-scope="{PAGE}"' in page
    csp = response["Content-Security-Policy"]
    assert "worker-src 'self'" in csp
    assert "manifest-src 'self'" in csp
    assert 'src="/static/regie/js/offline-card.js" nonce="' in page


def test_a_reissued_card_replaces_the_old_one_on_the_page(world):
    first = issued_card(world)
    establish(world)
    second = issued_card(world)
    assert second.number != first.number
    page = world.client_for("participant").get(PAGE).content.decode()
    assert second.number in page
    assert first.number not in page
    assert f'<dd id="card-version">{second.version.number}</dd>' in page


def test_without_an_issued_card_the_page_says_so_and_logs_nothing(world):
    page = world.client_for("participant").get(PAGE).content.decode()
    assert "You do not have a card yet" in page
    assert not card_reads(world).exists()


@pytest.mark.parametrize("persona", ["consultant", "coordinator", "log_manager"])
def test_the_card_page_is_only_for_participants(world, persona):
    assert world.client_for(persona).get(PAGE).status_code == 404


def test_anonymous_is_sent_to_login_for_the_card_page(world):
    response = world.client_for("anonymous").get(PAGE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_manifest_is_served_as_a_web_manifest_scoped_to_the_card_page(world):
    response = world.client_for("anonymous").get(MANIFEST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == PAGE
    assert manifest["scope"] == PAGE
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert icon["src"].startswith("/static/")  # served by the app, no external assets
        assert finders.find(icon["src"].removeprefix("/static/")) is not None


def test_the_worker_is_javascript_from_the_pages_folder_limited_to_the_page(world):
    response = world.client_for("anonymous").get(WORKER)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == PAGE
    assert WORKER.rsplit("/", 1)[0] + "/" == PAGE  # its default scope is the page's folder
    script = response.content.decode()
    assert f'"page": "{PAGE}"' in script
    assert "caches.open" in script and "fetch(" in script
    assert "http://" not in script and "https://" not in script
    for asset in ASSETS:
        assert finders.find(asset) is not None
        assert f"/static/{asset}" in script


def test_the_worker_and_manifest_carry_no_personal_data(world):
    card = issued_card(world)
    client = world.client_for("participant")
    for url in (WORKER, MANIFEST):
        body = client.get(url).content.decode()
        assert card.number not in body
        assert world.people["participant"].last_name not in body
    assert not card_reads(world).exists()
