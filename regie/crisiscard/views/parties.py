"""Crisis-card views: the parties named in the plan (list, add, edit).

For the assigned consultant only (the coordinator gets 404: parties'
agreements are plan content).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regie.coordination.social_map.selectors import services_for_parties
from regie.core.errors import refusals_to, refusals_to_messages
from regie.core.policy import actor_for
from regie.core.stale import stale_status

from .. import access as acc
from .. import schema
from ..forms.parties import PartyEditForm, PartyForm
from ..selectors import requests as sel
from ..services import parties as party_services
from ..services import sharing as sharing_services
from ..services import signatures as sig
from ..services.errors import CrisisCardError

# The social map quick choice lists at most this many services; search narrows it.
SOCIAL_MAP_SHOWN = 50


def _to_list(request_uuid: uuid.UUID) -> HttpResponse:
    return redirect("crisiscard:party_list", request_uuid=request_uuid)


def _section_titles(keys: list[str]) -> list[Any]:
    return [schema.BY_KEY[key].title for key in keys if key in schema.BY_KEY]


@login_required
def party_list(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_request_for_work(actor, request_uuid, purpose="crisiscard:party_list")
    card_request = access.request
    parties = list(card_request.parties.select_related("organisation").prefetch_related("grants"))
    plan = getattr(card_request, "plan", None)
    draft = schema.normalise(plan.draft if plan is not None else {})
    version = sig.latest_version(card_request)
    latest = sel.latest_signatures(version)
    carried = sig.carried_over_from(version, list(latest.values())) if version else {}
    rows = []
    for party in parties:
        key = str(party.uuid)
        in_version = schema.agreements_for(version.content, key) if version else []
        in_draft = schema.agreements_for(draft, key)
        signature = latest.get(party.pk)
        rows.append(
            {
                "party": party,
                "draft_agreements": in_draft,
                "version_agreements": in_version,
                "draft_differs": version is not None and in_draft != in_version,
                "signature": signature,
                "carried_from": carried.get(signature.pk) if signature is not None else None,
                "missing": bool(in_version)
                and (signature is None or signature.status not in sig.VALID),
                "shared": _section_titles(next((list(g.sections) for g in party.grants.all()), [])),
            }
        )
    acc.log_read(actor, access, purpose="crisiscard:party_list", request=request)
    return render(
        request,
        "crisiscard/parties/party_list.html",
        {
            "card_request": card_request,
            "rows": rows,
            "version": version,
            "missing_count": sum(1 for r in rows if r["missing"]),
        },
    )


def _party_form_page(
    request: HttpRequest, request_uuid: uuid.UUID, party_uuid: uuid.UUID | None
) -> HttpResponse:
    actor = actor_for(request)
    purpose = "crisiscard:party_edit" if party_uuid else "crisiscard:party_add"
    access = acc.access_request_for_work(actor, request_uuid, purpose=purpose)
    card_request = access.request
    party = party_services.party_for(card_request, party_uuid) if party_uuid else None
    organisations = list(party_services.social_map_organisations(card_request))
    contacts = party_services.contact_choices(card_request)
    search = request.GET.get("q", "").strip()[:100]
    social_map = list(services_for_parties(card_request.region_id, search)[:SOCIAL_MAP_SHOWN])
    initial: dict[str, Any] = {}
    if party is not None:
        initial = {
            "service": str(party.service.uuid) if party.service else "",
            "organisation": str(party.organisation.uuid) if party.organisation else "",
            "kind": party.kind,
            "name": party.name,
            "email": party.email,
            "phone": party.phone,
            "shared_sections": sharing_services.shared_with_party(party),
        }
        initial.update(_relink_choice(request, card_request))
    else:
        initial = _quick_choice(request, card_request, contacts, organisations)
    form: PartyForm
    if party is not None:
        form = PartyEditForm(
            request.POST or None,
            organisations=organisations,
            initial=initial,
            seen=party_services.PARTY.fingerprint(party),
        )
    else:
        form = PartyForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service = party_services.find_social_service(
            card_request, data["service"], active_only=False
        )
        fields = {
            "service": service,
            "kind": data["kind"],
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "organisation": form.chosen_organisation(),
            "shared_sections": data["shared_sections"],
        }
        with refusals_to(form):
            if data["service"] and service is None:
                raise CrisisCardError(_("Choose a service from the region's social map."))
            if party is None:
                saved = party_services.party_add(actor=actor, request=card_request, **fields)
            else:
                saved = party_services.party_update(
                    actor=actor, party=party, seen=data["seen"], **fields
                )
            messages.success(request, _("%(name)s is saved as a party.") % {"name": saved.name})
            return _to_list(card_request.uuid)
    acc.log_read(actor, access, purpose=purpose, part="parties", request=request)
    return render(
        request,
        "crisiscard/parties/party_form.html",
        {
            "card_request": card_request,
            "party": party,
            "form": form,
            "contacts": contacts if party is None else [],
            "organisations": organisations if party is None else [],
            "social_map": social_map,
            "search": search,
            "linked_service": _linked_service(form, card_request, party),
            "relink": _relink_state(form, card_request, party) if party is not None else None,
        },
        status=stale_status(form),
    )


def _relink_choice(request: HttpRequest, card_request: Any) -> dict[str, Any]:
    """On the edit page: link another service of the social map (?service=uuid),
    keeping the party's typed details unless ?copy=1 copies the service's, or
    unlink it (?service=none). Nothing is saved until the form is."""
    wanted = request.GET.get("service", "")
    if wanted == "none":
        return {"service": ""}
    service = party_services.find_social_service(card_request, wanted)
    if service is None:
        return {}
    if request.GET.get("copy") == "1":
        return party_services.from_social_service(service)
    return {"service": str(service.uuid)}


def _relink_state(form: PartyForm, card_request: Any, party: Any) -> dict[str, Any]:
    """What the edit page says about the party's link to the social map: the
    service it would link to on saving when that differs from the saved one."""
    value = str(form["service"].value() or "")
    current = str(party.service.uuid) if party.service else ""
    pending = None
    if value and value != current:
        pending = party_services.find_social_service(card_request, value, active_only=False)
    return {
        "pending": pending,
        "unlinking": bool(current) and not value,
        "copied": pending is not None
        and form["name"].value() == pending.name
        and (form["phone"].value() or "") == pending.phone
        and (form["email"].value() or "") == pending.email,
    }


def _linked_service(form: PartyForm, card_request: Any, party: Any) -> Any:
    """The social-map service the form links to, to name it on the page."""
    value = form["service"].value()
    if party is not None and str(value or "") == str(party.service.uuid if party.service else ""):
        return party.service
    return party_services.find_social_service(card_request, value, active_only=False)


def _quick_choice(
    request: HttpRequest,
    card_request: Any,
    contacts: list[dict[str, Any]],
    organisations: list[Any],
) -> dict[str, Any]:
    """Prefill the new-party form from a contact (?contact=N), a service of the
    social map (?service=uuid) or an organisation (?organisation=uuid)."""
    service = party_services.find_social_service(card_request, request.GET.get("service"))
    if service is not None:
        return party_services.from_social_service(service)
    contact = request.GET.get("contact", "")
    if contact.isdigit() and int(contact) < len(contacts):
        chosen = contacts[int(contact)]
        return {
            "name": chosen["name"],
            "phone": chosen["phone"],
            "kind": "trusted_person" if chosen["trusted"] else "relative",
        }
    for organisation in organisations:
        if str(organisation.uuid) == request.GET.get("organisation"):
            return {
                "organisation": str(organisation.uuid),
                "name": organisation.name,
                "email": organisation.email,
                "phone": organisation.phone,
                "kind": party_services.KIND_FOR_ORGANISATION.get(organisation.kind, "other"),
            }
    return {}


@login_required
@require_http_methods(["GET", "POST"])
def party_add(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    return _party_form_page(request, request_uuid, None)


@login_required
@require_http_methods(["GET", "POST"])
def party_edit(
    request: HttpRequest, request_uuid: uuid.UUID, party_uuid: uuid.UUID
) -> HttpResponse:
    return _party_form_page(request, request_uuid, party_uuid)


@login_required
@require_http_methods(["GET", "POST"])
def party_remove(
    request: HttpRequest, request_uuid: uuid.UUID, party_uuid: uuid.UUID
) -> HttpResponse:
    """GET asks "are you sure?"; POST removes the party (see party_services.party_remove)."""
    actor = actor_for(request)
    purpose = "crisiscard:party_remove"
    access = acc.access_request_for_work(actor, request_uuid, purpose=purpose)
    party = party_services.party_for(access.request, party_uuid)
    if request.method == "POST":
        with refusals_to_messages(request):
            party_services.party_remove(actor=actor, party=party)
            messages.success(request, _("%(name)s is no longer a party.") % {"name": party.name})
            return _to_list(access.request.uuid)
        return redirect(
            "crisiscard:party_edit", request_uuid=access.request.uuid, party_uuid=party.uuid
        )
    acc.log_read(actor, access, purpose=purpose, part="parties", request=request)
    return render(
        request,
        "crisiscard/parties/party_remove.html",
        {"card_request": access.request, "party": party},
    )


urlpatterns: list[URLPattern] = [
    path("aanvragen/<uuid:request_uuid>/partijen/", party_list, name="party_list"),
    path("aanvragen/<uuid:request_uuid>/partijen/nieuw/", party_add, name="party_add"),
    path(
        "aanvragen/<uuid:request_uuid>/partijen/<uuid:party_uuid>/",
        party_edit,
        name="party_edit",
    ),
    path(
        "aanvragen/<uuid:request_uuid>/partijen/<uuid:party_uuid>/verwijderen/",
        party_remove,
        name="party_remove",
    ),
]
