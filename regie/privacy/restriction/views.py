"""Setting and lifting a restriction (a pause on the use of someone's data).

Staff do it at the person's request, after a confirmation. Each view: parse →
access (export.access) → service → redirect.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regie.core.errors import refusals_to
from regie.core.policy import actor_for

from ..export.access import access_person_as_staff
from ..reads import log_person_page
from .forms import LiftForm, RestrictForm
from .services import current_restriction, restriction_lift, restriction_set


@login_required
@require_http_methods(["GET", "POST"])
def person_restrict(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = access_person_as_staff(actor, person_uuid, purpose="privacy:person_restrict")
    form = RestrictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            restriction_set(actor=actor, access=access, reason=form.cleaned_data["reason"])
            messages.success(request, _("The use of this person's data is paused."))
            return redirect("privacy:person", person_uuid=person_uuid)
    log_person_page(request, access, "privacy:person_restrict")
    return render(
        request,
        "privacy/restrict.html",
        {"person": access.person, "form": form, "restriction": current_restriction(access)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_restriction_lift(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = access_person_as_staff(actor, person_uuid, purpose="privacy:person_restriction_lift")
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            restriction_lift(actor=actor, access=access)
            messages.success(request, _("The pause is lifted."))
            return redirect("privacy:person", person_uuid=person_uuid)
    log_person_page(request, access, "privacy:person_restriction_lift")
    return render(
        request,
        "privacy/lift.html",
        {"person": access.person, "form": form, "restriction": current_restriction(access)},
    )


urlpatterns: list[URLPattern] = [
    path("persoon/<uuid:person_uuid>/pauze/", person_restrict, name="person_restrict"),
    path(
        "persoon/<uuid:person_uuid>/pauze/opheffen/",
        person_restriction_lift,
        name="person_restriction_lift",
    ),
]
