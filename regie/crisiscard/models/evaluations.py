"""The yearly evaluation of a card and the coded findings reports count."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .cards import Card


class RespectedBy(models.TextChoices):
    POLICE = "police", _("Police")
    CRISIS_SERVICE = "crisis_service", _("Crisis service")
    HOSPITAL = "hospital", _("Hospital")
    RELATIVES = "relatives", _("Relatives")
    GP = "gp", _("GP")
    OTHER = "other", _("Other")


class EvaluationOutcome(models.TextChoices):
    UNCHANGED = "unchanged", _("Unchanged")
    UPDATED = "updated", _("Updated (new version)")
    ENDED = "ended", _("Ended")


class Evaluation(models.Model):
    """The yearly evaluation of a card: a task for the consultant, then its outcome."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="evaluations")
    due_on = models.DateField(_("due on"))
    invited_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    crisis_happened = models.BooleanField(_("a crisis happened"), null=True)
    card_used = models.BooleanField(_("the card was used"), null=True)
    used_by = models.JSONField(_("used by"), default=list, blank=True)
    respected_by = models.JSONField(_("respected by"), default=list, blank=True)
    what_should_change = models.TextField(_("what should change"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=EvaluationOutcome.choices, blank=True
    )

    class Meta:
        ordering = ["-due_on"]
        indexes = [
            # The region report: the evaluations completed in one quarter. Only
            # completed ones: with open ones (completed_at NULL) in it, SQLite
            # started "a consultant's open evaluations" from every open
            # evaluation in the country instead of from the consultant.
            models.Index(
                fields=["completed_at"],
                condition=models.Q(completed_at__isnull=False),
                name="evaluation_completed_at_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["card", "due_on"], name="evaluation_once_per_due_date")
        ]

    def __str__(self) -> str:
        return f"{self.card} {self.due_on:%d-%m-%Y}"


class EvaluationTheme(models.TextChoices):
    """Coded themes from evaluations: the only evaluation content reports may use."""

    WISH_CONTACT_PERSON = "wish_contact_person", _("Wish: call my contact person")
    WISH_OWN_APPROACH = "wish_own_approach", _("Wish: approach me my way")
    WISH_ADMISSION_PLACE = "wish_admission_place", _("Wish about where to be admitted")
    WISH_NO_COERCION = "wish_no_coercion", _("Wish about compulsory care")
    WISH_MEDICATION = "wish_medication", _("Wish about medication")
    WISH_PRACTICAL = "wish_practical", _("Wish about children, pets or home")
    BOTTLENECK_NOT_ASKED = "bottleneck_not_asked", _("Bottleneck: nobody asked for the card")
    BOTTLENECK_NOT_FOUND = "bottleneck_not_found", _("Bottleneck: the card was not found")
    BOTTLENECK_IGNORED = "bottleneck_ignored", _("Bottleneck: the card was ignored")
    BOTTLENECK_OUTDATED = "bottleneck_outdated", _("Bottleneck: information was out of date")
    BOTTLENECK_UNREACHABLE = (
        "bottleneck_unreachable",
        _("Bottleneck: a contact could not be reached"),
    )


class FindingKind(models.TextChoices):
    USED_BY = "used_by", _("Used by")
    RESPECTED_BY = "respected_by", _("Respected by")
    THEME = "theme", _("Theme")


class EvaluationFinding(models.Model):
    """One coded fact from an evaluation (who used or respected the card, a theme).

    Kept as rows beside the evaluation so that reports count them in the
    database; written by the evaluation service together with the evaluation.
    """

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=16, choices=FindingKind.choices)
    code = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "kind", "code"], name="evaluation_finding_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"
