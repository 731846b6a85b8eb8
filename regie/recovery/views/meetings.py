"""Recovery views: quarterly meetings and the quarter's progress overview.

Meeting pages are about the work, not about one client: they show staff names
and anonymised numbers, never a client's name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.errors import refusals_to
from regie.core.paging import page_of
from regie.core.policy import Actor, actor_for
from regie.core.stale import stale_status

from .. import access
from ..forms.meetings import MeetingAddForm, MeetingEditForm
from ..models import MeetingAttendance, QuarterlyMeeting
from ..overview import AreaMovement, QuarterOverview, previous_quarter, quarter_of, quarter_overview
from ..pdf import overview_pdf
from ..selectors import cases as sel
from ..selectors import lists
from ..services import meetings as services


def _require_meeting_role(actor: Actor) -> None:
    """The list is for the people meetings are for; for everyone else it does not exist."""
    if not actor.roles & (access.MEETING_ROLES | access.JOINT_MEETING_ROLES):
        raise Http404


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    _require_meeting_role(actor)
    today = timezone.localdate()
    visible = access.visible_meetings(actor)
    upcoming = page_of(request, lists.meetings(visible, today, upcoming=True))
    past = page_of(request, lists.meetings(visible, today, upcoming=False), param="past")
    shown = [*upcoming.object_list, *past.object_list]
    planning = [
        (organisation, services.propose_next_date(organisation, today))
        for organisation in services.planning_organisations(actor)
    ]
    return render(
        request,
        "recovery/meetings/meeting_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "planning": planning,
            "show_organisation": len({m.organisation_id for m in shown}) > 1,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    organisations = services.planning_organisations(actor)
    if not organisations:
        raise Http404
    chosen = next(
        (o for o in organisations if str(o.uuid) == request.GET.get("organisation")),
        organisations[0],
    )
    form = MeetingAddForm(
        request.POST or None,
        organisations=organisations,
        initial={
            "organisation": chosen.pk,
            "held_on": services.propose_next_date(chosen),
        },
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            meeting = services.meeting_create(actor=actor, **form.cleaned_data)
            messages.success(
                request,
                ngettext(
                    "The meeting on %(date)s is planned and %(count)d person is invited.",
                    "The meeting on %(date)s is planned and %(count)d people are invited.",
                    meeting.attendance.count(),
                )
                % {
                    "date": meeting.held_on.strftime("%d-%m-%Y"),
                    "count": meeting.attendance.count(),
                },
            )
            return redirect("recovery:meeting_detail", meeting_uuid=meeting.uuid)
    return render(
        request,
        "recovery/meetings/meeting_add.html",
        {"form": form, "organisation": chosen, "organisations": organisations},
    )


def _invitations(meeting: QuarterlyMeeting) -> list[MeetingAttendance]:
    return sel.invitations(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    if request.method == "POST":
        meeting = access.access_meeting_for_editing(actor, meeting_uuid)
    else:
        meeting = access.access_meeting(actor, meeting_uuid)
    may_edit = services.meeting_role(actor, meeting.organisation_id) is not None
    invitations = _invitations(meeting)
    attendance_open = meeting.held_on <= timezone.localdate()
    form = None
    if may_edit:
        form = MeetingEditForm(
            request.POST or None,
            invitations=invitations,
            with_attendance=attendance_open,
            initial={
                "agenda": meeting.agenda,
                "minutes": meeting.minutes,
            },
            seen=services.meeting_fingerprint(meeting),
        )
        if request.method == "POST" and form.is_valid():
            with refusals_to(form):
                services.meeting_update(
                    actor=actor,
                    meeting=meeting,
                    agenda=form.cleaned_data["agenda"],
                    minutes=form.cleaned_data["minutes"],
                    attendance=form.attendance(),
                    seen=form.cleaned_data["seen"],
                )
                messages.success(request, _("The meeting is saved."))
                return redirect("recovery:meeting_detail", meeting_uuid=meeting.uuid)
    return render(
        request,
        "recovery/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "invitations": invitations,
            "present": sum(1 for i in invitations if i.attended),
            "recorded": any(i.attended is not None for i in invitations),
            "form": form,
            "is_upcoming": meeting.held_on >= timezone.localdate(),
            "attendance_open": attendance_open,
            "overview_quarter": _overview_quarter(meeting),
        },
        status=stale_status(form) if form is not None else 200,
    )


def _overview_quarter(meeting: QuarterlyMeeting) -> tuple[int, int]:
    """The meeting looks back on the last full quarter before its date."""
    return previous_quarter(*quarter_of(meeting.held_on))


@dataclass(frozen=True)
class Bar:
    """A horizontal bar around a zero line, in a 0–200 wide SVG (10 units per point)."""

    area: AreaMovement
    x: float
    width: float
    positive: bool


def _bars(overview: QuarterOverview) -> list[Bar]:
    bars = []
    for area in overview.areas:
        value = area.average_change or 0.0
        width = min(abs(value), 10.0) * 10
        bars.append(Bar(area, 100 - width if value < 0 else 100, width, value >= 0))
    return bars


@login_required
@require_GET
def meeting_overview(request: HttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    meeting = access.access_meeting(actor_for(request), meeting_uuid)
    overview = quarter_overview(meeting.organisation, *_overview_quarter(meeting))
    return render(
        request,
        "recovery/meetings/meeting_overview.html",
        {
            "meeting": meeting,
            "overview": overview,
            "bars": _bars(overview),
            "reasons": [r for r in overview.closed_by_reason if r.count],
        },
    )


@login_required
@require_GET
def meeting_overview_pdf(request: HttpRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    meeting = access.access_meeting(actor, meeting_uuid)
    overview = quarter_overview(meeting.organisation, *_overview_quarter(meeting))
    content = overview_pdf(overview)
    record(
        actor=actor,
        action=Action.EXPORT,
        purpose="recovery:meeting_overview_pdf",
        object_type=ObjectType.QUARTER_OVERVIEW,
        object_id=f"{meeting.organisation.uuid}:{overview.year}-Q{overview.quarter}",
        role=actor.role_in([*sorted(access.MEETING_ROLES), *sorted(access.JOINT_MEETING_ROLES)]),
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"progress-overview-{overview.year}-Q{overview.quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns: list[URLPattern] = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_add, name="meeting_add"),
    path("meetings/<uuid:meeting_uuid>/", meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:meeting_uuid>/overview/", meeting_overview, name="meeting_overview"),
    path(
        "meetings/<uuid:meeting_uuid>/overview.pdf",
        meeting_overview_pdf,
        name="meeting_overview_pdf",
    ),
]
