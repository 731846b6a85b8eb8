"""Who may see what: the participant's sharing page, the consultant's proposal, the party's
read link, and the responder's identified route from the emergency view.

Each view: parse → access (regie.crisiscard.access) → service → render/redirect.
The read link and the responder route are public (no login): the token is the key.
"""

from __future__ import annotations

import datetime
import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.core.errors import refusal_caught, refusals_to, refusals_to_messages
from regie.core.policy import actor_for
from regie.core.ratelimit import hit_over_limit

from .. import access as acc
from .. import emergency, schema
from ..forms.sharing import ProposalAnswerForm, ResponderForm, SharingGridForm
from ..models import CardRequest, ResponderType
from ..selectors import requests as sel
from ..services import shared_reading
from ..services import sharing as svc
from .signing import section_rows

READ_RATE_PER_MINUTE = 30
MORE_RATE_PER_MINUTE = 10
SESSION_LINKS = "crisiscard_new_read_links"
HISTORY_SHOWN = 20


def _titles(keys: list[str]) -> list[Any]:
    return [schema.BY_KEY[key].title for key in keys if key in schema.BY_KEY]


def _remember_links(request: HttpRequest, links: list[dict[str, Any]]) -> None:
    """Keep new links in the session for the one page that shows them right after."""
    shown = [
        {
            "name": link["name"],
            "url": link["url"],
            "expires_at": link["expires_at"].isoformat(),
            "mailed": link["mailed"],
            "email": link["email"],
        }
        for link in links
    ]
    request.session[SESSION_LINKS] = request.session.get(SESSION_LINKS, []) + shown


def _after_save(request: HttpRequest, decision: svc.Decision) -> HttpResponse:
    if decision.new_links:
        _remember_links(request, decision.new_links)
        return redirect("crisiscard:portal_sharing_links")
    messages.success(request, _("Saved. This is who may see your plan now."))
    return redirect("crisiscard:portal_sharing")


def _sharing_page(
    request: HttpRequest,
    card_request: CardRequest | None,
    form: SharingGridForm | None,
    *,
    status: int = 200,
    stale: str = "",
) -> HttpResponse:
    context: dict[str, Any] = {"card_request": card_request, "form": form, "stale": stale}
    if card_request is not None:
        today = svc.current_grid(card_request)
        grants = {
            g.key: g
            for g in card_request.grants.select_related("party").filter(party__isnull=False)
        }
        rows: list[dict[str, Any]] = []
        assert form is not None
        for row, field in form.row_fields():
            grant = grants.get(row.key)
            mine = field.value() or []
            rows.append(
                {
                    "row": row,
                    "field": field,
                    "saved_now": _titles(today.get(row.key, []))
                    if stale and sorted(mine) != sorted(today.get(row.key, []))
                    else None,
                    "grant": grant,
                    "link_live": grant is not None and grant.link_live(),
                }
            )
        proposal = sel.open_sharing_proposal(card_request)
        names = {row.key: row.name for row in form.rows}
        context.update(
            {
                "rows": rows,
                "renewable": [
                    item
                    for item in rows
                    if item["row"].party is not None
                    and item["grant"] is not None
                    and item["grant"].sections
                ],
                "proposal": proposal,
                "proposal_rows": [
                    {"name": names.get(key, _("(no longer in your plan)")), "sections": _titles(v)}
                    for key, v in (proposal.grid.items() if proposal else [])
                ],
                "history": [
                    {"change": change, "titles": _titles(change.sections)}
                    for change in sel.sharing_history(card_request, HISTORY_SHOWN)
                ],
                "revision": form["revision"].value(),
            }
        )
    return render(request, "crisiscard/portal/sharing.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def portal_sharing(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_own_sharing(actor, purpose="crisiscard:portal_sharing")
    if access is None:
        return _sharing_page(request, None, None)
    card_request = access.request
    rows = svc.grantees(card_request)
    sharing = svc.sharing_for(card_request)
    initial: dict[str, object] = {
        "revision": sharing.revision,
        "notify_emergency": sharing.notify_emergency,
    }
    initial.update(svc.current_grid(card_request))
    form = SharingGridForm(request.POST or None, rows=rows, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form), refusal_caught(kind=svc.StaleSharing) as conflict:
            decision = svc.sharing_decide(
                actor=actor,
                request=card_request,
                grid=form.grid(),
                revision=form.cleaned_data["revision"],
                notify_emergency=form.cleaned_data["notify_emergency"],
            )
            return _after_save(request, decision)
        if conflict:
            # Keep the user's ticks; the next save is checked against today's grid.
            data = request.POST.copy()
            data["revision"] = str(svc.sharing_for(card_request).revision)
            form = SharingGridForm(data, rows=rows)
            form.is_valid()
            acc.log_read(actor, access, purpose="crisiscard:portal_sharing", request=request)
            return _sharing_page(
                request, card_request, form, status=svc.StaleSharing.status, stale=conflict.message
            )
    acc.log_read(actor, access, purpose="crisiscard:portal_sharing", request=request)
    return _sharing_page(request, card_request, form)


@login_required
@require_GET
def portal_sharing_links(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_own_sharing(actor, purpose="crisiscard:portal_sharing_links")
    links = [
        {**link, "expires_at": datetime.datetime.fromisoformat(link["expires_at"])}
        for link in request.session.pop(SESSION_LINKS, [])
    ]
    if access is not None and links:
        acc.log_read(actor, access, purpose="crisiscard:portal_sharing_links", request=request)
    return render(request, "crisiscard/portal/sharing_links.html", {"links": links})


@login_required
@require_POST
def portal_sharing_renew(request: HttpRequest, grant_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    grant = acc.access_own_grant(actor, grant_uuid, purpose="crisiscard:portal_sharing_renew")
    with refusals_to_messages(request):
        link = svc.read_link_renew(actor=actor, grant=grant)
        _remember_links(request, [link])
        return redirect("crisiscard:portal_sharing_links")
    return redirect("crisiscard:portal_sharing")


@login_required
@require_POST
def portal_sharing_proposal(request: HttpRequest, proposal_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    proposal = acc.access_own_sharing_proposal(
        actor, proposal_uuid, purpose="crisiscard:portal_sharing_proposal"
    )
    form = ProposalAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether you accept the proposal or not."))
        return redirect("crisiscard:portal_sharing")
    accept = form.cleaned_data["answer"] == "accept"
    with refusals_to_messages(request):
        decision = svc.sharing_proposal_decide(
            actor=actor, proposal=proposal, accept=accept, revision=form.cleaned_data["revision"]
        )
        if not accept:
            messages.success(request, _("You said no to the proposal. Nothing has changed."))
            return redirect("crisiscard:portal_sharing")
        return _after_save(request, decision)
    return redirect("crisiscard:portal_sharing")


# ---- The consultant's proposal ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sharing_propose(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    purpose = "crisiscard:sharing_propose"
    access = acc.access_request_for_work(actor, request_uuid, purpose=purpose)
    card_request = access.request
    rows = svc.grantees(card_request)
    initial: dict[str, Any] = {"revision": 0, **svc.current_grid(card_request)}
    form = SharingGridForm(request.POST or None, rows=rows, notice=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            svc.sharing_propose(actor=actor, request=card_request, grid=form.grid())
            messages.success(
                request,
                _("Your proposal has been sent. The participant decides whether to accept it."),
            )
            return redirect("crisiscard:sharing_propose", request_uuid=card_request.uuid)
    acc.log_read(actor, access, purpose=purpose, part="sharing", request=request)
    return render(
        request,
        "crisiscard/sharing/propose.html",
        {"card_request": card_request, "form": form},
    )


# ---- The party's standing read link (public) ----------------------------------------------------


def _noindex(
    view: Callable[[HttpRequest, str], HttpResponse],
) -> Callable[[HttpRequest, str], HttpResponse]:
    """Public pages behind a token: never in a search engine."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, token: str) -> HttpResponse:
        response = view(request, token)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


@require_GET
@_noindex
def party_read(request: HttpRequest, token: str) -> HttpResponse:
    if hit_over_limit(
        request, scope="crisiscard:party_read", limit=READ_RATE_PER_MINUTE, window=60
    ):
        return render(request, "crisiscard/sharing/read_limited.html", status=429)
    try:
        grant = shared_reading.resolve_read_link(token)
    except shared_reading.ReadLinkGone:
        return render(request, "crisiscard/sharing/read_gone.html", status=410)
    if grant is None:
        return render(request, "crisiscard/sharing/read_gone.html", {"unknown": True}, status=404)
    assert grant.party is not None
    version = shared_reading.latest_version(grant.request)
    shared_reading.log_party_read(grant, version, request)
    return render(
        request,
        "crisiscard/sharing/read.html",
        {
            "party": grant.party,
            "token": token,
            "first_name": grant.request.participant.first_name,
            "version": version,
            "sections": section_rows(list(grant.sections), version.content) if version else [],
            "expires_at": grant.link_expires_at,
        },
    )


# ---- The responder's identified route from the emergency view (public) -------------------------


@require_http_methods(["GET", "POST"])
@_noindex
def emergency_more(request: HttpRequest, token: str) -> HttpResponse:
    if hit_over_limit(
        request, scope="crisiscard:emergency_more", limit=MORE_RATE_PER_MINUTE, window=60
    ):
        return render(request, "crisiscard/sharing/read_limited.html", status=429)
    lookup = emergency.look_up(token)
    if lookup.holder is None:
        return render(request, "crisiscard/sharing/more_gone.html", {"unknown": True}, status=404)
    if lookup.gone or lookup.card is None:
        return render(request, "crisiscard/sharing/more_gone.html", status=410)
    form = ResponderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            version, sections = shared_reading.responder_open(
                card=lookup.card,
                name=data["name"],
                organisation=data["organisation"],
                responder_type=data["responder_type"],
                reason=data["reason"],
                http_request=request,
            )
            return render(
                request,
                "crisiscard/sharing/more.html",
                {
                    "token": token,
                    "responder_type": ResponderType(data["responder_type"]).label,
                    "version": version,
                    "sections": section_rows(sections, version.content) if version else [],
                },
            )
    return render(request, "crisiscard/sharing/more_form.html", {"form": form, "token": token})


urlpatterns: list[URLPattern] = [
    path("mijn/delen/", portal_sharing, name="portal_sharing"),
    path("mijn/delen/links/", portal_sharing_links, name="portal_sharing_links"),
    path("mijn/delen/<uuid:grant_uuid>/link/", portal_sharing_renew, name="portal_sharing_renew"),
    path(
        "mijn/delen/voorstel/<uuid:proposal_uuid>/",
        portal_sharing_proposal,
        name="portal_sharing_proposal",
    ),
    path("aanvragen/<uuid:request_uuid>/delen/", sharing_propose, name="sharing_propose"),
    path("inzage/<str:token>/", party_read, name="party_read"),
    path("nood/<str:token>/meer/", emergency_more, name="emergency_more"),
]
