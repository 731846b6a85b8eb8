"""Coaching conversations and intervision sessions of a region's consultants."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from regie.core.errors import refusals_to
from regie.core.paging import page_of
from regie.core.policy import actor_for
from regie.core.stale import stale_status
from regie.people.models import Person

from ..workload.access import access_region_workload
from ..workload.forms import DeleteConfirmForm
from . import selectors as sel
from . import services
from .access import access_coaching_session, access_intervision_session
from .forms import CoachingEditForm, CoachingForm, IntervisionEditForm, IntervisionForm


@login_required
@require_GET
def coaching_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_workload(actor_for(request), region_slug)
    return render(
        request,
        "coordination/workload/coaching_list.html",
        {"region": region, "sessions": page_of(request, sel.region_coaching(region.pk))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def coaching_add(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_workload(actor, region_slug)
    people = sel.region_consultant_people(region.pk)
    if actor.person is not None:
        people = people.exclude(pk=actor.person.pk)
    initial = _initial_person(people, request.GET.get("person", ""))
    form = CoachingForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.coaching_add(actor=actor, region=region, **form.cleaned_data)
            messages.success(request, _("The coaching conversation is saved."))
            return redirect("coordination:coaching_list", region_slug=region.slug)
    return render(
        request, "coordination/workload/coaching_add.html", {"region": region, "form": form}
    )


def _initial_person(people: QuerySet[Person], value: str) -> dict[str, int]:
    """Preselect the consultant a "log a coaching conversation" link came from."""
    try:
        key = uuid.UUID(value)
    except ValueError:
        return {}
    chosen = people.filter(uuid=key).first()
    return {"person": chosen.pk} if chosen is not None else {}


@login_required
@require_GET
def intervision_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_workload(actor_for(request), region_slug)
    return render(
        request,
        "coordination/workload/intervision_list.html",
        {
            "region": region,
            "sessions": page_of(request, sel.region_intervision(region.pk)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervision_add(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_workload(actor, region_slug)
    form = IntervisionForm(
        request.POST or None,
        consultants=sel.region_consultant_people(region.pk),
        facilitators=sel.region_facilitators(region.pk),
        initial={"facilitator": actor.person.pk if actor.person else None},
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.intervision_add(actor=actor, region=region, **form.cleaned_data)
            messages.success(request, _("The intervision session is saved."))
            return redirect("coordination:intervision_list", region_slug=region.slug)
    return render(
        request, "coordination/workload/intervision_add.html", {"region": region, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def coaching_edit(request: HttpRequest, region_slug: str, session_uuid: str) -> HttpResponse:
    """Correct a coaching conversation logged in the coordinator's region."""
    actor = actor_for(request)
    session = access_coaching_session(actor, region_slug, session_uuid)
    region = session.region
    assert region is not None  # the access function matched the session on its region
    people = sel.region_consultant_people(region.pk, keep=[session.person_id]).exclude(
        pk=session.coach_id
    )
    initial = {
        "person": session.person_id,
        "held_on": session.held_on,
        "topic": session.topic,
        "agreed_actions": session.agreed_actions,
    }
    form = CoachingEditForm(
        request.POST or None,
        people=people,
        initial=initial,
        seen=services.COACHING.fingerprint(session),
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.coaching_edit(actor=actor, session=session, **form.cleaned_data)
            messages.success(request, _("The coaching conversation is changed."))
            return redirect("coordination:coaching_list", region_slug=region.slug)
    return render(
        request,
        "coordination/workload/coaching_edit.html",
        {"region": region, "session": session, "form": form},
        status=stale_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def coaching_delete(request: HttpRequest, region_slug: str, session_uuid: str) -> HttpResponse:
    """Ask first, then remove a coaching conversation logged by mistake."""
    actor = actor_for(request)
    session = access_coaching_session(actor, region_slug, session_uuid)
    region = session.region
    assert region is not None  # the access function matched the session on its region
    form = DeleteConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.coaching_delete(actor=actor, session=session)
            messages.success(request, _("The coaching conversation is removed."))
            return redirect("coordination:coaching_list", region_slug=region.slug)
    return render(
        request,
        "coordination/workload/coaching_delete.html",
        {"region": region, "session": session, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervision_edit(request: HttpRequest, region_slug: str, session_uuid: str) -> HttpResponse:
    """Correct an intervision session of the coordinator's region."""
    actor = actor_for(request)
    session = access_intervision_session(actor, region_slug, session_uuid)
    region = session.region
    assert region is not None  # the access function matched the session on its region
    attendees = list(session.attendance.values_list("person_id", flat=True))
    keep_facilitator = [session.facilitator_id] if session.facilitator_id else []
    form = IntervisionEditForm(
        request.POST or None,
        seen=services.INTERVISION.fingerprint(session),
        consultants=sel.region_consultant_people(region.pk, keep=attendees),
        facilitators=sel.region_facilitators(region.pk, keep=keep_facilitator),
        initial={
            "held_on": session.held_on,
            "topic": session.topic,
            "facilitator": session.facilitator_id,
            "attendees": attendees,
        },
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.intervision_edit(actor=actor, session=session, **form.cleaned_data)
            messages.success(request, _("The intervision session is changed."))
            return redirect("coordination:intervision_list", region_slug=region.slug)
    return render(
        request,
        "coordination/workload/intervision_edit.html",
        {"region": region, "session": session, "form": form},
        status=stale_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervision_delete(request: HttpRequest, region_slug: str, session_uuid: str) -> HttpResponse:
    """Ask first, then remove an intervision session and its attendance."""
    actor = actor_for(request)
    session = access_intervision_session(actor, region_slug, session_uuid)
    region = session.region
    assert region is not None  # the access function matched the session on its region
    form = DeleteConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.intervision_delete(actor=actor, session=session)
            messages.success(request, _("The intervision session is removed."))
            return redirect("coordination:intervision_list", region_slug=region.slug)
    return render(
        request,
        "coordination/workload/intervision_delete.html",
        {
            "region": region,
            "session": session,
            "attendance": session.attendance.select_related("person").order_by(
                "person__last_name", "person__first_name"
            ),
            "form": form,
        },
    )
