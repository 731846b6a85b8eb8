"""Core's own rows (the daily job's lease per day, the tasks that gave up, rate-limit
counts) and a model mixin."""

from __future__ import annotations

import functools
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


class DailyRun(models.Model):
    """One row per day the daily job ran for; a lease so one day's job runs once at a time.

    `running_since` is set while a run is under way (core.daily.run_daily_locked)
    and cleared when it ends; a second machine that finds it set skips the day.
    A lease older than core.daily.LEASE belongs to a run that died and is taken over.
    """

    day = models.DateField(_("day"), unique=True)
    running_since = models.DateTimeField(_("running since"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    last_summary = models.TextField(_("last summary"), blank=True)

    class Meta:
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")
        ordering = ["-day"]

    def __str__(self) -> str:
        return self.day.isoformat()


class FailedTask(models.Model):
    """A background task that failed its last attempt (core.tasks): shown to the
    administrator with a "retry" action until it is retried."""

    task_path = models.CharField(_("task"), max_length=300)
    arguments = models.JSONField(_("arguments"), default=dict)
    attempts = models.PositiveIntegerField(_("attempts"))
    error = models.TextField(_("error"))
    failed_at = models.DateTimeField(_("failed at"), auto_now_add=True)
    retried_at = models.DateTimeField(_("retried at"), null=True, blank=True)

    class Meta:
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")
        ordering = ["-failed_at", "-pk"]

    def __str__(self) -> str:
        return self.task_path.rsplit(".", 1)[-1]


class RateCount(models.Model):
    """Hits of one rate-limit key (a scope and an address, or a token) in the
    current slot and the one before it (core.ratelimit). Counted with one
    statement per hit; rows whose window has passed are removed by the daily job."""

    key = models.CharField(_("key"), max_length=200, primary_key=True)
    slot = models.BigIntegerField(_("slot"))
    hits = models.PositiveIntegerField(_("hits in this slot"))
    previous_hits = models.PositiveIntegerField(_("hits in the slot before"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit count")
        verbose_name_plural = _("rate-limit counts")

    def __str__(self) -> str:
        return self.key


@functools.cache
def _choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """A field's choices as {value: label}, the labels still lazy (so in the
    language of each request)."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class ChoiceLabels:
    """Mixin for a model listed many rows to a page: `get_FOO_display()` as
    Django's, without rebuilding the choices' dict on every call (Django hashes
    every lazy label, that is translates every choice, each time: 40 µs for ten
    choices, against 2 µs here). Put it before models.Model in the bases."""

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        if not isinstance(field.choices, (list, tuple)):  # callable choices may change
            djangos: Any = getattr(models.Model, "_get_FIELD_display")  # noqa: B009  # not in the stubs
            return djangos(self, field)
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)
