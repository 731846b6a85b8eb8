"""The print queue of a region: the licence holder's print work, done by the
region's coordinators (docs/permissions.md).

The list page shows open items (paged) with checkboxes. One form, two
buttons: download the chosen (or the oldest open) items as one PDF, or mark
the chosen ones printed and sent. The download is a plain POST answered with
the PDF, so it works without JavaScript; with it, the page polls the status
endpoint and shows how far the batch is.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
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
            "batch": uuid.uuid4(),
            "max_batch": printing.MAX_BATCH,
        },
    )


@login_required
@require_POST
def print_batch(request: HttpRequest, region_slug: str) -> HttpResponse:
    actor = actor_for(request)
    region = access_region_as_coordinator(actor, region_slug)
    try:
        batch = uuid.UUID(request.POST.get("batch", ""))
    except ValueError:
        batch = uuid.uuid4()
    with refusals_to_messages(request):
        data, _count = printing.print_batch(
            actor=actor, region=region, chosen=_chosen(request), batch=batch
        )
        response = HttpResponse(data, content_type="application/pdf")
        name = f"printwerk-{region.slug}-{timezone.localtime():%Y%m%d-%H%M}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return redirect("crisiscard:print_queue", region_slug=region.slug)


@login_required
@require_GET
def print_batch_status(request: HttpRequest, region_slug: str, batch: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    access_region_as_coordinator(actor, region_slug)
    progress = printing.batch_progress(batch) or {"done": 0, "total": 0}
    return JsonResponse(progress)


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
        "printen/<slug:region_slug>/voortgang/<uuid:batch>/",
        print_batch_status,
        name="print_batch_status",
    ),
    path("printen/<slug:region_slug>/afgedrukt/", print_mark, name="print_mark"),
]
