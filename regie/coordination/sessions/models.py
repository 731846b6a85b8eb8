"""Presentations and information sessions (HBO task 9 and the coordinator's outreach)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Organisation, Person, Region


class AudienceKind(models.TextChoices):
    CARE_PROVIDER = "care_provider", _("Care providers")
    POLICE = "police", _("Police")
    MUNICIPALITY = "municipality", _("Municipality")
    FINANCIER = "financier", _("Financiers")
    POTENTIAL_APPLICANTS = "potential_applicants", _("Potential applicants")
    OTHER = "other", _("Other")


class SessionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class InformationSession(models.Model):
    """A request for a presentation or information session, and how it went.

    The presenter is an HBO consultant or a coordinator of the region. After
    the session: attendance and an evaluation (score 1–5 and notes).
    `ical_sequence` grows with every change so calendar apps update the event.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="information_sessions"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requesting organisation"),
    )
    requester_name = models.CharField(_("requested by"), max_length=200)
    requester_email = models.EmailField(_("e-mail address"), blank=True)
    requester_phone = models.CharField(_("phone number"), max_length=40, blank=True)
    audience = models.CharField(_("audience"), max_length=24, choices=AudienceKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("location"), max_length=200, blank=True)
    expected_size = models.PositiveIntegerField(_("expected number of people"), default=0)
    presenter = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="information_sessions",
        verbose_name=_("presenter"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.REQUESTED
    )
    attendance = models.PositiveIntegerField(_("people who came"), null=True, blank=True)
    evaluation_score = models.PositiveSmallIntegerField(
        _("evaluation (1–5)"), null=True, blank=True
    )
    evaluation_notes = models.TextField(_("evaluation notes"), blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ical_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("information session")
        verbose_name_plural = _("information sessions")
        indexes = [models.Index(fields=["region", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(evaluation_score__isnull=True)
                | (Q(evaluation_score__gte=1) & Q(evaluation_score__lte=5)),
                name="session_score_one_to_five",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=24 * 60),
                name="session_duration_sensible",
            ),
        ]

    def __str__(self) -> str:
        return self.topic
