"""A staff user's API tokens, on a page of their profile: list, make (the token
is shown once, on the answer to the post), revoke. Anyone else: 404."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from regie.core.errors import refusals_to
from regie.core.policy import Actor, actor_for
from regie.people.access import access_own_profile
from regie.people.models import ApiToken, TokenScope

from . import services


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What is it for?"), max_length=80)
    scope = forms.ChoiceField(label=gettext_lazy("May do"), choices=TokenScope.choices)
    days = forms.TypedChoiceField(label=gettext_lazy("Valid for"), coerce=int, initial=90)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # the Form's own arguments
        self.fields["days"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (days, _("%(days)d days") % {"days": days}) for days in services.LIFETIMES
        ]


def _access_tokens(actor: Actor) -> None:
    """Staff with a person record only: API tokens are for staff systems."""
    access_own_profile(actor)
    if not actor.is_staff:
        raise Http404


def _own_token(actor: Actor, token_uuid: uuid.UUID) -> ApiToken:
    token = services.tokens_of(actor).filter(uuid=token_uuid).first()
    if token is None:
        raise Http404
    return token


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    _access_tokens(actor)
    form = TokenForm(request.POST or None)
    made: services.NewToken | None = None
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            made = services.token_create(actor=actor, **form.cleaned_data)
            form = TokenForm()
    return render(
        request,
        "people/api_tokens.html",
        {"form": form, "made": made, "tokens": list(services.tokens_of(actor)[:50])},
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    _access_tokens(actor)
    token = _own_token(actor, token_uuid)
    services.token_revoke(actor=actor, token=token)
    messages.success(request, _("The token is revoked; it no longer works."))
    return redirect("people:api_tokens")


urlpatterns: list[URLPattern] = [
    path("me/api-tokens/", api_tokens, name="api_tokens"),
    path("me/api-tokens/<uuid:token_uuid>/revoke/", api_token_revoke, name="api_token_revoke"),
]
