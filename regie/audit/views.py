from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from regie.core.policy import actor_for
from regie.people.models import Role

from .access import access_log_for_reading
from .events import ObjectType
from .forms import LogFilterForm
from .models import Action
from .selectors import filtered_events, people_by_uuid
from .services import record

PAGE_SIZE = 50


@login_required
def log(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    access_log_for_reading(actor)
    form = LogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = Paginator(filtered_events(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    events = list(page.object_list)
    people = people_by_uuid(events)
    subject = None
    if filters.get("participant") and len({e.subject_uuid for e in events}) == 1:
        subject = people.get(events[0].subject_uuid)  # type: ignore[arg-type]  # a missing uuid gives None
    # Reading the log is itself an access to personal data.
    record(
        actor=actor,
        action=Action.SEARCH if filters else Action.READ,
        purpose="audit:log",
        object_type=ObjectType.ACCESS_LOG,
        subject=subject,
        part=f"page {page.number}",
        role=Role.LOG_MANAGER,
        request=request,
    )
    rows = [
        {
            "event": e,
            "subject": people.get(e.subject_uuid) if e.subject_uuid else None,
            "actor": people.get(e.actor_person_uuid) if e.actor_person_uuid else None,
        }
        for e in events
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
