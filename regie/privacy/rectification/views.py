"""Correcting personal details: by the person, or by staff on their request.

Each view: parse → access (export.access) → service → redirect. A stale save
answers 409 with the user's text kept and, next to it, what is stored now.
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

from regie.core.errors import refusal_caught, refusals_to
from regie.core.policy import actor_for

from ..export.access import PersonAccess, access_own_data, access_person_as_staff
from ..export.collect import PERSON_FIELDS, person_details, plain
from ..reads import log_person_page
from .forms import DetailsForm
from .selectors import current_version
from .services import StaleDetails, person_details_correct


def _edit(
    request: HttpRequest, access: PersonAccess, done: HttpResponse, purpose: str
) -> HttpResponse:
    person = access.person
    number = current_version(person)
    initial = {**{f: getattr(person, f) for f in PERSON_FIELDS}, "version": number}
    form = DetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    context: dict[str, Any] = {"person": person, "is_own": access.is_own}
    status = 200
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in PERSON_FIELDS}
        with refusals_to(form), refusal_caught(kind=StaleDetails) as conflict:
            saved = person_details_correct(
                actor=actor_for(request),
                access=access,
                values=values,
                based_on=form.cleaned_data["version"],
                request=request,
            )
            if saved is None:
                messages.info(request, _("Nothing changed, so nothing was saved."))
            else:
                messages.success(request, _("Your changes are saved."))
            return done
        if isinstance(conflict.refusal, StaleDetails):
            status = conflict.refusal.status
            stored = person_details(person)
            context["stale"] = [
                {"field": form.fields[f].label, "yours": plain(values[f]), "stored": stored[f]}
                for f in PERSON_FIELDS
                if plain(values[f]) != stored[f]
            ]
            # Their text stays; the next save is based on what is stored now, on purpose.
            data = request.POST.copy()
            data["version"] = str(number)
            form = DetailsForm(data, initial=initial)
            form.is_valid()
    context["form"] = form
    log_person_page(request, access, purpose)
    return render(request, "privacy/details_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def my_details_edit(request: HttpRequest) -> HttpResponse:
    """The participant or client corrects their own details."""
    access = access_own_data(actor_for(request))
    return _edit(request, access, redirect("privacy:my_data"), "privacy:my_details_edit")


@login_required
@require_http_methods(["GET", "POST"])
def person_details_edit(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    """Staff correct a person's details on their request, with the same history."""
    actor = actor_for(request)
    access = access_person_as_staff(actor, person_uuid, purpose="privacy:person_details_edit")
    return _edit(
        request,
        access,
        redirect("privacy:person", person_uuid=person_uuid),
        "privacy:person_details_edit",
    )


urlpatterns: list[URLPattern] = [
    path("mijn/gegevens/wijzigen/", my_details_edit, name="my_details_edit"),
    path(
        "persoon/<uuid:person_uuid>/gegevens/wijzigen/",
        person_details_edit,
        name="person_details_edit",
    ),
]
