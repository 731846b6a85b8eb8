"""Matching pages: the region's queue with the engine's suggestions, the
coordinator's decisions, applicants' wishes and consultants' work profiles.

Each view: parse → access (404 for missing and forbidden) → service → render/redirect.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record, record_many
from regie.core.errors import refusal_caught, refusals_to, refusals_to_messages
from regie.core.paging import page_of
from regie.core.policy import Actor, actor_for
from regie.core.stale import stale_status
from regie.people.access import access_region_as_coordinator
from regie.people.models import Region, Role

from ..errors import CoordinationError
from . import runs, services
from . import selectors as sel
from .access import access_region_consultant, access_request_for_matching, access_suggestion
from .forms import ChangeForm, RejectForm, WishForm, WorkProfileForm
from .models import MatchingSuggestion, SuggestionDecision, Weekday, WorkProfile
from .reasons import explanation, language_name

QUEUE_PAGE_SIZE = 25


def _to_page(region_slug: str) -> HttpResponse:
    return redirect("coordination:matching", region_slug=region_slug)


@dataclass(frozen=True)
class _Refused:
    """A decision the service refused: shown again on its row with what was typed."""

    request_id: int
    request_uuid: str
    name: str
    error: str
    reject_form: RejectForm | None = None

    @property
    def on_a_field(self) -> bool:
        return self.reject_form is not None and bool(self.reject_form.errors)


@login_required
@require_GET
def matching(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    return _queue_page(request, actor, region)


def _queue_page(
    request: HttpRequest,
    actor: Actor,
    region: Region,
    *,
    refused: _Refused | None = None,
) -> HttpResponse:
    """One page of the queue with the suggestions; with `refused`, that row keeps
    its typed values and shows why (status 400). A row links to its own page to
    choose another consultant, so the page does not grow with rows × consultants."""
    page = page_of(request, sel.queue_in_order(region), per_page=QUEUE_PAGE_SIZE)
    queue = sel.queue_items(list(page.object_list))
    pool = sel.candidates(region)
    run, unfinished = sel.latest_and_unfinished_run(region)
    suggestions = {s.request_id: s for s in sel.run_suggestions(run)} if run else {}
    decided = [s for s in suggestions.values() if s.decision != SuggestionDecision.PENDING]
    days = dict(Weekday.choices)
    rows = []
    for item in queue:
        suggestion = suggestions.get(item.request.pk)
        mine = refused if refused is not None and refused.request_id == item.request.pk else None
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
                "reject_form": (mine.reject_form if mine and mine.reject_form else None)
                or RejectForm(prefix=f"r{item.request.pk}"),
                # Said once: on the field when a form holds it, else for the row.
                "error": mine.error if mine and not mine.on_a_field else "",
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
    record_many(
        actor=actor,
        action=Action.READ,
        purpose="coordination:matching",
        object_type=ObjectType.CARD_REQUEST,
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
            "page": page,
            "run": run,
            "unfinished": unfinished,
            "decided": decided,
            "consultants": consultants,
            "default_capacity": WorkProfile().capacity,
            "refused": refused,
            "refused_in_queue": refused is not None
            and any(item.request.pk == refused.request_id for item in queue),
        },
        status=400 if refused is not None else 200,
    )


@login_required
@require_POST
def matching_run(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    with refusals_to_messages(request):
        _run, new = runs.matching_run_request(actor=actor, region=region)
        messages.success(
            request,
            _("The suggestions are being made. This page shows them when they are ready.")
            if new
            else _("Suggestions for this queue are already being made."),
        )
    return _to_page(region.slug)


@dataclass
class _Deciding:
    """One decision on a suggestion: who decides what, and the form it posted."""

    request: HttpRequest
    actor: Actor
    region: Region
    suggestion: MatchingSuggestion
    reject_form: RejectForm | None = None

    @property
    def prefix(self) -> str:
        return f"r{self.suggestion.request_id}"

    @property
    def name(self) -> str:
        return self.suggestion.request.participant.full_name


def _suggestion_decide(
    request: HttpRequest,
    region_slug: str,
    run_uuid: uuid.UUID,
    request_uuid: uuid.UUID,
    decide: Callable[[_Deciding], None],
) -> HttpResponse:
    """The shared shape of accept and reject: access, the decision, back to the
    queue. A refused decision shows the queue again (400) with the reason on
    that row and what was typed kept."""
    actor = actor_for(request)
    region, suggestion = access_suggestion(actor, region_slug, run_uuid, request_uuid)
    deciding = _Deciding(request=request, actor=actor, region=region, suggestion=suggestion)
    with refusal_caught() as refused:
        decide(deciding)
        return _to_page(region.slug)
    row = _Refused(
        request_id=suggestion.request_id,
        request_uuid=str(suggestion.request.uuid),
        name=deciding.name,
        error=refused.message,
        reject_form=deciding.reject_form,
    )
    return _queue_page(request, actor, region, refused=row)


@login_required
@require_POST
def suggestion_accept(
    request: HttpRequest, region_slug: str, run_uuid: uuid.UUID, request_uuid: uuid.UUID
) -> HttpResponse:
    def accept(d: _Deciding) -> None:
        services.suggestion_accept(actor=d.actor, suggestion=d.suggestion)
        messages.success(request, _("Accepted: %(name)s is matched.") % {"name": d.name})

    return _suggestion_decide(request, region_slug, run_uuid, request_uuid, accept)


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_change(
    request: HttpRequest, region_slug: str, run_uuid: uuid.UUID, request_uuid: uuid.UUID
) -> HttpResponse:
    """One row's page to choose another consultant: the region's candidates once,
    not on every row of the queue. A refused choice shows this page again (400)
    with the reason on the field and the choice kept."""
    actor = actor_for(request)
    region, suggestion = access_suggestion(actor, region_slug, run_uuid, request_uuid)
    people = [c.person for c in sel.candidates(region)]
    form = ChangeForm(
        request.POST or None,
        people=people,
        prefix=f"r{suggestion.request_id}",
        initial={"consultant": str(suggestion.consultant.uuid)} if suggestion.consultant else None,
    )
    name = suggestion.request.participant.full_name
    if request.method == "POST":
        if form.is_valid():
            chosen = form.chosen()
            with refusals_to(form, field="consultant"):
                services.suggestion_change(actor=actor, suggestion=suggestion, consultant=chosen)
                messages.success(
                    request,
                    _("Changed: %(name)s is matched to %(consultant)s.")
                    % {"name": name, "consultant": chosen.full_name},
                )
                return _to_page(region.slug)
        elif "consultant" in form.errors:
            form.errors["consultant"] = form.error_class([_("Choose a consultant from the list.")])
    record(
        actor=actor,
        action=Action.READ,
        purpose="coordination:suggestion_change",
        object_type=ObjectType.CARD_REQUEST,
        object_id=str(suggestion.request.uuid),
        subject=suggestion.request.participant,
        role=Role.COORDINATOR,
        request=request,
    )
    return render(
        request,
        "coordination/matching/suggestion_change.html",
        {"region": region, "suggestion": suggestion, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def suggestion_reject(
    request: HttpRequest, region_slug: str, run_uuid: uuid.UUID, request_uuid: uuid.UUID
) -> HttpResponse:
    def reject(d: _Deciding) -> None:
        d.reject_form = RejectForm(request.POST, prefix=d.prefix)
        if not d.reject_form.is_valid():
            raise CoordinationError(d.reject_form.errors["note"][0])
        services.suggestion_reject(
            actor=d.actor, suggestion=d.suggestion, note=d.reject_form.cleaned_data["note"]
        )
        messages.success(
            request,
            _("Rejected: the application of %(name)s stays in the queue.") % {"name": d.name},
        )

    return _suggestion_decide(request, region_slug, run_uuid, request_uuid, reject)


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
    form = WishForm(
        request.POST or None, initial=initial, people=people, seen=services.WISH.fingerprint(wish)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            services.wish_save(
                actor=actor,
                request=card_request,
                wants_peer_expertise=data["wants_peer_expertise"],
                language=data["language"],
                consultant_gender=data["consultant_gender"],
                available_days=data["available_days"],
                previous_consultant=form.previous(),
                seen=data["seen"],
            )
            messages.success(request, _("The wishes are saved."))
            return _to_page(region.slug)
    record(
        actor=actor,
        action=Action.READ,
        purpose="coordination:wish_edit",
        object_type=ObjectType.CARD_REQUEST,
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
        status=stale_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_profile_edit(
    request: HttpRequest, region_slug: str, person_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    region, person = access_region_consultant(actor, region_slug, person_uuid)
    profile = sel.work_profile_of(person)
    form = WorkProfileForm(
        request.POST or None,
        seen=services.WORK_PROFILE.fingerprint(profile),
        initial={
            "gender": profile.gender,
            "languages": ", ".join(profile.languages),
            "available_days": profile.available_days,
            "capacity": profile.capacity,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals_to(form):
            services.work_profile_save(
                actor=actor,
                region=region,
                person=person,
                gender=data["gender"],
                languages=services.parse_languages(data["languages"]),
                available_days=data["available_days"],
                capacity=data["capacity"],
                seen=data["seen"],
            )
            messages.success(
                request, _("The work profile of %(name)s is saved.") % {"name": person.full_name}
            )
            return _to_page(region.slug)
    return render(
        request,
        "coordination/matching/work_profile_edit.html",
        {"region": region, "person": person, "form": form},
        status=stale_status(form),
    )
