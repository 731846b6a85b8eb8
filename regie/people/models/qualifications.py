"""What staff are qualified for, and their training or coaching trajectories."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .organisations import Region
from .persons import Person


class ConsultantLevel(models.TextChoices):
    MBO = "mbo", _("MBO")
    HBO = "hbo", _("HBO")


class ConsultantQualification(models.Model):
    """What a crisis-card consultant is trained and contracted for."""

    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="consultant_qualification",
        verbose_name=_("person"),
    )
    level = models.CharField(_("level"), max_length=3, choices=ConsultantLevel.choices)
    trained_on = models.DateField(_("trained as crisis-card consultant on"), null=True, blank=True)
    has_peer_expertise = models.BooleanField(_("has peer expertise"), default=False)
    regions = models.ManyToManyField(
        Region,
        related_name="qualified_consultants",
        blank=True,
        verbose_name=_("regions worked in"),
    )
    contract_hours_per_week = models.DecimalField(
        _("contract hours per week"), max_digits=4, decimal_places=1, default=0
    )

    class Meta:
        verbose_name = _("consultant qualification")
        verbose_name_plural = _("consultant qualifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_hours_per_week__gte=0) & Q(contract_hours_per_week__lte=60),
                name="consultant_contract_hours_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_level_display()})"


class PeerExpertStatus(models.TextChoices):
    QUALIFIED = "qualified", _("Qualified")
    IN_TRAINING = "in_training", _("In training")


class PeerExpertQualification(models.Model):
    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="peer_expert_qualification",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=16, choices=PeerExpertStatus.choices)
    qualified_on = models.DateField(_("qualified on"), null=True, blank=True)
    contract_hours_per_week = models.DecimalField(
        _("contract hours per week"), max_digits=4, decimal_places=1, default=0
    )

    class Meta:
        verbose_name = _("peer-expert qualification")
        verbose_name_plural = _("peer-expert qualifications")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class TrajectoryKind(models.TextChoices):
    TRAINING = "training", _("In-house training")
    COACHING = "coaching", _("Coaching")


class TrajectoryStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class Trajectory(models.Model):
    """An in-house training or coaching trajectory of one staff member."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="trajectories", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TrajectoryKind.choices)
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TrajectoryStatus.choices,
        default=TrajectoryStatus.PLANNED,
    )
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("training or coaching trajectory")
        verbose_name_plural = _("training and coaching trajectories")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="trajectory_period_is_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.person}"
