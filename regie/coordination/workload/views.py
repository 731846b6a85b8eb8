"""Workload pages: the region's dashboard, one consultant's load, the thresholds,
a team lead's view of peer experts, and everyone's own work with their hours."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from regie.core.charts import Series, line_svg
from regie.core.errors import refusals_to
from regie.core.policy import actor_for
from regie.people.models import Person, Role

from ..coaching import selectors as coaching_sel
from . import selectors as sel
from . import services
from .access import (
    access_own_time_entry,
    access_own_work,
    access_region_consultant,
    access_region_workload,
    access_team_peer_expert,
    access_team_workload,
)
from .forms import DeleteConfirmForm, ThresholdForm, TimeEntryForm
from .models import OverloadThreshold

OWN_ENTRY_WEEKS = 12


def _trend(person: Person, load: sel.Load, today: datetime.date) -> dict[str, Any]:
    """The weekly hours of the last twelve weeks as a chart and as rows for a table."""
    weeks = sel.person_trend(person, today=today)
    labels = [w.monday.strftime("%d-%m") for w in weeks]
    reference = float(load.contract_hours_per_week) if load.has_contract_hours else None
    chart = line_svg(
        [Series(_("Hours worked"), [w.hours for w in weeks])],
        labels,
        title=_("Hours worked per week, last %(weeks)s weeks") % {"weeks": len(weeks)},
        reference=reference,
        reference_label=(
            _("Contract: %(hours)s hours a week") % {"hours": load.contract_hours_per_week}
            if reference is not None
            else ""
        ),
    )
    return {"weeks": weeks, "chart": chart}


def _sources(minutes: dict[str, int]) -> list[tuple[str, float]]:
    labels = {
        sel.SOURCE_CONVERSATIONS: _("Crisis-card conversations"),
        sel.SOURCE_CASE_CONTACTS: _("Recovery case contacts"),
        sel.SOURCE_OTHER: _("Other work (time entries)"),
    }
    return [(labels[source], round(minutes[source] / 60, 1)) for source in sel.SOURCES]


@login_required
@require_GET
def dashboard(request: HttpRequest, region_slug: str) -> HttpResponse:
    """The region's consultants with their load; who needs attention comes first."""
    region = access_region_workload(actor_for(request), region_slug)
    today = timezone.localdate()
    threshold = sel.threshold_for(region.pk)
    rows = sel.load_rows(sel.region_consultants(region.pk), threshold, today=today)
    return render(
        request,
        "coordination/workload/dashboard.html",
        {
            "region": region,
            "threshold": threshold,
            "rows": rows,
            "attention": [r for r in rows if r.signal != "ok"],
            "since": sel.window_start(today),
            "today": today,
        },
    )


@login_required
@require_GET
def person(request: HttpRequest, region_slug: str, person_uuid: str) -> HttpResponse:
    """One consultant's load, trend and coaching in the region."""
    found = access_region_consultant(actor_for(request), region_slug, person_uuid)
    today = timezone.localdate()
    threshold = sel.threshold_for(found.region.pk)
    row, minutes = sel.person_overview(found.person, threshold, today=today)
    return render(
        request,
        "coordination/workload/person.html",
        {
            "region": found.region,
            "person": found.person,
            "threshold": threshold,
            "row": row,
            "sources": _sources(minutes),
            "coaching": coaching_sel.coaching_of(found.person, region_id=found.region.pk),
            "since": sel.window_start(today),
            "today": today,
            **_trend(found.person, row.load, today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def thresholds(request: HttpRequest, region_slug: str) -> HttpResponse:
    """The coordinator sets when the region's consultants are overloaded."""
    actor = actor_for(request)
    region = access_region_workload(actor, region_slug)
    current = sel.threshold_for(region.pk)
    form = ThresholdForm(
        request.POST or None,
        initial={
            "max_active_trajectories": current.max_active_trajectories,
            "max_hours_percent": current.max_hours_percent,
            "attention_percent": current.attention_percent,
        },
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.threshold_set(actor=actor, region=region, **form.cleaned_data)
            messages.success(
                request, _("The thresholds for %(region)s are saved.") % {"region": region}
            )
            return redirect("coordination:workload", region_slug=region.slug)
    return render(
        request,
        "coordination/workload/thresholds.html",
        {"region": region, "form": form, "current": current},
    )


def _own_threshold(actor_regions: list[Any]) -> OverloadThreshold:
    """A consultant's own load is judged by their (first) region's thresholds."""
    return sel.threshold_for(actor_regions[0].pk if actor_regions else None)


@login_required
@require_http_methods(["GET", "POST"])
def my_work(request: HttpRequest) -> HttpResponse:
    """My own load and trend, my coaching conversations and my other hours."""
    actor = actor_for(request)
    me = access_own_work(actor)
    form = TimeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.time_entry_add(actor=actor, **form.cleaned_data)
            messages.success(request, _("Your hours are saved."))
            return redirect("coordination:my_work")
    today = timezone.localdate()
    threshold = _own_threshold(actor.regions_for(Role.CONSULTANT))
    row, minutes = sel.person_overview(me, threshold, today=today)
    since = sel.week_start(today) - datetime.timedelta(weeks=OWN_ENTRY_WEEKS - 1)
    entries = sel.own_time_entries(me, since)
    return render(
        request,
        "coordination/workload/my_work.html",
        {
            "person": me,
            "threshold": threshold,
            "row": row,
            "sources": _sources(minutes),
            "coaching": coaching_sel.coaching_of(me),
            "entries": entries,
            "entry_weeks": OWN_ENTRY_WEEKS,
            "form": form,
            "since": sel.window_start(today),
            "today": today,
            **_trend(me, row.load, today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def time_entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Ask first, then remove one of my own time entries."""
    actor = actor_for(request)
    entry = access_own_time_entry(actor, entry_id)
    form = DeleteConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.time_entry_delete(actor=actor, entry=entry)
            messages.success(request, _("The hours are removed."))
            return redirect("coordination:my_work")
    return render(
        request, "coordination/workload/time_entry_delete.html", {"entry": entry, "form": form}
    )


@login_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """A team lead's view of the peer experts on their organisation's cases."""
    organisations = access_team_workload(actor_for(request))
    today = timezone.localdate()
    threshold = sel.threshold_for(None)
    rows = sel.load_rows(sel.team_peer_experts(organisations), threshold, today=today)
    return render(
        request,
        "coordination/workload/team.html",
        {
            "threshold": threshold,
            "rows": rows,
            "attention": [r for r in rows if r.signal != "ok"],
            "since": sel.window_start(today),
            "today": today,
        },
    )


@login_required
@require_GET
def team_person(request: HttpRequest, person_uuid: str) -> HttpResponse:
    """One peer expert's load and trend, for their team lead."""
    found = access_team_peer_expert(actor_for(request), person_uuid)
    today = timezone.localdate()
    threshold = sel.threshold_for(None)
    row, minutes = sel.person_overview(found, threshold, today=today)
    return render(
        request,
        "coordination/workload/team_person.html",
        {
            "person": found,
            "threshold": threshold,
            "row": row,
            "sources": _sources(minutes),
            "since": sel.window_start(today),
            "today": today,
            **_trend(found, row.load, today),
        },
    )
