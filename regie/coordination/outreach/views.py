"""Stakeholders, their contact history and regional agreements: the region's
coordinators' pages. Every page: access (404 for missing and forbidden) →
service → render or redirect."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from regie.core.errors import refusals_to
from regie.core.paging import page_of
from regie.core.policy import actor_for
from regie.core.stale import stale_status
from regie.people.access import access_region_as_coordinator

from . import access as acc
from . import selectors as sel
from . import services
from .forms import (
    AgreementEditForm,
    AgreementFilterForm,
    AgreementForm,
    StakeholderContactForm,
    StakeholderEditForm,
    StakeholderFilterForm,
    StakeholderForm,
)
from .models import Stakeholder

PAGE_SIZE = 25


def _to_detail(stakeholder: Stakeholder) -> HttpResponse:
    return redirect(
        "coordination:stakeholder_detail",
        region_slug=stakeholder.region.slug,
        stakeholder_uuid=stakeholder.uuid,
    )


@login_required
@require_GET
def stakeholder_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    form = StakeholderFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "kind": form.cleaned_data["kind"],
            "status": form.cleaned_data["status"],
            "search": form.cleaned_data["q"],
        }
    stakeholders = sel.stakeholder_list(region, **filters)
    page = Paginator(stakeholders, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coordination/outreach/stakeholder_list.html",
        {
            "region": region,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filtered": any(filters.values()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_add(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    form = StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            stakeholder = services.stakeholder_create(
                actor=actor, region=region, **form.cleaned_data
            )
            messages.success(request, _("%(name)s is added.") % {"name": stakeholder.name})
            return _to_detail(stakeholder)
    return render(
        request, "coordination/outreach/stakeholder_form.html", {"region": region, "form": form}
    )


@login_required
@require_GET
def stakeholder_detail(
    request: HttpRequest, region_slug: str, stakeholder_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    stakeholder = acc.access_stakeholder(actor, region_slug, stakeholder_uuid)
    today = timezone.localdate()
    return render(
        request,
        "coordination/outreach/stakeholder_detail.html",
        {
            "region": stakeholder.region,
            "stakeholder": stakeholder,
            "contacts": list(sel.stakeholder_contacts(stakeholder)),
            "agreements": sel.stakeholder_agreements(stakeholder, today),
            "meetings": list(sel.stakeholder_meetings(stakeholder)),
            "contact_form": StakeholderContactForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_edit(
    request: HttpRequest, region_slug: str, stakeholder_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    stakeholder = acc.access_stakeholder(actor, region_slug, stakeholder_uuid)
    initial = {field: getattr(stakeholder, field) for field in StakeholderForm.base_fields}
    form = StakeholderEditForm(
        request.POST or None,
        initial=initial,
        seen=services.STAKEHOLDER.fingerprint(stakeholder),
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.stakeholder_update(actor=actor, stakeholder=stakeholder, **form.cleaned_data)
            messages.success(request, _("%(name)s is saved.") % {"name": stakeholder.name})
            return _to_detail(stakeholder)
    return render(
        request,
        "coordination/outreach/stakeholder_form.html",
        {"region": stakeholder.region, "stakeholder": stakeholder, "form": form},
        status=stale_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stakeholder_contact_add(
    request: HttpRequest, region_slug: str, stakeholder_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    stakeholder = acc.access_stakeholder(actor, region_slug, stakeholder_uuid)
    form = StakeholderContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.stakeholder_contact_add(
                actor=actor, stakeholder=stakeholder, **form.cleaned_data
            )
            messages.success(request, _("The contact moment is saved."))
            return _to_detail(stakeholder)
    return render(
        request,
        "coordination/outreach/stakeholder_contact_form.html",
        {"region": stakeholder.region, "stakeholder": stakeholder, "form": form},
    )


@login_required
@require_GET
def agreement_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    form = AgreementFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    # A region's agreements are tens, decided per row in Python: paged in memory.
    rows = page_of(request, sel.agreements_with_status(region, timezone.localdate(), status))
    return render(
        request,
        "coordination/outreach/agreement_list.html",
        {"region": region, "form": form, "rows": rows, "status": status},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_add(
    request: HttpRequest, region_slug: str, stakeholder_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    stakeholder = acc.access_stakeholder(actor, region_slug, stakeholder_uuid)
    form = AgreementForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            agreement = services.agreement_create(
                actor=actor, stakeholder=stakeholder, **form.cleaned_data
            )
            messages.success(
                request, _("The agreement %(title)s is saved.") % {"title": agreement.title}
            )
            return _to_detail(stakeholder)
    return render(
        request,
        "coordination/outreach/agreement_form.html",
        {"region": stakeholder.region, "stakeholder": stakeholder, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(
    request: HttpRequest, region_slug: str, agreement_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    agreement = acc.access_agreement(actor, region_slug, agreement_uuid)
    initial = {field: getattr(agreement, field) for field in AgreementForm.base_fields}
    form = AgreementEditForm(
        request.POST or None, initial=initial, seen=services.AGREEMENT.fingerprint(agreement)
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.agreement_update(actor=actor, agreement=agreement, **form.cleaned_data)
            messages.success(
                request, _("The agreement %(title)s is saved.") % {"title": agreement.title}
            )
            return _to_detail(agreement.stakeholder)
    return render(
        request,
        "coordination/outreach/agreement_form.html",
        {
            "region": agreement.stakeholder.region,
            "stakeholder": agreement.stakeholder,
            "agreement": agreement,
            "status": sel.agreement_status(agreement, timezone.localdate()),
            "form": form,
        },
        status=stale_status(form),
    )
