"""Crisis-card views: the crisis plan (editor, versions, comparing, establishing, proposals).

Each view: parse → access (regie.crisiscard.access) → service → render/redirect.
Plan content is for the participant and their assigned consultant only: the
region's coordinator gets 404 here, and the refusal is logged.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regie.core.errors import refusal_caught, refusals_to, refusals_to_messages
from regie.core.policy import Actor, actor_for

from .. import access as acc
from .. import completeness, diff, schema
from ..forms.plan import EstablishForm, NewDraftForm, PlanForm, ProposalForm, ProposalStatusForm
from ..models import ChangeProposal, CrisisPlan, Party, RequestState, content_hash
from ..services import plan as services
from ..services import signatures
from ..services.transitions import CARD_IN_USE

REVISIONS_SHOWN = 50


def _access_plan(actor: Actor, request_uuid: uuid.UUID, purpose: str) -> acc.RequestAccess:
    """The assigned consultant or the participant; anyone else (the coordinator too) 404."""
    access = acc.access_request(actor, request_uuid, purpose=purpose)
    if not access.may_read_plan:
        acc.refuse(actor, access.request, purpose)
    return access


def _party_names(parties: list[Party]) -> dict[str, str]:
    return {str(p.uuid): p.name for p in parties}


def _common(access: acc.RequestAccess, plan: CrisisPlan) -> dict[str, Any]:
    return {
        "access": access,
        "card_request": access.request,
        "plan": plan,
        "is_participant": access.is_participant,
        "is_consultant": access.is_consultant,
    }


def _to_editor(request_uuid: uuid.UUID) -> HttpResponse:
    return redirect("crisiscard:plan_edit", request_uuid=request_uuid)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = _access_plan(actor, request_uuid, "crisiscard:plan_edit")
    card_request = access.request
    plan = services.plan_of(card_request)
    parties = services.request_parties(card_request)
    choices = [(str(p.uuid), p.name) for p in parties]
    editable = card_request.state in services.EDITABLE_STATES
    status = 200
    stale: services.StaleDraft | None = None
    started_from: dict[str, Any] | None = None
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        content=plan.draft,
        party_choices=choices,
        initial={"based_on_revision": plan.draft_revision},
    )
    if request.method == "POST" and form.is_valid():
        based_on = form.cleaned_data["based_on_revision"]
        with refusals_to(form), refusal_caught(kind=services.StaleDraft) as conflict:
            saved = services.save_draft(
                actor=actor, plan=plan, content=form.content(), based_on_revision=based_on
            )
            if saved.draft_revision == based_on:
                messages.info(request, _("Nothing changed, so nothing new was saved."))
            else:
                messages.success(
                    request,
                    _("The plan is saved (version %(revision)d of the draft).")
                    % {"revision": saved.draft_revision},
                )
            return _to_editor(card_request.uuid)
        if isinstance(conflict.refusal, services.StaleDraft):
            stale = conflict.refusal
            status = stale.status
            started_from = services.revision_content(plan, based_on)
            # The user's text stays; a next save is based on what is stored now, on purpose.
            data = request.POST.copy()
            data["based_on_revision"] = str(stale.revision)
            form = PlanForm(data, content=stale.content, party_choices=choices)
            form.is_valid()
    titles = _section_titles()
    shown = form.content() if form.is_bound and hasattr(form, "cleaned_data") else plan.draft
    context = _common(access, plan) | {
        "form": form,
        "groups": form.groups(),
        "editable": editable,
        "card_in_use": card_request.state in CARD_IN_USE,
        "completeness": completeness.check(shown, party_uuids=[c for c, _n in choices]),
        "stale": stale,
        "open_proposals": [
            (p, titles.get(p.section))
            for p in plan.proposals.filter(status=ChangeProposal.Status.OPEN)
        ]
        if plan.pk and access.is_consultant
        else [],
    }
    if stale is not None:
        names = _party_names(parties)
        if started_from is None:
            context["stale_diff_base_unknown"] = True
            context["stale_diff"] = diff.diff_contents(shown, stale.content, party_names=names)
        else:
            context["stale_diff"] = diff.diff_contents(
                started_from, stale.content, party_names=names
            )
    acc.log_read(actor, access, purpose="crisiscard:plan_edit", part="plan", request=request)
    return render(request, "crisiscard/plan/edit.html", context, status=status)


@login_required
def plan_versions(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = _access_plan(actor, request_uuid, "crisiscard:plan_versions")
    plan = services.plan_of(access.request)
    versions: list[Any] = []
    revisions: list[Any] = []
    revision_count = 0
    if plan.pk:
        versions = list(plan.versions.select_related("established_by").order_by("-number"))
        revision_qs = plan.revisions.select_related("saved_by").order_by("-number")
        revisions = list(
            revision_qs.only("number", "saved_at", "saved_by", "plan")[:REVISIONS_SHOWN]
        )
        revision_count = plan.draft_revision
    acc.log_read(actor, access, purpose="crisiscard:plan_versions", part="plan", request=request)
    return render(
        request,
        "crisiscard/plan/versions.html",
        _common(access, plan)
        | {
            "versions": versions,
            "latest": versions[0] if versions else None,
            "signature_rows": signatures.version_signatures(versions[0]) if versions else [],
            "revisions": revisions,
            "more_revisions": max(0, revision_count - len(revisions)) if revisions else 0,
        },
    )


@login_required
def plan_compare(request: HttpRequest, request_uuid: uuid.UUID, number: int) -> HttpResponse:
    actor = actor_for(request)
    access = _access_plan(actor, request_uuid, "crisiscard:plan_compare")
    plan = services.plan_of(access.request)
    version = services.version_of(plan, number)
    if version is None:
        raise Http404
    previous = services.version_of(plan, number - 1) if number > 1 else None
    names = _party_names(services.request_parties(access.request))
    acc.log_read(actor, access, purpose="crisiscard:plan_compare", part="plan", request=request)
    return render(
        request,
        "crisiscard/plan/compare.html",
        _common(access, plan)
        | {
            "version": version,
            "previous": previous,
            "content": diff.readable(version.content, party_names=names),
            "diff": diff.diff_contents(
                previous.content if previous else None, version.content, party_names=names
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_establish(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = _access_plan(actor, request_uuid, "crisiscard:plan_establish")
    card_request = access.request
    plan = services.plan_of(card_request)
    form = EstablishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            version = services.establish(actor=actor, plan=plan)
            messages.success(
                request,
                _(
                    "Version %(number)d of your plan is established. Your consultant will "
                    "now ask the parties to sign their agreements."
                )
                % {"number": version.number},
            )
            return redirect("crisiscard:plan_versions", request_uuid=card_request.uuid)
    parties = services.request_parties(card_request)
    names = _party_names(parties)
    latest = services.latest_version(plan)
    draft_differs = latest is None or latest.content_hash != _draft_hash(plan)
    acc.log_read(actor, access, purpose="crisiscard:plan_establish", part="plan", request=request)
    return render(
        request,
        "crisiscard/plan/establish.html",
        _common(access, plan)
        | {
            "form": form,
            "content": diff.readable(plan.draft, party_names=names),
            "completeness": completeness.check(plan.draft, party_uuids=list(names)),
            "latest": latest,
            "changes": diff.diff_contents(latest.content, plan.draft, party_names=names)
            if latest
            else None,
            "can_establish": access.is_participant
            and (
                card_request.state == RequestState.PLAN_DRAFTED or card_request.state in CARD_IN_USE
            )
            and draft_differs
            and plan.pk is not None,
            "draft_differs": draft_differs,
        },
    )


def _draft_hash(plan: CrisisPlan) -> str:
    return content_hash(schema.normalise(plan.draft))


@login_required
@require_http_methods(["GET", "POST"])
def plan_propose(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_own_request(actor, request_uuid, purpose="crisiscard:plan_propose")
    plan = services.plan_of(access.request)
    form = ProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.propose_change(
                actor=actor,
                plan=plan,
                section=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
            )
            messages.success(
                request, _("Thank you. Your consultant will read your proposal and contact you.")
            )
            return redirect("crisiscard:plan_propose", request_uuid=access.request.uuid)
    proposals = list(plan.proposals.all()) if plan.pk else []
    acc.log_read(actor, access, purpose="crisiscard:plan_propose", part="plan", request=request)
    return render(
        request,
        "crisiscard/plan/propose.html",
        _common(access, plan)
        | {"form": form, "proposals": proposals, "section_titles": _section_titles()},
    )


def _section_titles() -> dict[str, Any]:
    return {s.key: s.title for s in schema.SECTIONS}


@login_required
@require_POST
def plan_proposal_status(
    request: HttpRequest, request_uuid: uuid.UUID, proposal_id: int
) -> HttpResponse:
    actor = actor_for(request)
    access = acc.access_request_for_work(
        actor, request_uuid, purpose="crisiscard:plan_proposal_status"
    )
    plan = services.plan_of(access.request)
    proposal = (
        plan.proposals.select_related("plan").filter(pk=proposal_id).first() if plan.pk else None
    )
    if proposal is None:
        raise Http404
    form = ProposalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happened with the proposal."))
        return _to_editor(access.request.uuid)
    with refusals_to_messages(request):
        services.proposal_set_status(
            actor=actor, proposal=proposal, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("The proposal is marked: %(status)s.")
            % {"status": ChangeProposal.Status(form.cleaned_data["status"]).label},
        )
    return _to_editor(access.request.uuid)


@login_required
@require_POST
def plan_new_draft(request: HttpRequest, request_uuid: uuid.UUID) -> HttpResponse:
    """Start a new version from an issued card; with `proposal`, taking up that proposal."""
    actor = actor_for(request)
    access = _access_plan(actor, request_uuid, "crisiscard:plan_new_draft")
    plan = services.plan_of(access.request)
    form = NewDraftForm(request.POST)
    if not form.is_valid():
        raise Http404
    proposal = None
    if form.cleaned_data["proposal"] and plan.pk:
        proposal = plan.proposals.filter(pk=form.cleaned_data["proposal"]).first()
        if proposal is None:
            raise Http404
    with refusals_to_messages(request):
        services.start_new_draft(actor=actor, plan=plan, proposal=proposal)
        messages.success(
            request,
            _(
                "You are working on a new version of the plan. The card that was issued "
                "stays valid until the new card is issued."
            ),
        )
    return _to_editor(access.request.uuid)


urlpatterns: list[URLPattern] = [
    path("aanvragen/<uuid:request_uuid>/plan/", plan_edit, name="plan_edit"),
    path("aanvragen/<uuid:request_uuid>/plan/versies/", plan_versions, name="plan_versions"),
    path(
        "aanvragen/<uuid:request_uuid>/plan/versies/<int:number>/",
        plan_compare,
        name="plan_compare",
    ),
    path("aanvragen/<uuid:request_uuid>/plan/vaststellen/", plan_establish, name="plan_establish"),
    path("aanvragen/<uuid:request_uuid>/plan/voorstel/", plan_propose, name="plan_propose"),
    path(
        "aanvragen/<uuid:request_uuid>/plan/nieuwe-versie/",
        plan_new_draft,
        name="plan_new_draft",
    ),
    path(
        "aanvragen/<uuid:request_uuid>/plan/voorstellen/<int:proposal_id>/",
        plan_proposal_status,
        name="plan_proposal_status",
    ),
]
