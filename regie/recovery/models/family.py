"""Family support: relatives, the family peer expert's activities and notes."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person

from .cases import RecoveryCase


class FamilyActivityKind(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    SELF_HELP_GROUP = "self_help_group", _("Self-help group")
    TRAINING = "training", _("Training")


class FamilyTopic(models.TextChoices):
    GRIEF = "grief", _("Grief")
    GUILT = "guilt", _("Guilt")
    WORRY = "worry", _("Worry")
    SELF_CARE = "self_care", _("Caring for yourself")
    BOUNDARIES = "boundaries", _("Setting boundaries")
    CRISIS = "crisis", _("What to do in a crisis")
    OTHER = "other", _("Other")


class CaseRelative(models.Model):
    """A relative (family or close one) of a case's client."""

    case = models.ForeignKey(RecoveryCase, on_delete=models.CASCADE, related_name="relatives")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relative_of")
    relationship = models.CharField(_("relationship"), max_length=100)

    class Meta:
        verbose_name = _("relative")
        verbose_name_plural = _("relatives")
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_relative_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.relationship})"


class FamilyActivity(models.Model):
    """The family peer expert's work with relatives, across cases."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=FamilyActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    family_peer_expert = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="family_activities",
        verbose_name=_("family peer expert"),
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    relatives = models.ManyToManyField(
        Person, related_name="family_activities_attended", verbose_name=_("relatives")
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("family support activity")
        verbose_name_plural = _("family support activities")

    def __str__(self) -> str:
        return self.title

    def topic_labels(self) -> list[str]:
        labels = dict(FamilyTopic.choices)
        return [str(labels.get(t, t)) for t in self.topics]


class RelativeNote(models.Model):
    """What a relative told the family peer expert. Private to the family track
    unless the relative agreed to share it with the client's team."""

    relative = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="notes_about", verbose_name=_("relative")
    )
    case = models.ForeignKey(
        RecoveryCase,
        on_delete=models.CASCADE,
        related_name="relative_notes",
        verbose_name=_("case"),
    )
    activity = models.ForeignKey(
        FamilyActivity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("activity"),
    )
    author = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    written_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"))
    shared_with_team = models.BooleanField(
        _("the relative agreed to share this with the client's team"), default=False
    )

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("note from a relative")
        verbose_name_plural = _("notes from relatives")

    def __str__(self) -> str:
        return f"{self.relative} {self.written_on:%d-%m-%Y}"
