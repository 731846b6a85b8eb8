"""Recovery views: the family peer expert's track with relatives.

What a relative tells the family peer expert stays in the family track unless
the relative agreed to share it; these pages are for the family peer expert,
except adding a relative, which the case director may do too.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from regie.audit.events import ObjectType, log_recovery_case
from regie.audit.models import Action, Outcome
from regie.audit.services import record
from regie.core.errors import refusals_to, refusals_to_messages
from regie.core.paging import page_of
from regie.core.policy import Actor, actor_for
from regie.people.models import Role

from .. import access
from ..forms.family import (
    ActivityForm,
    ActivityRelativesField,
    NoteSharingForm,
    RelativeForm,
    RelativeNoteForm,
)
from ..models import CaseRelative, RecoveryCase
from ..selectors import cases as sel
from ..selectors import lists
from ..services import family as services
from .reads import log_case_relatives, log_people_listed


def _require_family_peer_expert(actor: Actor) -> None:
    if not access.can_run_family_activities(actor) or actor.person is None:
        raise Http404


def _refuse_case(actor: Actor, case_access: access.CaseAccess, purpose: str) -> None:
    log_recovery_case(
        case_access.case,
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        outcome=Outcome.DENIED,
    )
    raise Http404


def _case_page(case: RecoveryCase) -> str:
    """The case page, where the relatives and their shared notes are shown."""
    try:
        return reverse("recovery:case_detail", args=[case.uuid])
    except NoReverseMatch:  # the case pages are another area's; be robust until they exist
        return reverse("recovery:family_activity_list")


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    _require_family_peer_expert(actor)
    activities = page_of(request, lists.family_activities(access.visible_family_activities(actor)))
    return render(request, "recovery/family/activity_list.html", {"activities": activities})


@login_required
@require_http_methods(["GET", "POST"])
def activity_add(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    _require_family_peer_expert(actor)
    assert actor.person is not None
    form = ActivityForm(request.POST if request.method == "POST" else None, person=actor.person)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            activity = services.activity_create(
                actor=actor,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                held_on=form.cleaned_data["held_on"],
                topics=form.cleaned_data["topics"],
                relatives=list(form.cleaned_data["relatives"]),
            )
            messages.success(request, _("The activity “%(title)s” is saved.") % {"title": activity})
            return redirect("recovery:family_activity_detail", activity_uuid=activity.uuid)
    log_people_listed(
        request,
        actor,
        people=form.listed_relatives(),
        purpose="recovery:family_activity_add",
        role=Role.FAMILY_PEER_EXPERT,
    )
    return render(request, "recovery/family/activity_add.html", {"form": form})


@login_required
def activity_detail(request: HttpRequest, activity_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    activity = access.access_family_activity(actor, activity_uuid)
    relatives = list(activity.relatives.order_by("last_name", "first_name", "pk"))
    # Where the family peer expert may write a note about each relative: their
    # own current cases. The case is named by its relationship only, never the client.
    links = sel.note_targets(actor, relatives)
    note_targets: dict[int, list[CaseRelative]] = {}
    for link in links:
        note_targets.setdefault(link.person_id, []).append(link)
    rows = [(relative, note_targets.get(relative.pk, [])) for relative in relatives]
    notes = activity.notes.select_related("relative").order_by("-written_on", "-pk")
    for relative in relatives:
        record(
            actor=actor,
            action=Action.READ,
            purpose="recovery:family_activity_detail",
            object_type=ObjectType.FAMILY_ACTIVITY,
            object_id=str(activity.uuid),
            subject=relative,
            role=Role.FAMILY_PEER_EXPERT,
            request=request,
        )
    return render(
        request,
        "recovery/family/activity_detail.html",
        {"activity": activity, "rows": rows, "notes": notes},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_relatives(request: HttpRequest, activity_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    activity = access.access_family_activity(actor, activity_uuid)
    assert actor.person is not None
    current = activity.relatives.all()
    form = ActivityRelativesField(
        request.POST if request.method == "POST" else None,
        person=actor.person,
        current=current,
        initial={"relatives": list(current)},
    )
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["relatives"])
        present = set(current)
        with refusals_to(form):
            services.activity_update_relatives(
                actor=actor, activity=activity, add=chosen - present, remove=present - chosen
            )
            messages.success(request, _("The list of relatives is saved."))
            return redirect("recovery:family_activity_detail", activity_uuid=activity.uuid)
    log_people_listed(
        request,
        actor,
        people=form.listed_relatives(),
        purpose="recovery:family_activity_relatives",
        role=Role.FAMILY_PEER_EXPERT,
    )
    return render(
        request, "recovery/family/activity_relatives.html", {"activity": activity, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def relative_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    purpose = "recovery:relative_add"
    case_access = access.access_case_for_work(actor, case_uuid, purpose=purpose)
    if not (case_access.is_director or case_access.is_family_peer_expert):
        _refuse_case(actor, case_access, purpose)
    form = RelativeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            relative = services.relative_add(
                actor=actor, case=case_access.case, **form.cleaned_data
            )
            messages.success(
                request, _("%(name)s is added as a relative.") % {"name": relative.person}
            )
            return redirect(_case_page(case_access.case))
    log_recovery_case(
        case_access.case,
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        role=case_access.log_role,
        request=request,
    )
    return render(
        request,
        "recovery/family/relative_add.html",
        {"case": case_access.case, "form": form, "back_url": _case_page(case_access.case)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def relative_note_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    purpose = "recovery:relative_note_add"
    case_access = access.access_case_for_work(actor, case_uuid, purpose=purpose)
    if not case_access.is_family_peer_expert:
        _refuse_case(actor, case_access, purpose)
    assert actor.person is not None
    initial = {
        "relative": request.GET.get("relative"),
        "activity": request.GET.get("activity"),
    }
    form = RelativeNoteForm(
        request.POST if request.method == "POST" else None,
        case=case_access.case,
        person=actor.person,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        activity = form.cleaned_data["activity"]
        with refusals_to(form):
            services.relative_note_add(
                actor=actor,
                case=case_access.case,
                relative=form.cleaned_data["relative"].person,
                text=form.cleaned_data["text"],
                shared_with_team=form.cleaned_data["shared_with_team"],
                activity=activity,
            )
            messages.success(request, _("The note is saved."))
            if activity is not None:
                return redirect("recovery:family_activity_detail", activity_uuid=activity.uuid)
            return redirect(_case_page(case_access.case))
    log_recovery_case(
        case_access.case,
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        role=case_access.log_role,
        request=request,
    )
    # The form offers every relative of the case by name.
    log_case_relatives(
        request,
        actor,
        relatives=sel.relatives_of(case_access.case),
        purpose=purpose,
        role=case_access.log_role,
    )
    return render(
        request,
        "recovery/family/relative_note_add.html",
        {"case": case_access.case, "form": form, "back_url": _case_page(case_access.case)},
    )


@login_required
@require_POST
def relative_note_sharing(request: HttpRequest, note_id: int) -> HttpResponse:
    actor = actor_for(request)
    note = access.access_relative_note_for_author(actor, note_id)
    form = NoteSharingForm(request.POST)
    if form.is_valid():
        with refusals_to_messages(request):
            services.relative_note_set_sharing(
                actor=actor, note=note, shared=form.cleaned_data["shared"]
            )
            if note.shared_with_team:
                messages.success(
                    request,
                    _("The note about %(name)s is now shared with the client's team.")
                    % {"name": note.relative},
                )
            else:
                messages.success(
                    request,
                    _("The note about %(name)s is now private to the family track again.")
                    % {"name": note.relative},
                )
    else:
        messages.error(request, _("Choose whether the note is shared or private."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = _case_page(note.case)
    return redirect(target)


urlpatterns: list[URLPattern] = [
    path("family/", activity_list, name="family_activity_list"),
    path("family/new/", activity_add, name="family_activity_add"),
    path("family/<uuid:activity_uuid>/", activity_detail, name="family_activity_detail"),
    path(
        "family/<uuid:activity_uuid>/relatives/",
        activity_relatives,
        name="family_activity_relatives",
    ),
    path("cases/<uuid:case_uuid>/relatives/add/", relative_add, name="relative_add"),
    path(
        "cases/<uuid:case_uuid>/relatives/notes/add/",
        relative_note_add,
        name="relative_note_add",
    ),
    path("notes/<int:note_id>/sharing/", relative_note_sharing, name="relative_note_sharing"),
]
