"""Erasure pages: the person asks (portal), staff record a request on their
behalf, the coordinator or log manager sees the tasks, confirms and executes,
and downloads the certificate."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from regie.audit.events import ObjectType, log_erasure_request
from regie.audit.models import Action
from regie.audit.services import record_many
from regie.core.errors import refusals_to, refusals_to_messages
from regie.core.paging import page_of
from regie.core.policy import actor_for

from ..models import ErasureVia
from . import selectors, services
from .access import (
    access_certificate,
    access_erasure_for_execution,
    access_own_erasure,
    erasure_roles,
)
from .certificate import certificate_pdf
from .forms import ConfirmErasureForm, RecordErasureForm
from .shredders import KINDS


@login_required
@require_http_methods(["GET", "POST"])
def erasure_ask(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    person = access_own_erasure(actor)
    if request.method == "POST":
        with refusals_to_messages(request):
            services.erasure_request_create(actor=actor, person=person, via=ErasureVia.PORTAL)
            messages.success(
                request, _("We have your request. We will erase your data within three months.")
            )
        return redirect("privacy:erasure_ask")
    open_request = selectors.open_request_of(person)
    return render(request, "privacy/erasure/ask.html", {"open_request": open_request})


@login_required
@require_GET
def erasure_tasks(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    role = erasure_roles(actor)
    tasks = page_of(request, selectors.tasks_for(actor).order_by("due_on", "requested_at", "pk"))
    done = list(selectors.done_for(actor)[:20])
    # The page names each person on it: one read of each task shown, in one write.
    record_many(
        actor=actor,
        action=Action.READ,
        purpose="privacy:erasure_tasks",
        object_type=ObjectType.ERASURE_REQUEST,
        items=[(str(task.uuid), task.person) for task in tasks.object_list],
        role=role,
        request=request,
    )
    return render(request, "privacy/erasure/tasks.html", {"tasks": tasks, "done": done})


@login_required
@require_http_methods(["GET", "POST"])
def erasure_record(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    role = erasure_roles(actor)
    people = list(selectors.people_to_record_for(actor))
    form = RecordErasureForm(request.POST or None, options=[(person, "") for person in people])
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.erasure_request_create(
                actor=actor, person=form.chosen(), via=ErasureVia.STAFF, role=role
            )
            messages.success(request, _("The erasure request is recorded."))
            return redirect("privacy:erasure_tasks")
    record_many(
        actor=actor,
        action=Action.READ,
        purpose="privacy:erasure_record",
        object_type=ObjectType.PERSON,
        items=[(person.pk, person) for person in people],
        part="name",
        role=role,
        request=request,
    )
    return render(request, "privacy/erasure/record.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def erasure_execute(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = access_erasure_for_execution(actor, request_uuid)
    erasure_request = access.erasure_request
    form = ConfirmErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.erasure_execute(actor=actor, erasure_request=erasure_request, role=access.role)
            messages.success(request, _("The data is erased. The certificate is ready."))
            return redirect("privacy:erasure_tasks")
    log_erasure_request(
        erasure_request,
        actor=actor,
        action=Action.READ,
        purpose="privacy:erasure_execute",
        role=access.role,
        request=request,
    )
    goes = [
        (KINDS[kind], count)
        for kind, count in selectors.what_goes(erasure_request.person).items()
        if count
    ]
    return render(
        request,
        "privacy/erasure/execute.html",
        {"erasure_request": erasure_request, "goes": goes, "form": form},
    )


@login_required
@require_GET
def erasure_certificate(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = access_certificate(actor, request_uuid)
    erasure_request = access.erasure_request
    log_erasure_request(
        erasure_request,
        actor=actor,
        action=Action.PRINT,
        purpose="privacy:erasure_certificate",
        role=access.role,
        request=request,
    )
    certificate = erasure_request.certificate
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="erasure-{certificate.uuid}.pdf"'
    return response


urlpatterns: list[URLPattern] = [
    path("wissen/", erasure_ask, name="erasure_ask"),
    path("erasure/", erasure_tasks, name="erasure_tasks"),
    path("erasure/record/", erasure_record, name="erasure_record"),
    path("erasure/<uuid:request_uuid>/", erasure_execute, name="erasure_execute"),
    path(
        "erasure/<uuid:request_uuid>/certificate/",
        erasure_certificate,
        name="erasure_certificate",
    ),
]
