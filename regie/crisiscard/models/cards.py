"""The crisis card made from an established version, and the holder's emergency link."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person

from .plans import PlanVersion
from .requests import CardRequest
from .tokens import new_token


class CardStatus(models.TextChoices):
    DRAFT = "draft", _("Being made")
    ISSUED = "issued", _("Issued")
    ENDED = "ended", _("Ended")


class Card(models.Model):
    """A crisis card made from one established version, panel by panel."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(CardRequest, on_delete=models.PROTECT, related_name="cards")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="cards")
    number = models.CharField(_("card number"), max_length=20, unique=True)
    panels = models.JSONField(_("panels"), default=dict)
    # The same panels in English, optional: all empty means the card has no English side.
    panels_en = models.JSONField(_("panels in English"), default=dict, blank=True)
    status = models.CharField(max_length=8, choices=CardStatus.choices, default=CardStatus.DRAFT)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # When the daily job told the holder the card is no longer reliable (not the
    # rule itself: that is regie.crisiscard.reliability).
    marked_unreliable_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("crisis card")
        verbose_name_plural = _("crisis cards")
        indexes = [models.Index(fields=["status", "issued_on"])]

    def __str__(self) -> str:
        return self.number

    def evaluation_due_on(self) -> datetime.date | None:
        if self.issued_on is None:
            return None
        last = self.evaluations.filter(completed_at__isnull=False).order_by("-completed_at").first()
        base = last.completed_at.date() if last and last.completed_at else self.issued_on
        return _add_months(base, 12)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


class EmergencyLink(models.Model):
    """The token behind the QR code on the holder's cards: it belongs to the holder.

    Any of the holder's printed cards opens their newest issued card, through
    every re-issue. "Card lost" revokes the holder's live links and makes a new
    one for a reprint. A holder normally has one live link; links carried over
    from when each card had its own stay live, so no printed code breaks.

    The token is stored as issued because the printed card must carry it; it is
    a documented exception to "no secrets in URLs" (SECURITY.md).
    """

    holder = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="emergency_links", verbose_name=_("holder")
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["holder", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.holder_id} ({'revoked' if self.revoked_at else 'live'})"
