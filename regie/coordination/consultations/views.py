"""The regional consultation on crisis care: meetings, follow-ups and the
anonymised input pack. The region's coordinators only."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.errors import refusals_to, refusals_to_messages
from regie.core.paging import page_of
from regie.core.policy import actor_for
from regie.core.stale import stale_status
from regie.people.access import access_region_as_coordinator
from regie.people.models import Role
from regie.reports.quarters import Quarter

from . import access as acc
from . import selectors as sel
from . import services
from .forms import (
    ConsultationActionForm,
    ConsultationActionStatusForm,
    ConsultationEditForm,
    ConsultationForm,
)
from .models import RegionalMeeting
from .pdf import input_pack_pdf


def _to_detail(meeting: RegionalMeeting) -> HttpResponse:
    return redirect(
        "coordination:consultation_detail",
        region_slug=meeting.region.slug,
        meeting_uuid=meeting.uuid,
    )


@login_required
@require_GET
def consultation_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    return render(
        request,
        "coordination/consultation/consultation_list.html",
        {"region": region, "meetings": page_of(request, sel.consultation_list(region))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_add(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    form = ConsultationForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            meeting = services.consultation_create(actor=actor, region=region, **form.cleaned_data)
            messages.success(
                request, _("The consultation %(title)s is saved.") % {"title": meeting.title}
            )
            return _to_detail(meeting)
    return render(
        request,
        "coordination/consultation/consultation_form.html",
        {"region": region, "form": form},
    )


@login_required
@require_GET
def consultation_detail(
    request: HttpRequest, region_slug: str, meeting_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    meeting = acc.access_consultation(actor, region_slug, meeting_uuid)
    quarter = sel.pack_period(meeting)
    return render(
        request,
        "coordination/consultation/consultation_detail.html",
        {
            "region": meeting.region,
            "meeting": meeting,
            "stakeholders": list(meeting.stakeholders.order_by("name", "pk")),
            "actions": list(sel.consultation_actions(meeting)),
            "action_form": ConsultationActionForm(),
            "pack": sel.input_pack(meeting.region, quarter),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(
    request: HttpRequest, region_slug: str, meeting_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    meeting = acc.access_consultation(actor, region_slug, meeting_uuid)
    initial = {
        field: getattr(meeting, field)
        for field in ("held_on", "title", "participants", "agenda", "notes")
    }
    initial["stakeholders"] = list(meeting.stakeholders.values_list("pk", flat=True))
    chosen = Quarter.exactly(meeting.input_period_start, meeting.input_period_end)
    initial["input_quarter"] = chosen.key if chosen else ""
    form = ConsultationEditForm(
        request.POST or None,
        region=meeting.region,
        initial=initial,
        seen=services.CONSULTATION.fingerprint(meeting),
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.consultation_update(actor=actor, meeting=meeting, **form.cleaned_data)
            messages.success(
                request, _("The consultation %(title)s is saved.") % {"title": meeting.title}
            )
            return _to_detail(meeting)
    return render(
        request,
        "coordination/consultation/consultation_form.html",
        {"region": meeting.region, "meeting": meeting, "form": form},
        status=stale_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_action_add(
    request: HttpRequest, region_slug: str, meeting_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    meeting = acc.access_consultation(actor, region_slug, meeting_uuid)
    form = ConsultationActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.consultation_action_add(actor=actor, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("The follow-up is saved."))
            return _to_detail(meeting)
    return render(
        request,
        "coordination/consultation/action_form.html",
        {"region": meeting.region, "meeting": meeting, "form": form},
    )


@login_required
@require_POST
def consultation_action_update(
    request: HttpRequest, region_slug: str, meeting_uuid: uuid.UUID, action_id: int
) -> HttpResponse:
    actor = actor_for(request)
    action = acc.access_consultation_action(actor, region_slug, meeting_uuid, action_id)
    form = ConsultationActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose done, dropped or open."))
        return _to_detail(action.meeting)
    with refusals_to_messages(request):
        services.consultation_action_update(
            actor=actor, action=action, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("%(action)s: %(status)s.")
            % {"action": action.description, "status": action.get_status_display()},
        )
    return _to_detail(action.meeting)


@login_required
@require_GET
def consultation_pack(
    request: HttpRequest, region_slug: str, meeting_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    meeting = acc.access_consultation(actor, region_slug, meeting_uuid)
    quarter = sel.pack_period(meeting)
    pack = sel.input_pack(meeting.region, quarter)
    content = input_pack_pdf(meeting, pack)
    record(
        actor=actor,
        action=Action.EXPORT,
        purpose="coordination:consultation_pack",
        object_type=ObjectType.CONSULTATION_INPUT_PACK,
        object_id=f"{meeting.uuid}:{quarter.start.isoformat()}:{quarter.end.isoformat()}",
        role=Role.COORDINATOR,
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"input-pack-{meeting.region.slug}-{meeting.held_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
