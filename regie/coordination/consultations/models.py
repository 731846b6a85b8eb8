"""The regional consultation on crisis care and its follow-up actions."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person, Region

from ..outreach.models import Stakeholder


class RegionalMeeting(models.Model):
    """A regional consultation on crisis care: who came, the agenda, notes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="regional_meetings", verbose_name=_("region")
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    participants = models.TextField(_("participants"), blank=True)
    stakeholders = models.ManyToManyField(
        Stakeholder, blank=True, related_name="meetings", verbose_name=_("organisations present")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    input_period_start = models.DateField(_("input pack from"), null=True, blank=True)
    input_period_end = models.DateField(_("input pack until"), null=True, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("regional consultation")
        verbose_name_plural = _("regional consultations")

    def __str__(self) -> str:
        return self.title


class RegionalMeetingAction(models.Model):
    """An action or initiative that follows from a regional consultation."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(RegionalMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action or initiative"), max_length=300)
    owner = models.CharField(_("who"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.description
