"""The public signing page: a party reads their agreements and signs or declines.

No login: the single-use token in the URL is the key.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.errors import refusals_to
from regie.core.net import client_ip
from regie.core.ratelimit import hit_over_limit

from .. import schema
from ..forms.parties import DeclineForm, SignForm
from ..models import Signature
from ..services import sharing as sharing_services
from ..services import signatures as sig

# At most this many requests per address per minute.
SIGN_RATE_PER_MINUTE = getattr(settings, "REGIE_SIGN_RATE_PER_MINUTE", 30)

_Handler = Callable[[HttpRequest, str, Signature], HttpResponse]


def _rate_limited(request: HttpRequest) -> bool:
    return hit_over_limit(request, scope="crisiscard:sign", limit=SIGN_RATE_PER_MINUTE, window=60)


def _shared_sections(party: Any, content: dict[str, Any]) -> list[dict[str, Any]]:
    """The sections the participant shares with this party, as label/value rows."""
    return section_rows(sharing_services.shared_with_party(party), content)


def section_rows(keys: list[str], content: dict[str, Any]) -> list[dict[str, Any]]:
    """Plan sections of one version, as label/value rows, in the order of `keys`."""
    content = schema.normalise(content)
    result = []
    for key in keys:
        section = schema.BY_KEY.get(key)
        if section is None or key == "agreements":
            continue
        if section.repeated:
            blocks = [{"title": "", "fields": _fields(section, item)} for item in content[key]]
        elif section.subsections:
            blocks = [
                {"title": title, "fields": _fields(section, content[key][sub])}
                for sub, title in section.subsections
            ]
        else:
            blocks = [{"title": "", "fields": _fields(section, content[key])}]
        blocks = [b for b in blocks if b["fields"]]
        result.append({"key": key, "title": section.title, "blocks": blocks})
    return result


def _fields(section: schema.Section, values: dict[str, Any]) -> list[tuple[Any, Any]]:
    rows = []
    for field in section.fields:
        value = values.get(field.key)
        if field.kind == "bool":
            if value:
                rows.append((field.label, _("yes")))
        elif value:
            rows.append((field.label, value))
    return rows


def _signing_door(handler: _Handler) -> Callable[[HttpRequest, str], HttpResponse]:
    """The one way in for the signing page and its two forms: the rate limit
    (429), then the token (404 when unknown, 410 when used, superseded or
    expired, also when that happens while signing)."""

    @functools.wraps(handler)
    def view(request: HttpRequest, token: str) -> HttpResponse:
        if _rate_limited(request):
            return render(request, "crisiscard/parties/sign_rate_limited.html", status=429)
        try:
            return handler(request, token, sig.resolve_token(token))
        except sig.SignatureGone:
            return render(request, "crisiscard/parties/sign_gone.html", status=410)
        except sig.SignatureExpired:
            return render(request, "crisiscard/parties/sign_expired.html", status=410)

    return view


def _page(
    request: HttpRequest,
    token: str,
    signature: Signature,
    sign_form: SignForm,
    decline_form: DeclineForm,
) -> HttpResponse:
    party = signature.party
    version = signature.version
    return render(
        request,
        "crisiscard/parties/sign.html",
        {
            "token": token,
            "party": party,
            "first_name": party.request.participant.first_name,
            "version": version,
            "agreements": schema.agreements_for(version.content, str(party.uuid)),
            "sections": _shared_sections(party, version.content),
            "sign_form": sign_form,
            "decline_form": decline_form,
            "expires_at": signature.expires_at,
        },
    )


@require_GET
@_signing_door
def sign(request: HttpRequest, token: str, signature: Signature) -> HttpResponse:
    """The party reads their agreements and what is shared with them."""
    record(
        actor=None,
        action=Action.READ,
        purpose="crisiscard:sign",
        object_type=ObjectType.SIGNATURE,
        object_id=signature.pk,
        subject=signature.party.request.participant,
        part="agreements,shared_sections",
        request=request,
    )
    return _page(request, token, signature, SignForm(), DeclineForm())


@require_POST
@_signing_door
def sign_submit(request: HttpRequest, token: str, signature: Signature) -> HttpResponse:
    """The party signs: their typed name and a tick (see sig.sign)."""
    form = SignForm(request.POST)
    with refusals_to(form):
        if form.is_valid():
            sig.sign(
                signature=signature,
                typed_name=form.cleaned_data["typed_name"],
                confirmed=form.cleaned_data["confirmed"],
                ip=client_ip(request),
            )
            return render(request, "crisiscard/parties/sign_done.html", {"signed": True})
    return _page(request, token, signature, form, DeclineForm())


@require_POST
@_signing_door
def sign_decline(request: HttpRequest, token: str, signature: Signature) -> HttpResponse:
    """The party does not sign, and says why (see sig.decline)."""
    form = DeclineForm(request.POST)
    with refusals_to(form):
        if form.is_valid():
            sig.decline(
                signature=signature, reason=form.cleaned_data["reason"], ip=client_ip(request)
            )
            return render(request, "crisiscard/parties/sign_done.html", {"signed": False})
    return _page(request, token, signature, SignForm(), form)


urlpatterns: list[URLPattern] = [
    path("tekenen/<str:token>/", sign, name="sign"),
    path("tekenen/<str:token>/ondertekenen/", sign_submit, name="sign_submit"),
    path("tekenen/<str:token>/niet-ondertekenen/", sign_decline, name="sign_decline"),
]
