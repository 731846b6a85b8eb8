"""Writes for calendar feeds: making a new address, logging what a fetch showed."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import log_evaluation
from regie.audit.models import Action
from regie.core.policy import Actor
from regie.crisiscard.models import Evaluation
from regie.people.models import Person

from ..errors import CoordinationError
from .models import CalendarFeed, _feed_token

PURPOSE_FEED = "coordination:ical_feed"


def calendar_feed_for(person: Person) -> CalendarFeed:
    """The person's feed address, made on first use (tests and demo data)."""
    feed, _created = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor: Actor) -> CalendarFeed:
    """Give the actor a new feed address; the old one answers 404 at once.

    Who may: any person, for their own feed (the view checks the actor is one).
    What changes: the token and its date; a first call makes the feed.
    Raises CoordinationError for a login without a person.
    """
    if actor.person is None:
        raise CoordinationError(_("You have no calendar feed."))
    feed = CalendarFeed.objects.select_for_update().filter(person=actor.person).first()
    if feed is None:
        return CalendarFeed.objects.create(person=actor.person)
    feed.token = _feed_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def calendar_feed_log_read(
    *, actor: Actor, evaluations: list[Evaluation], request: HttpRequest
) -> None:
    """One access-log row per other person's evaluation a feed fetch showed.

    Who may: the feed view, after `access_feed`; `actor` is the feed's owner
    (their calendar app fetches on their behalf). Writes nothing when the feed
    holds only the person's own dates and data of nobody.
    """
    for evaluation in evaluations:
        log_evaluation(
            evaluation,
            actor=actor,
            action=Action.READ,
            purpose=PURPOSE_FEED,
            part="calendar_feed",
            request=request,
        )
