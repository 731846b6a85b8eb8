"""Information sessions: the region's list and calendar, one session's page and
steps, the presenter's own sessions (their feed: coordination/calendar/).

Each view: parse → access (sessions/access.py) → service → render/redirect.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from regie.core.errors import refusal_caught, refusals_to
from regie.core.paging import page_of
from regie.core.policy import actor_for
from regie.core.stale import stale_status
from regie.people.access import access_region_as_coordinator

from . import access as acc
from . import selectors as sel
from . import services as svc
from .forms import HeldForm, PresenterForm, SessionEditForm, SessionForm
from .models import InformationSession, SessionStatus


def _to_detail(session: InformationSession) -> HttpResponse:
    return redirect("coordination:session_detail", session_uuid=session.uuid)


def _steps(access: acc.SessionAccess) -> dict[str, bool]:
    session = access.session
    started = session.starts_at <= timezone.now()
    return {
        "edit": access.manages and svc.can("edit", session),
        "assign": access.manages and svc.can("assign", session),
        "held": (access.manages or access.presents) and svc.can("held", session) and started,
        "cancel": access.manages and svc.can("cancel", session),
    }


@login_required
@require_GET
def session_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    upcoming, past = sel.region_sessions(region)
    return render(
        request,
        "coordination/sessions/list.html",
        {
            "region": region,
            "upcoming": page_of(request, upcoming),
            "past": page_of(request, past, param="past"),
        },
    )


@login_required
@require_GET
def session_calendar(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    month = sel.month_grid(region, sel.parse_month(request.GET.get("month")))
    return render(
        request,
        "coordination/sessions/calendar.html",
        {"region": region, "month": month, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    form = SessionForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            session = svc.session_create(actor=actor, region=region, details=form.details())
            messages.success(request, _("The request for a session is saved."))
            return _to_detail(session)
    return render(
        request,
        "coordination/sessions/form.html",
        {"region": region, "form": form, "session": None},
    )


@login_required
@require_GET
def session_detail(request: HttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    access = acc.access_session(actor_for(request), session_uuid)
    return render(
        request,
        "coordination/sessions/detail.html",
        {"session": access.session, "access": access, "steps": _steps(access)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_session_to_manage(actor, session_uuid)
    session = access.session
    if not svc.can("edit", session):
        messages.error(request, _("A held or cancelled session cannot be changed."))
        return _to_detail(session)
    form = SessionEditForm(
        request.POST or None,
        region=session.region,
        initial=SessionForm.initial_for(session),
        seen=svc.SESSION.fingerprint(session),
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            svc.session_update(
                actor=actor,
                session=session,
                details=form.details(),
                seen=form.cleaned_data["seen"],
            )
            messages.success(request, _("The session is changed."))
            return _to_detail(session)
    return render(
        request,
        "coordination/sessions/form.html",
        {"region": session.region, "form": form, "session": session},
        status=stale_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_assign(request: HttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_session_to_manage(actor, session_uuid)
    session = access.session
    options = svc.presenter_options(session.region)
    form = PresenterForm(request.POST or None, options=options)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            svc.session_assign(actor=actor, session=session, presenter=form.chosen())
            messages.success(request, _("The presenter is chosen; the session is planned."))
            return _to_detail(session)
    return render(
        request,
        "coordination/sessions/assign.html",
        {
            "session": session,
            "form": form,
            "assignable": svc.can("assign", session),
            "eligible_count": sum(1 for _person, reason in options if not reason),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_held(request: HttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_session(actor, session_uuid)
    session = access.session
    initial: dict[str, Any] = {}
    if session.status == SessionStatus.HELD:
        initial = {
            "attendance": session.attendance,
            "evaluation_score": session.evaluation_score,
            "evaluation_notes": session.evaluation_notes,
        }
    form = HeldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            svc.session_record_held(
                actor=actor,
                session=session,
                attendance=data["attendance"],
                evaluation_score=data["evaluation_score"],
                evaluation_notes=data["evaluation_notes"],
            )
            messages.success(request, _("Saved: the session was held."))
            return _to_detail(session)
    return render(
        request,
        "coordination/sessions/held.html",
        {"session": session, "form": form, "possible": _steps(access)["held"]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, session_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_session_to_manage(actor, session_uuid)
    session = access.session
    error = ""
    if request.method == "POST":
        with refusal_caught() as refused:
            svc.session_cancel(actor=actor, session=session)
            messages.success(request, _("The session is cancelled."))
            return _to_detail(session)
        error = refused.message
    return render(
        request,
        "coordination/sessions/cancel.html",
        {"session": session, "error": error, "possible": svc.can("cancel", session)},
        status=400 if error else 200,
    )


# --- The presenter's own sessions and feed ------------------------------------------


@login_required
@require_GET
def my_sessions(request: HttpRequest) -> HttpResponse:
    """The presenter's sessions; their calendar address is on "My calendar"."""
    actor = actor_for(request)
    acc.access_own_sessions(actor)
    assert actor.person is not None
    upcoming, past = sel.own_sessions(actor.person)
    upcoming_page = page_of(request, upcoming)
    past_page = page_of(request, past, param="past")
    return render(
        request,
        "coordination/sessions/mine.html",
        {"upcoming": upcoming_page, "past": past_page},
    )
