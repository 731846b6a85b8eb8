"""Goals per life area and the actions towards them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person

from .cases import RecoveryCase
from .partners import CasePartner
from .wheel import LifeArea


class Goal(models.Model):
    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="goals", verbose_name=_("case")
    )
    life_area = models.ForeignKey(
        LifeArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("life area")
    )
    description = models.TextField(_("goal"))
    created_on = models.DateField(_("created on"), default=timezone.localdate)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)

    class Meta:
        ordering = ["life_area__position", "created_on"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.description[:60]


class ActionOwner(models.TextChoices):
    CLIENT = "client", _("Client")
    TEAM = "team", _("Team member")
    PARTNER = "partner", _("Partner")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class GoalAction(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("goal")
    )
    description = models.CharField(_("what"), max_length=300)
    owner_kind = models.CharField(_("who"), max_length=8, choices=ActionOwner.choices)
    owner_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recovery_actions",
        verbose_name=_("team member"),
    )
    owner_partner = models.ForeignKey(
        CasePartner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("partner"),
    )
    due_on = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["owner_person", "status", "due_on"])]

    def __str__(self) -> str:
        return self.description
