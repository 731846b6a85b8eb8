"""Who may have a calendar feed and whose feed an address opens.

Missing and forbidden both answer 404.

- Every logged-in person manages their own feed address (the page and the
  "new address" step).
- The public address answers while its person has a login that is switched
  on; an unknown or replaced token answers 404. What the feed holds follows
  the person's roles today (calendar/selectors.py).
"""

from __future__ import annotations

from django.http import Http404

from regie.core.policy import Actor
from regie.people.models import RoleAssignment

from .models import CalendarFeed


def access_own_calendar(actor: Actor) -> None:
    """Raise Http404 unless the actor is a person (their own feed page and address)."""
    if actor.person is None:
        raise Http404


def access_feed(token: str) -> tuple[CalendarFeed, Actor]:
    """The feed with this token and its person as an actor (their roles today),
    if their login is switched on; else Http404 (the same answer as an unknown
    token)."""
    feed = (
        CalendarFeed.objects.select_related("person__user", "person__consultant_qualification")
        .filter(token=token)
        .first()
    )
    if feed is None:
        raise Http404
    person = feed.person
    if person.user is None or not person.user.is_active:
        raise Http404
    assignments = tuple(
        RoleAssignment.objects.active().filter(person=person).select_related("region")
    )
    return feed, Actor(user_id=person.user_id, person=person, assignments=assignments)
