"""The social map: read by the region's coordinators and consultants, changed
by its coordinators."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regie.core.errors import refusals_to, refusals_to_messages
from regie.core.policy import actor_for
from regie.core.stale import stale_status
from regie.people.access import access_region_as_coordinator

from . import access as acc
from . import services
from .forms import SocialMapSearchForm, SocialServiceEditForm, SocialServiceForm
from .selectors import social_map_search

PAGE_SIZE = 20


def _to_map(region_slug: str) -> HttpResponse:
    return redirect("coordination:social_map", region_slug=region_slug)


@login_required
@require_GET
def social_map(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = acc.access_social_map(actor, region_slug)
    can_manage = acc.may_manage_social_map(actor, region)
    form = SocialMapSearchForm(request.GET or None, region=region, can_manage=can_manage)
    text, category, municipality, inactive = "", "", None, False
    if form.is_valid():
        text = form.cleaned_data["q"]
        category = form.cleaned_data["category"]
        municipality = form.cleaned_data["municipality"]
        inactive = can_manage and form.cleaned_data.get("inactive", False)
    services_found = social_map_search(
        region,
        text=text,
        category=category,
        municipality_id=municipality.pk if municipality else None,
        include_inactive=inactive,
    )
    page = Paginator(services_found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coordination/social_map/social_map.html",
        {
            "region": region,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_manage": can_manage,
            "filtered": bool(text or category or municipality),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def social_service_add(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    form = SocialServiceForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            service = services.social_service_create(
                actor=actor, region=region, **form.cleaned_data
            )
            messages.success(request, _("%(name)s is on the social map.") % {"name": service.name})
            return _to_map(region.slug)
    return render(
        request, "coordination/social_map/service_form.html", {"region": region, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def social_service_edit(
    request: HttpRequest, region_slug: str, service_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    service = acc.access_social_service(actor, region_slug, service_uuid)
    initial = {field: getattr(service, field) for field in SocialServiceForm.base_fields}
    form = SocialServiceEditForm(
        request.POST or None,
        region=service.region,
        initial=initial,
        seen=services.SOCIAL_SERVICE.fingerprint(service),
    )
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.social_service_update(actor=actor, service=service, **form.cleaned_data)
            messages.success(request, _("%(name)s is saved.") % {"name": service.name})
            return _to_map(service.region.slug)
    return render(
        request,
        "coordination/social_map/service_form.html",
        {"region": service.region, "service": service, "form": form},
        status=stale_status(form),
    )


@login_required
@require_POST
def social_service_active(
    request: HttpRequest, region_slug: str, service_uuid: uuid.UUID
) -> HttpResponse:
    actor = actor_for(request)
    service = acc.access_social_service(actor, region_slug, service_uuid)
    active = request.POST.get("active") == "1"
    with refusals_to_messages(request):
        services.social_service_set_active(actor=actor, service=service, active=active)
        if active:
            messages.success(request, _("%(name)s is active again.") % {"name": service.name})
        else:
            messages.success(
                request,
                _("%(name)s is deactivated: it is no longer offered for new parties.")
                % {"name": service.name},
            )
    return _to_map(service.region.slug)
