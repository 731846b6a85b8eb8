"""The crisis plan: its draft, the saved revisions, established versions and change proposals."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person

from .requests import CardRequest


def canonical_json(content: Any) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(content: Any) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


class CrisisPlan(models.Model):
    """The participant's crisis plan: one draft, and established versions."""

    request = models.OneToOneField(
        CardRequest, on_delete=models.CASCADE, related_name="plan", verbose_name=_("request")
    )
    draft = models.JSONField(_("draft"), default=dict)
    # Every save of the draft raises this; a save based on an older number is stale.
    draft_revision = models.PositiveIntegerField(default=0)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("crisis plan")
        verbose_name_plural = _("crisis plans")

    def __str__(self) -> str:
        return _("Crisis plan of %(name)s") % {"name": self.request.participant}


class DraftRevision(models.Model):
    """Every saved draft, so nothing the participant wrote is ever lost."""

    plan = models.ForeignKey(CrisisPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="draft_revision_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.number}"


class PlanVersion(models.Model):
    """An established version: immutable, numbered, identified by its content hash."""

    plan = models.ForeignKey(CrisisPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    established_at = models.DateTimeField(default=timezone.now)
    established_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("established by")
    )

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_once")
        ]

    def __str__(self) -> str:
        return _("Version %(number)d") % {"number": self.number}

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An established version is immutable: only its first insert is allowed.
        if self.pk is not None and not self._state.adding:
            raise ValueError("An established plan version cannot be changed.")
        super().save(*args, **kwargs)


class ChangeProposal(models.Model):
    """The participant (or card holder) suggests a change; the consultant takes it up."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TAKEN_UP = "taken_up", _("Taken up")
        DECLINED = "declined", _("Not taken up")

    plan = models.ForeignKey(CrisisPlan, on_delete=models.CASCADE, related_name="proposals")
    section = models.CharField(_("section"), max_length=40, blank=True)
    text = models.TextField(_("suggestion"))
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]
