"""The secret address of a person's calendar feed."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone

from regie.people.models import Person


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private iCalendar feed address (calendar apps cannot log in).

    The token is a 256-bit secret in the URL, like the emergency link; the
    person can make a new one, which ends the old address at once.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.person)
