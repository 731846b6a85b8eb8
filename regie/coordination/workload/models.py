"""Workload: other logged hours and the region's overload thresholds."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person, Region


class TimeEntryKind(models.TextChoices):
    ADMINISTRATION = "administration", _("Administration")
    TRAVEL = "travel", _("Travel")
    INTERVISION = "intervision", _("Intervision")
    TRAINING = "training", _("Training")
    PRESENTATION = "presentation", _("Presentation or information session")
    OTHER = "other", _("Other work")


class TimeEntry(models.Model):
    """Hours worked besides conversations and case contacts (those are logged there)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="time_entries", verbose_name=_("person")
    )
    worked_on = models.DateField(_("date"), default=timezone.localdate)
    minutes = models.PositiveIntegerField(_("minutes"))
    kind = models.CharField(_("kind"), max_length=16, choices=TimeEntryKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-worked_on", "-pk"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        indexes = [models.Index(fields=["person", "worked_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=24 * 60),
                name="time_entry_minutes_sensible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.worked_on} {self.minutes}"


class OverloadThreshold(models.Model):
    """When someone in the region counts as overloaded (or close to it).

    Overloaded: more active trajectories than `max_active_trajectories`, or
    hours in the last four weeks above `max_hours_percent` of contract hours.
    Needs attention: at or above `attention_percent` of either limit.
    """

    region = models.OneToOneField(
        Region,
        on_delete=models.CASCADE,
        related_name="overload_threshold",
        verbose_name=_("region"),
    )
    max_active_trajectories = models.PositiveSmallIntegerField(
        _("active trajectories at most"), default=8
    )
    max_hours_percent = models.PositiveSmallIntegerField(
        _("hours at most (percentage of contract hours)"), default=110
    )
    attention_percent = models.PositiveSmallIntegerField(
        _("needs attention from (percentage of a limit)"), default=90
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("overload threshold")
        verbose_name_plural = _("overload thresholds")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_active_trajectories__gte=1)
                & Q(max_active_trajectories__lte=100)
                & Q(max_hours_percent__gte=50)
                & Q(max_hours_percent__lte=300)
                & Q(attention_percent__gte=10)
                & Q(attention_percent__lte=100),
                name="overload_threshold_sensible",
            )
        ]

    def __str__(self) -> str:
        return str(self.region)
