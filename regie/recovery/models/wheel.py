"""The life-area wheel: life areas and the scores given on them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person

from .cases import RecoveryCase


class LifeArea(models.Model):
    """A life area of the wheel. Configuration: the defaults come from a data migration."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("life area")
        verbose_name_plural = _("life areas")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class Perspective(models.TextChoices):
    CLIENT = "client", _("Client's own view")
    TEAM = "team", _("Team's view")


class WheelAssessment(models.Model):
    """Scores 0–10 per life area at one moment, from the client or, separately, the team."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("case")
    )
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    perspective = models.CharField(_("whose view"), max_length=8, choices=Perspective.choices)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    # The client's own view typed in by a team member, at the client's request.
    entered_for_client = models.BooleanField(
        _("entered by a team member at the client's request"), default=False
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_on", "created_at"]
        verbose_name = _("wheel assessment")
        verbose_name_plural = _("wheel assessments")

    def __str__(self) -> str:
        return f"{self.get_perspective_display()} {self.assessed_on:%d-%m-%Y}"


class WheelScore(models.Model):
    assessment = models.ForeignKey(WheelAssessment, on_delete=models.CASCADE, related_name="scores")
    life_area = models.ForeignKey(LifeArea, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.CharField(_("in your own words"), max_length=500, blank=True)

    class Meta:
        ordering = ["life_area__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "life_area"], name="wheel_score_once"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=10), name="wheel_score_0_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.life_area}: {self.score}"
