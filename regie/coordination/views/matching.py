"""Matching pages: the region's queue with the engine's suggestions, the
coordinator's decisions, applicants' wishes and consultants' work profiles.

Each view: parse → access (404 for missing and forbidden) → service → render/redirect.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import actor_for
from regie.people.models import Role

from ..access import access_region_for_coordination
from ..access_matching import (
    access_region_consultant,
    access_request_for_matching,
    access_suggestion,
)
from ..audit_matching import record_reads
from ..forms_matching import ChangeForm, RejectForm, WishForm, WorkProfileForm
from ..matching_reasons import explanation, language_name
from ..models import SuggestionDecision, Weekday, WorkProfile
from ..selectors import matching as sel
from ..services import matching as services
from ..services.errors import CoordinationError


def _to_page(region_slug: str) -> HttpResponse:
    return redirect("coordination:matching", region_slug=region_slug)


@login_required
def matching(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_for_coordination(actor, region_slug)
    queue = sel.matching_queue(region)
    pool = sel.candidates(region)
    run = sel.latest_run(region)
    suggestions = {s.request_id: s for s in sel.run_suggestions(run)} if run else {}
    decided = [s for s in suggestions.values() if s.decision != SuggestionDecision.PENDING]
    people = [c.person for c in pool]
    days = dict(Weekday.choices)
    rows = []
    for item in queue:
        suggestion = suggestions.get(item.request.pk)
        rows.append(
            {
                "item": item,
                "suggestion": suggestion,
                "explanation": explanation(suggestion.reasons) if suggestion else "",
                "language": language_name(item.wish.language)
                if item.wish and item.wish.language
                else "",
                "days": ", ".join(str(days.get(d, d)) for d in item.wish.available_days)
                if item.wish
                else "",
                "change_form": ChangeForm(
                    people=people,
                    prefix=f"r{item.request.pk}",
                    initial={"consultant": str(suggestion.consultant.uuid)}
                    if suggestion and suggestion.consultant
                    else None,
                ),
                "reject_form": RejectForm(prefix=f"r{item.request.pk}"),
            }
        )
    consultants = [
        {
            "candidate": c,
            "languages": ", ".join(
                language_name(code) for code in (c.profile.languages if c.profile else [])
            ),
            "days": ", ".join(
                str(days.get(d, d)) for d in (c.profile.available_days if c.profile else [])
            ),
        }
        for c in pool
    ]
    record_reads(
        actor=actor,
        purpose="coordination:matching",
        object_type="card_request",
        items=[(str(item.request.uuid), item.request.participant) for item in queue],
        role=Role.COORDINATOR,
        part="matching_wish",
        request=request,
    )
    return render(
        request,
        "coordination/matching/queue.html",
        {
            "region": region,
            "rows": rows,
            "run": run,
            "decided": decided,
            "consultants": consultants,
            "default_capacity": WorkProfile().capacity,
        },
    )


@login_required
@require_POST
def matching_run(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_for_coordination(actor, region_slug)
    try:
        run = services.matching_run(actor=actor, region=region)
    except CoordinationError as error:
        messages.error(request, str(error))
    else:
        placed = sum(1 for s in run.suggestions.all() if s.consultant_id)
        messages.success(
            request,
            _("Suggestions ready: a consultant for %(placed)s of %(total)s applications.")
            % {"placed": placed, "total": run.suggestions.count()},
        )
    return _to_page(region.slug)


@login_required
@require_POST
def suggestion_decide(
    request: HttpRequest, region_slug: str, run_uuid: uuid.UUID, request_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    region, suggestion = access_suggestion(actor, region_slug, run_uuid, request_uuid)
    decision = request.POST.get("decision", "")
    prefix = f"r{suggestion.request_id}"
    name = suggestion.request.participant.full_name
    try:
        if decision == "accept":
            services.suggestion_accept(actor=actor, suggestion=suggestion)
            messages.success(request, _("Accepted: %(name)s is matched.") % {"name": name})
        elif decision == "change":
            people = [c.person for c in sel.candidates(region)]
            form = ChangeForm(request.POST, people=people, prefix=prefix)
            if not form.is_valid():
                raise CoordinationError(_("Choose a consultant from the list."))
            services.suggestion_change(actor=actor, suggestion=suggestion, consultant=form.chosen())
            messages.success(
                request,
                _("Changed: %(name)s is matched to %(consultant)s.")
                % {"name": name, "consultant": form.chosen().full_name},
            )
        elif decision == "reject":
            form = RejectForm(request.POST, prefix=prefix)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.suggestion_reject(actor=actor, suggestion=suggestion, note=note)
            messages.success(
                request,
                _("Rejected: the application of %(name)s stays in the queue.") % {"name": name},
            )
        else:
            raise CoordinationError(_("Choose accept, change or reject."))
    except CoordinationError as error:
        messages.error(
            request, _("Not done for %(name)s: %(reason)s") % {"name": name, "reason": error}
        )
    return _to_page(region.slug)


@login_required
@require_http_methods(["GET", "POST"])
def wish_edit(request: HttpRequest, region_slug: str, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    region, card_request = access_request_for_matching(actor, region_slug, request_uuid)
    wish = getattr(card_request, "matching_wish", None)
    people = [c.person for c in sel.candidates(region)]
    if wish is not None and wish.previous_consultant and wish.previous_consultant not in people:
        people.append(wish.previous_consultant)
    initial = {}
    if wish is not None:
        initial = {
            "wants_peer_expertise": wish.wants_peer_expertise,
            "language": wish.language,
            "consultant_gender": wish.consultant_gender,
            "available_days": wish.available_days,
            "previous_consultant": str(wish.previous_consultant.uuid)
            if wish.previous_consultant
            else "",
        }
    form = WishForm(request.POST or None, initial=initial, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.wish_save(
                actor=actor,
                request=card_request,
                wants_peer_expertise=data["wants_peer_expertise"],
                language=data["language"],
                consultant_gender=data["consultant_gender"],
                available_days=data["available_days"],
                previous_consultant=form.previous(),
            )
        except CoordinationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The wishes are saved."))
            return _to_page(region.slug)
    record(
        actor=actor,
        action=Action.READ,
        purpose="coordination:wish_edit",
        object_type="card_request",
        object_id=str(card_request.uuid),
        subject=card_request.participant,
        part="matching_wish",
        role=Role.COORDINATOR,
        request=request,
    )
    return render(
        request,
        "coordination/matching/wish_edit.html",
        {"region": region, "card_request": card_request, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_profile_edit(
    request: HttpRequest, region_slug: str, person_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    region, person = access_region_consultant(actor, region_slug, person_uuid)
    profile = WorkProfile.objects.filter(person=person).first() or WorkProfile(person=person)
    form = WorkProfileForm(
        request.POST or None,
        initial={
            "gender": profile.gender,
            "languages": ", ".join(profile.languages),
            "available_days": profile.available_days,
            "capacity": profile.capacity,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.work_profile_save(
                actor=actor,
                region=region,
                person=person,
                gender=data["gender"],
                languages=services.parse_languages(data["languages"]),
                available_days=data["available_days"],
                capacity=data["capacity"],
            )
        except CoordinationError as error:
            form.add_error("languages" if "code" in str(error) else None, str(error))
        else:
            messages.success(
                request, _("The work profile of %(name)s is saved.") % {"name": person.full_name}
            )
            return _to_page(region.slug)
    return render(
        request,
        "coordination/matching/work_profile_edit.html",
        {"region": region, "person": person, "form": form},
    )
