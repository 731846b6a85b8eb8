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

from regie.audit.events import log_recovery_case
from regie.audit.models import Action
from regie.core.errors import refusals_to
from regie.core.policy import actor_for

from ..access import access_case_for_reading, access_case_for_work
from ..charts import active_areas, latest_client_scores, wheel_page_context
from ..forms.wheel import AssessmentForm
from ..models import ConsentPart, Perspective
from ..services.wheel import assessment_record


@login_required
def wheel(request: HttpRequest, case_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access = access_case_for_reading(
        actor, case_uuid, purpose="recovery:wheel", part=ConsentPart.WHEEL
    )
    context = wheel_page_context(access.case)
    log_recovery_case(
        access.case,
        actor=actor,
        action=Action.READ,
        purpose="recovery:wheel",
        part="wheel",
        role=access.log_role,
        request=request,
    )
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
        with refusals_to(form):
            assessment = assessment_record(
                actor=actor,
                case=case,
                perspective=form.cleaned_data["perspective"],
                scores=form.scores(),
                note=form.cleaned_data["note"],
                assessed_on=form.cleaned_data["assessed_on"],
                client_asked=form.cleaned_data["client_asked"],
            )
            if assessment.perspective == Perspective.CLIENT:
                messages.success(
                    request, _("The client's scores are saved, as entered at their request.")
                )
            else:
                messages.success(request, _("The team's view is saved."))
            return redirect("recovery:wheel", case_uuid=case.uuid)
    log_recovery_case(
        access.case,
        actor=actor,
        action=Action.READ,
        purpose="recovery:assessment_add",
        part="wheel",
        role=access.log_role,
        request=request,
    )
    return render(
        request,
        "recovery/wheel/assessment_add.html",
        {"case": case, "access": access, "form": form, "areas": areas},
    )


urlpatterns: list[URLPattern] = [
    path("cases/<uuid:case_uuid>/wheel/", wheel, name="wheel"),
    path("cases/<uuid:case_uuid>/wheel/add/", assessment_add, name="assessment_add"),
]
