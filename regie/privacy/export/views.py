"""The "My data" page and the staff page of a person's rights, and the downloads.

Each view: parse → access (export.access) → service → render/download.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from regie.core.policy import actor_for

from ..reads import log_person_page
from ..rectification.selectors import history
from ..restriction.services import current_restriction
from . import services
from .access import PersonAccess, access_own_data, access_person_as_staff

CONTENT_TYPES = {services.JSON: "application/json", services.PDF: "application/pdf"}


def _page_context(access: PersonAccess) -> dict[str, Any]:
    return {
        "person": access.person,
        "history": list(history(access.person)[:50]),
        "restriction": current_restriction(access),
    }


def _download(request: HttpRequest, access: PersonAccess, kind: str) -> HttpResponse:
    content = services.data_copy_make(
        actor=actor_for(request), access=access, kind=kind, request=request
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="regie-data.{kind}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The participant's or client's own "My data": copies, details, history, pause."""
    access = access_own_data(actor_for(request))
    log_person_page(request, access, "privacy:my_data")
    return render(request, "privacy/my_data.html", _page_context(access))


@login_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    return _download(request, access_own_data(actor_for(request)), services.JSON)


@login_required
def my_data_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request, access_own_data(actor_for(request)), services.PDF)


@login_required
def person(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    """Staff handle a person's request about their rights: copies, details, pause."""
    access = access_person_as_staff(actor_for(request), person_uuid, purpose="privacy:person")
    log_person_page(request, access, "privacy:person")
    return render(request, "privacy/person.html", _page_context(access))


@login_required
def person_data_json(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = access_person_as_staff(actor, person_uuid, purpose="privacy:person_data_json")
    return _download(request, access, services.JSON)


@login_required
def person_data_pdf(request: HttpRequest, person_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = access_person_as_staff(actor, person_uuid, purpose="privacy:person_data_pdf")
    return _download(request, access, services.PDF)


urlpatterns: list[URLPattern] = [
    path("mijn/", my_data, name="my_data"),
    path("mijn/gegevens.json", my_data_json, name="my_data_json"),
    path("mijn/gegevens.pdf", my_data_pdf, name="my_data_pdf"),
    path("persoon/<uuid:person_uuid>/", person, name="person"),
    path("persoon/<uuid:person_uuid>/gegevens.json", person_data_json, name="person_data_json"),
    path("persoon/<uuid:person_uuid>/gegevens.pdf", person_data_pdf, name="person_data_pdf"),
]
