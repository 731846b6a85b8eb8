"""Messages sent by scheduled jobs, recorded so a rerun sends nothing twice."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from regie.people.models import Person


class Notification(models.Model):
    """A message sent by a scheduled job, recorded so that a rerun sends nothing twice."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.key
