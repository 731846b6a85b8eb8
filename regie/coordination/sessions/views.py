"""Information sessions: the region's list and calendar, one session's page and
steps, the presenter's own sessions and their iCalendar feed.

Each view: parse → access (sessions/access.py) → service → render/redirect.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.core.errors import refusal_caught, refusals_to
from regie.core.policy import actor_for
from regie.core.ratelimit import hit_over_limit
from regie.people.access import access_region_as_coordinator

from . import access as acc
from . import ical
from . import selectors as sel
from . import services as svc
from .forms import HeldForm, PresenterForm, SessionForm
from .models import InformationSession, SessionStatus

# The public calendar feed: at most this many requests per address per window
# (like the emergency link: a guessed token costs time). Calendar apps poll a
# few times an hour, so only guessing or a runaway client reaches it.
ICAL_RATE_LIMIT = getattr(settings, "REGIE_ICAL_RATE_PER_MINUTE", 30)
ICAL_RATE_WINDOW = 60  # seconds


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
        {"region": region, "upcoming": upcoming, "past": past},
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
    form = SessionForm(
        request.POST or None, region=session.region, initial=SessionForm.initial_for(session)
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            svc.session_update(actor=actor, session=session, details=form.details())
            messages.success(request, _("The session is changed."))
            return _to_detail(session)
    return render(
        request,
        "coordination/sessions/form.html",
        {"region": session.region, "form": form, "session": session},
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
    """The presenter's sessions and their feed address; only reads (a missing
    address is made with the POST button)."""
    actor = actor_for(request)
    acc.access_own_sessions(actor)
    assert actor.person is not None
    upcoming, past = sel.own_sessions(actor.person)
    feed = sel.own_feed(actor.person)
    feed_url = (
        request.build_absolute_uri(reverse("coordination:ical_feed", args=[feed.token]))
        if feed is not None
        else ""
    )
    return render(
        request,
        "coordination/sessions/mine.html",
        {"upcoming": upcoming, "past": past, "feed_url": feed_url},
    )


@login_required
@require_POST
def my_sessions_feed_renew(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    acc.access_own_sessions(actor)
    assert actor.person is not None
    had_feed = sel.own_feed(actor.person) is not None
    svc.calendar_feed_renew(actor=actor)
    if had_feed:
        messages.success(
            request,
            _(
                "Your calendar address is renewed. The old address no longer works: add the new one."
            ),
        )
    else:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    return redirect("coordination:my_sessions")


def _event(request: HttpRequest, session: InformationSession) -> ical.Event:
    audience = session.get_audience_display()
    lines = [
        _("Audience: %(audience)s") % {"audience": audience},
        _("Expected number of people: %(size)s") % {"size": session.expected_size},
    ]
    if session.organisation is not None:
        lines.append(_("Organisation: %(name)s") % {"name": session.organisation.name})
    return ical.Event(
        uid=str(session.uuid),
        sequence=session.ical_sequence,
        starts_at=session.starts_at,
        ends_at=session.starts_at + datetime.timedelta(minutes=session.duration_minutes),
        summary=session.topic,
        location=session.location,
        description="\n".join(str(line) for line in lines),
        url=request.build_absolute_uri(reverse("coordination:session_detail", args=[session.uuid])),
        cancelled=session.status == SessionStatus.CANCELLED,
        stamp=session.created_at,
    )


@require_GET
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public, for calendar apps: the token in the address is the key (like the
    emergency link). An unknown or renewed-away token answers 404, and so does
    the feed of someone who may no longer present or whose login is off; too many
    requests from one address answer 429 with a short plain text."""
    if hit_over_limit(
        request, scope="coordination:ical_feed", limit=ICAL_RATE_LIMIT, window=ICAL_RATE_WINDOW
    ):
        busy = HttpResponse(
            _("Too many requests for calendars from your address. Try again in a minute.").encode(
                "utf-8"
            ),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        busy["Retry-After"] = str(ICAL_RATE_WINDOW)
        busy["X-Robots-Tag"] = "noindex, nofollow"
        return busy
    feed = acc.access_feed(token)
    events = [_event(request, s) for s in sel.feed_sessions(feed.person)]
    body = ical.calendar(events, name=_("Regie sessions"), now=timezone.now())
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="regie-sessions.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["X-Content-Type-Options"] = "nosniff"
    return response
