"""Intervision sessions and coaching sessions of staff."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisations import Region
from .persons import Person


class IntervisionSession(models.Model):
    """A peer-consultation session of consultants in a region."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="intervision_sessions",
        verbose_name=_("region"),
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    facilitator = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_intervisions",
        verbose_name=_("facilitator"),
    )
    attendees = models.ManyToManyField(
        Person,
        through="IntervisionAttendance",
        related_name="intervision_sessions",
        verbose_name=_("attendees"),
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("intervision session")
        verbose_name_plural = _("intervision sessions")

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%d-%m-%Y})"


class IntervisionAttendance(models.Model):
    session = models.ForeignKey(
        IntervisionSession, on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="intervision_attendance"
    )
    attended = models.BooleanField(_("attended"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="intervision_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session}"


class CoachingSession(models.Model):
    """A coaching conversation with a consultant or peer expert: topic and agreed actions.

    The coached person sees their own sessions; the coach and the region's
    coordinators see those they hold or coordinate.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="coaching_sessions",
        verbose_name=_("person coached"),
    )
    coach = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="coaching_given",
        verbose_name=_("coach"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coaching_sessions",
        verbose_name=_("region"),
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("coaching conversation")
        verbose_name_plural = _("coaching conversations")

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on:%d-%m-%Y})"
