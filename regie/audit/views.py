from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from regie.core.policy import actor_for
from regie.people.models import Role

from .access import access_log_for_reading
from .events import ObjectType
from .forms import LogFilterForm
from .models import Action
from .selectors import cursor, filtered_events, log_page, people_by_uuid
from .services import record_many

PAGE_SIZE = 50


@login_required
def log(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    access_log_for_reading(actor)
    form = LogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    before, after = cursor(request.GET.get("before")), cursor(request.GET.get("after"))
    page = log_page(filtered_events(filters), before=before, after=after, size=PAGE_SIZE)
    events = page.events
    people = people_by_uuid(events)
    # Reading the log is itself an access to personal data: one row for each
    # person the page names (a page holds at most PAGE_SIZE events), in one
    # write; a page that names nobody still writes one row.
    shown = {e.subject_uuid: people[e.subject_uuid] for e in events if e.subject_uuid in people}
    record_many(
        actor=actor,
        action=Action.SEARCH if filters else Action.READ,
        purpose="audit:log",
        object_type=ObjectType.ACCESS_LOG,
        items=[("", person) for person in shown.values()] or [("", None)],
        part=page.cursor_label(before, after),
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
    for name in ("page", "before", "after"):
        query.pop(name, None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
