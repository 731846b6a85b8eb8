"""Quality: the four-eyes review before a card is issued, and visitations."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.crisiscard.models import Card
from regie.people.models import Person, Region


class ReviewStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for review")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Sent back with comments")


class QualityReview(models.Model):
    """A four-eyes review of a card before it is issued.

    `checklist` maps checklist item codes to True/False as the reviewer ticked
    them. A card is issued only when its latest review passed and was made by
    someone other than its maker (the request's consultant).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="quality_reviews")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.REQUESTED
    )
    checklist = models.JSONField(default=dict, blank=True)
    missing_signatures_reason = models.TextField(_("reason for missing signatures"), blank=True)
    comments = models.TextField(_("comments for the consultant"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("quality review")
        verbose_name_plural = _("quality reviews")
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.card} {self.status}"


class Visitation(models.Model):
    """An external quality audit of a region."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="visitations", verbose_name=_("region")
    )
    visited_on = models.DateField(_("date"))
    visitors = models.CharField(_("visitors"), max_length=300)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    findings = models.TextField(_("findings"), blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("visitation")
        verbose_name_plural = _("visitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="visitation_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.visited_on}"


class VisitationAction(models.Model):
    """A follow-up action agreed after a visitation."""

    visitation = models.ForeignKey(Visitation, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.description
