"""The print queue of a region: the licence holder's print work, done by the
region's coordinators (docs/permissions.md).

The list page shows open items (paged) with checkboxes. One form, two
buttons: ask for the chosen (or the oldest open) items as one PDF, or mark
the chosen ones printed and sent. Asking for the PDF puts it in the task
queue and leads to the batch's own page, which shows how far the worker is
(reloading itself; with JavaScript it polls the status endpoint instead) and
offers the PDF once it is ready. No page waits for the PDF to be made.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record_many
from regie.core.errors import refusals_to_messages
from regie.core.policy import actor_for
from regie.people.access import access_region_as_coordinator
from regie.people.models import Role

from ..services import printing

PAGE_SIZE = 50


def _chosen(request: HttpRequest) -> list[uuid.UUID]:
    chosen = []
    for value in request.POST.getlist("item"):
        try:
            chosen.append(uuid.UUID(value))
        except ValueError:
            continue
    return chosen


@login_required
@require_GET
def print_queue(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    items = printing.open_items(region)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    record_many(
        actor=actor,
        action=Action.READ,
        purpose="crisiscard:print_queue",
        object_type=ObjectType.PRINT_ITEM,
        items=[(str(item.uuid), item.recipient) for item in page.object_list],
        role=Role.COORDINATOR,
    )
    return render(
        request,
        "crisiscard/print/queue.html",
        {
            "region": region,
            "page": page,
            "max_batch": printing.MAX_BATCH,
        },
    )


@login_required
@require_POST
def print_batch(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    with refusals_to_messages(request):
        batch = printing.print_batch_request(actor=actor, region=region, chosen=_chosen(request))
        return redirect("crisiscard:print_batch_detail", region_slug=region.slug, batch=batch.uuid)
    return redirect("crisiscard:print_queue", region_slug=region.slug)


@login_required
@require_GET
def print_batch_detail(request: HttpRequest, region_slug: str, batch: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    found = printing.batch_in_region(region, batch)
    if found is None:
        raise Http404
    return render(request, "crisiscard/print/batch.html", {"region": region, "batch": found})


@login_required
@require_GET
def print_batch_status(request: HttpRequest, region_slug: str, batch: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    progress = printing.batch_progress(region, batch)
    if progress is None:
        raise Http404
    return JsonResponse(progress)


@login_required
@require_GET
def print_batch_download(request: HttpRequest, region_slug: str, batch: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    found = printing.batch_in_region(region, batch)
    if found is None or found.pdf is None:
        raise Http404
    record_many(
        actor=actor,
        action=Action.PRINT,
        purpose="crisiscard:print_batch_download",
        object_type=ObjectType.PRINT_ITEM,
        items=[(str(item.uuid), item.recipient) for item in printing.batch_items(found)],
        role=Role.COORDINATOR,
    )
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    name = f"printwerk-{region.slug}-{timezone.localtime(found.created_at):%Y%m%d-%H%M}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def print_mark(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    with refusals_to_messages(request):
        count = printing.mark_printed(actor=actor, region=region, chosen=_chosen(request))
        messages.success(
            request, _("%(count)d item(s) marked as printed and sent.") % {"count": count}
        )
    return redirect("crisiscard:print_queue", region_slug=region.slug)


urlpatterns: list[URLPattern] = [
    path("printen/<slug:region_slug>/", print_queue, name="print_queue"),
    path("printen/<slug:region_slug>/pdf/", print_batch, name="print_batch"),
    path(
        "printen/<slug:region_slug>/pdf/<uuid:batch>/",
        print_batch_detail,
        name="print_batch_detail",
    ),
    path(
        "printen/<slug:region_slug>/voortgang/<uuid:batch>/",
        print_batch_status,
        name="print_batch_status",
    ),
    path(
        "printen/<slug:region_slug>/pdf/<uuid:batch>/bestand/",
        print_batch_download,
        name="print_batch_download",
    ),
    path("printen/<slug:region_slug>/afgedrukt/", print_mark, name="print_mark"),
]
