"""A person's own calendar: the page with their feed address, making a new
address, and the public feed that calendar apps fetch.

Each view: parse → access (calendar/access.py) → service → render/redirect.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from regie.core.policy import actor_for
from regie.core.ratelimit import hit_over_limit

from . import access as acc
from . import ical
from . import selectors as sel
from . import services as svc

# The public calendar feed: at most this many requests per address per window
# (like the emergency link: a guessed token costs time). Calendar apps poll a
# few times an hour, so only guessing or a runaway client reaches it.
ICAL_RATE_LIMIT = getattr(settings, "REGIE_ICAL_RATE_PER_MINUTE", 30)
ICAL_RATE_WINDOW = 60  # seconds


@login_required
@require_GET
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The person's feed address and what it holds; only reads (a missing
    address is made with the POST button)."""
    actor = actor_for(request)
    acc.access_own_calendar(actor)
    assert actor.person is not None
    feed = sel.own_feed(actor.person)
    feed_url = (
        request.build_absolute_uri(reverse("coordination:ical_feed", args=[feed.token]))
        if feed is not None
        else ""
    )
    return render(request, "coordination/calendar/mine.html", {"feed_url": feed_url})


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar_renew(request: HttpRequest) -> HttpResponse:
    """GET asks "are you sure?"; POST makes a new address (the old one stops)."""
    actor = actor_for(request)
    acc.access_own_calendar(actor)
    assert actor.person is not None
    had_feed = sel.own_feed(actor.person) is not None
    if request.method == "GET":
        return render(request, "coordination/calendar/renew.html", {"had_feed": had_feed})
    svc.calendar_feed_renew(actor=actor)
    if had_feed:
        messages.success(
            request,
            _("You have a new calendar address. The old address no longer works: add the new one."),
        )
    else:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    return redirect("coordination:my_calendar")


def _too_many() -> HttpResponse:
    busy = HttpResponse(
        _("Too many requests for calendars from your address. Try again in a minute.").encode(
            "utf-8"
        ),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    busy["Retry-After"] = str(ICAL_RATE_WINDOW)
    busy["X-Robots-Tag"] = "noindex, nofollow"
    return busy


@require_GET
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public, for calendar apps: the token in the address is the key (like the
    emergency link). An unknown or replaced token answers 404, and so does the
    feed of someone whose login is off; too many requests from one address
    answer 429 with a short plain text. A fetch that shows other people's
    evaluations logs one read of each."""
    if hit_over_limit(
        request, scope="coordination:ical_feed", limit=ICAL_RATE_LIMIT, window=ICAL_RATE_WINDOW
    ):
        return _too_many()
    _feed, owner = acc.access_feed(token)

    def absolute_url(name: str, object_uuid: uuid.UUID) -> str:
        return request.build_absolute_uri(reverse(name, args=[object_uuid]))

    # The calendar app sends no useful language: write in the person's own.
    assert owner.person is not None
    with translation.override(owner.person.preferred_language or settings.LANGUAGE_CODE):
        content = sel.feed_content(owner, absolute_url=absolute_url)
        body = ical.calendar(content.events, name=_("Regie"), now=timezone.now())
    svc.calendar_feed_log_read(
        actor=owner, evaluations=content.evaluations_of_others, request=request
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="regie.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["X-Content-Type-Options"] = "nosniff"
    return response
