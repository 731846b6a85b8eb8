"""The holder's own card on their phone, readable without a connection.

`portal_card` shows the participant's newest issued card (both languages).
The page links a web manifest (`portal_card_manifest`) and registers a
service worker (`portal_card_worker`), both served by the app from the page's
own folder, so the worker's scope is that page and nothing else. The worker
fetches the page from the network first and keeps the last good copy in the
phone's Cache Storage for when there is no connection (see
docs/decisions/0023-card-in-two-languages-and-offline.md).

Every fetch of the page from the server is logged like any other read; the
copy the worker saves at installation says so in the log's `part`.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import actor_for
from regie.people.models import Role

from .. import fit, reliability
from ..selectors import cards as sel_cards
from .portal import _require_participant

# Sent by the service worker when it saves the page for offline use.
OFFLINE_COPY_HEADER = "X-Regie-Offline-Copy"
# Bump when the worker's caching changes; an old cache is then dropped.
CACHE_NAME = "regie-offline-card-v1"
# What the offline page needs besides itself: all served by the app.
ASSETS = (
    "regie/css/regie.css",
    "regie/css/crisiscard-cards.css",
    "regie/js/offline-card.js",
    "regie/icons/card-192.png",
)


@login_required
@require_GET
def portal_card(request: HttpRequest) -> HttpResponse:
    """The participant's newest issued card, to keep on their phone (also offline)."""
    actor = actor_for(request)
    _require_participant(actor)
    assert actor.person is not None
    card = sel_cards.newest_issued_card(actor.person.pk)
    context: dict[str, object] = {"card": card, "fetched_at": timezone.now()}
    if card is not None:
        english = fit.second_side(card.panels, card.panels_en)
        context |= {
            "laid_out": fit.layout(card.panels),
            "laid_out_en": fit.layout(english) if english is not None else [],
            "unreliable": not reliability.is_reliable(card),
        }
        offline_copy = request.headers.get(OFFLINE_COPY_HEADER) == "1"
        record(
            actor=actor,
            action=Action.READ,
            purpose="crisiscard:portal_card",
            object_type=ObjectType.CARD,
            object_id=str(card.uuid),
            subject=actor.person,
            part="offline_copy" if offline_copy else "card",
            role=Role.PARTICIPANT,
            request=request,
        )
    return render(request, "crisiscard/portal/card.html", context)


@require_GET
def portal_card_manifest(request: HttpRequest) -> HttpResponse:
    """The web manifest that makes the card page installable. No personal data."""
    page = reverse("crisiscard:portal_card")
    manifest = {
        "name": _("My crisis card"),
        "short_name": _("Crisis card"),
        "description": _("Your crisis card on your phone, also without internet."),
        "lang": request.LANGUAGE_CODE,
        "start_url": page,
        "scope": page,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f5f5b",
        "icons": [
            {"src": static("regie/icons/card-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("regie/icons/card-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("regie/icons/card.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return HttpResponse(
        json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json"
    )


def _config_json(config: dict[str, object]) -> str:
    """The worker's settings as a JavaScript literal (JSON; no user data in it)."""
    return json.dumps(config, ensure_ascii=True).replace("<", "\\u003c")


@require_GET
def portal_card_worker(request: HttpRequest) -> HttpResponse:
    """The service worker script, from the page's own folder (its scope). No personal data."""
    page = reverse("crisiscard:portal_card")
    response = render(
        request,
        "crisiscard/portal/offline_card_worker.js",
        {
            "config_json": _config_json(
                {
                    "page": page,
                    "cache": CACHE_NAME,
                    "header": OFFLINE_COPY_HEADER,
                    "assets": [static(asset) for asset in ASSETS],
                    "offline": _(
                        "You are offline and this phone has no saved copy of your card yet. "
                        "Open the page once while you are online."
                    ),
                }
            )
        },
        content_type="text/javascript; charset=utf-8",
    )
    # The worker may control this page only, never the rest of the site.
    response["Service-Worker-Allowed"] = page
    return response


urlpatterns: list[URLPattern] = [
    path("mijn/kaart/", portal_card, name="portal_card"),
    path("mijn/kaart/manifest.webmanifest", portal_card_manifest, name="portal_card_manifest"),
    path("mijn/kaart/offline-worker.js", portal_card_worker, name="portal_card_worker"),
]
