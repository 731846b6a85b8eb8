"""Recovery views: the wheel (scores per life area over time) and adding scores."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor, actor_for

from ..access import CaseAccess, access_case_for_reading, access_case_for_work
from ..charts import active_areas, latest_client_scores, wheel_page_context
from ..forms.wheel import AssessmentForm
from ..models import ConsentPart, Perspective
from ..services.errors import RecoveryError
from ..services.wheel import assessment_record


def _log_read(request: HttpRequest, actor: Actor, access: CaseAccess, purpose: str) -> None:
    record(
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        object_type="recovery_case",
        object_id=str(access.case.uuid),
        subject=access.case.client,
        part="wheel",
        role=access.log_role,
        request=request,
    )


@login_required
def wheel(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = access_case_for_reading(
        actor, case_uuid, purpose="recovery:wheel", part=ConsentPart.WHEEL
    )
    context = wheel_page_context(access.case)
    _log_read(request, actor, access, "recovery:wheel")
    context["access"] = access
    context["can_add"] = context["can_add"] and access.can_work
    return render(request, "recovery/wheel/wheel.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_add(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = access_case_for_work(
        actor, case_uuid, purpose="recovery:assessment_add", part=ConsentPart.WHEEL
    )
    case = access.case
    areas = active_areas()
    form = AssessmentForm(
        request.POST or None,
        areas=areas,
        opened_on=case.opened_on,
        previous=latest_client_scores(case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_record(
                actor=actor,
                case=case,
                perspective=form.cleaned_data["perspective"],
                scores=form.scores(),
                note=form.cleaned_data["note"],
                assessed_on=form.cleaned_data["assessed_on"],
                client_asked=form.cleaned_data["client_asked"],
            )
        except RecoveryError as error:
            form.add_error(None, str(error))
        else:
            if assessment.perspective == Perspective.CLIENT:
                messages.success(
                    request, _("The client's scores are saved, as entered at their request.")
                )
            else:
                messages.success(request, _("The team's view is saved."))
            return redirect("recovery:wheel", case_uuid=case.uuid)
    _log_read(request, actor, access, "recovery:assessment_add")
    return render(
        request,
        "recovery/wheel/assessment_add.html",
        {"case": case, "access": access, "form": form, "areas": areas},
    )


urlpatterns: list[URLPattern] = [
    path("cases/<uuid:case_uuid>/wheel/", wheel, name="wheel"),
    path("cases/<uuid:case_uuid>/wheel/add/", assessment_add, name="assessment_add"),
]
