"""Conversations the consultant records with the participant and the parties."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person

from .requests import CardRequest

if TYPE_CHECKING:
    from .parties import Party


class ConversationKind(models.TextChoices):
    INFORMATIVE = "informative", _("Informative conversation")
    PLAN = "plan", _("Plan conversation")
    EVALUATION = "evaluation", _("Evaluation")
    MEDIATION = "mediation", _("Mediation with parties (HBO)")
    PARTY_CONTACT = "party_contact", _("Contact with a party")
    QUESTION = "question", _("Question from a card holder or contact person")


class Conversation(models.Model):
    request = models.ForeignKey(
        CardRequest,
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("request"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ConversationKind.choices)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    participants = models.ManyToManyField(
        Person, blank=True, related_name="crisiscard_conversations", verbose_name=_("who took part")
    )
    others_present = models.CharField(_("others present"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    parties_present: models.ManyToManyField[Party, Any] = models.ManyToManyField(
        "Party", blank=True, related_name="conversations", verbose_name=_("parties present")
    )
    outcome = models.TextField(_("outcome"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    followed_up = models.BooleanField(_("followed up"), default=False)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        # Workload: a consultant's conversations in the last weeks (not their whole history).
        indexes = [
            models.Index(fields=["recorded_by", "occurred_on"], name="conversation_author_date_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=24 * 60),
                name="conversation_duration_sensible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d-%m-%Y}"
