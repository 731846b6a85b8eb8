"""A card request: the trajectory from application to card, and its timeline."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.models import ChoiceLabels
from regie.people.models import Municipality, Person, Region


class RequestState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    MATCHED = "matched", _("Matched")
    IN_CONVERSATION = "in_conversation", _("In conversation")
    PLAN_DRAFTED = "plan_drafted", _("Plan drafted")
    AWAITING_SIGNATURES = "awaiting_signatures", _("Awaiting signatures")
    CARD_ISSUED = "card_issued", _("Card issued")
    EVALUATION_DUE = "evaluation_due", _("Evaluation due")
    EVALUATED = "evaluated", _("Evaluated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


class StopReason(models.TextChoices):
    NO_NEED = "no_need", _("No longer needed")
    NOT_READY = "not_ready", _("Participant not ready")
    NO_CONTACT = "no_contact", _("No contact possible")
    OTHER_HELP = "other_help", _("Other help found")
    HEALTH = "health", _("Health did not allow it")
    MOVED = "moved", _("Moved out of the region")
    CARD_ENDED = "card_ended", _("Card ended after evaluation")
    OTHER = "other", _("Other")


class Weight(models.TextChoices):
    LIGHT = "light", _("Light")
    HEAVY = "heavy", _("Heavy")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class HeardVia(models.TextChoices):
    CARE_PROVIDER = "care_provider", _("Care provider")
    GP = "gp", _("GP")
    FAMILY = "family", _("Family or friends")
    PEER = "peer", _("Someone with a crisis card")
    POLICE = "police", _("Police")
    INFORMATION_SESSION = "information_session", _("Information session")
    INTERNET = "internet", _("Internet")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online form")
    PHONE = "phone", _("By phone (registered by staff)")


class CardRequest(ChoiceLabels, models.Model):
    """The trajectory from application to card (and beyond: evaluations)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="card_requests",
        verbose_name=_("participant"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="card_requests", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    heard_via = models.CharField(
        _("heard of the card via"), max_length=24, choices=HeardVia.choices
    )
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    weight = models.CharField(
        _("situation"), max_length=8, choices=Weight.choices, default=Weight.LIGHT
    )
    weight_confirmed = models.BooleanField(_("weight set by the coordinator"), default=False)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    wishes = models.TextField(_("wishes"), blank=True)
    consultant = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="card_requests_as_consultant",
        verbose_name=_("consultant"),
    )
    state = models.CharField(
        _("state"), max_length=24, choices=RequestState.choices, default=RequestState.APPLIED
    )
    stop_reason = models.CharField(
        _("reason for stopping"), max_length=16, choices=StopReason.choices, blank=True
    )
    stop_note = models.TextField(_("note on stopping"), blank=True)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    registered_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("card request")
        verbose_name_plural = _("card requests")
        indexes = [
            models.Index(fields=["region", "state"]),
            models.Index(fields=["consultant", "state"]),
            # The region report: a region's applications in one quarter.
            models.Index(fields=["region", "applied_at"], name="cardrequest_region_applied_idx"),
            # The matching queue: a region's waiting applications, longest waiting
            # first, one page at a time (only the waiting ones, so it stays small).
            models.Index(
                fields=["region", "applied_at"],
                condition=Q(state="applied"),
                name="cardrequest_queue_idx",
            ),
            # The coordinator's home counters (urgent, weight not confirmed): small
            # partial indexes, so a region's count reads only the rows it counts.
            models.Index(
                fields=["region", "state"],
                condition=Q(urgency=Urgency.URGENT),
                name="cardrequest_urgent_idx",
            ),
            models.Index(
                fields=["region", "state"],
                condition=Q(weight_confirmed=False),
                name="cardrequest_unconfirmed_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__in=["withdrawn", "closed"]) | ~Q(stop_reason=""),
                name="card_request_stopped_has_reason",
            )
        ]

    def __str__(self) -> str:
        return _("Card request of %(name)s") % {"name": self.participant}


class RequestEvent(models.Model):
    """The request's timeline: every transition and notable change."""

    request = models.ForeignKey(CardRequest, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, related_name="+")
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return self.text
