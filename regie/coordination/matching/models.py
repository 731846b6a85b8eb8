"""What matching needs beyond the request itself: consultants' work profiles,
applicants' wishes, and suggestion runs with the coordinator's decisions."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.models import ChoiceLabels
from regie.crisiscard.models import CardRequest
from regie.people.models import Person, Region


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other")


class Weekday(models.TextChoices):
    MON = "mon", _("Monday")
    TUE = "tue", _("Tuesday")
    WED = "wed", _("Wednesday")
    THU = "thu", _("Thursday")
    FRI = "fri", _("Friday")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")


class WorkProfile(ChoiceLabels, models.Model):
    """A consultant's or peer expert's matching and workload facts.

    `languages` are ISO 639-1 codes besides Dutch (for example ["tr", "ar"]);
    `available_days` are Weekday values. `capacity` is the number of active
    trajectories the person takes at most; the region's overload threshold
    may be lower. Contract hours live on the person's qualification.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="work_profile", verbose_name=_("person")
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    languages = models.JSONField(_("languages besides Dutch"), default=list, blank=True)
    available_days = models.JSONField(_("available days"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("active trajectories at most"), default=8)

    class Meta:
        verbose_name = _("work profile")
        verbose_name_plural = _("work profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__lte=100), name="work_profile_capacity_sensible"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class MatchingWish(ChoiceLabels, models.Model):
    """The applicant's wishes for their consultant, as the coordinator recorded them."""

    request = models.OneToOneField(
        CardRequest,
        on_delete=models.CASCADE,
        related_name="matching_wish",
        verbose_name=_("request"),
    )
    wants_peer_expertise = models.BooleanField(
        _("wants a consultant with peer expertise"), default=False
    )
    language = models.CharField(_("language (other than Dutch)"), max_length=8, blank=True)
    consultant_gender = models.CharField(
        _("prefers a consultant who is a"), max_length=8, choices=Gender.choices, blank=True
    )
    available_days = models.JSONField(_("days that suit the applicant"), default=list, blank=True)
    previous_consultant = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous consultant"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matching wish")
        verbose_name_plural = _("matching wishes")

    def __str__(self) -> str:
        return str(self.request)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class MatchingRun(models.Model):
    """One run of the suggestion engine over a region's queue.

    Asked for on the page and made by a worker (matching/runs.py): `status`
    says how far it is; only a `done` run has suggestions.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="matching_runs", verbose_name=_("region")
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    total_cost = models.FloatField(default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.DONE
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"{self.region} {self.created_at:%Y-%m-%d %H:%M}"


class SuggestionDecision(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    CHANGED = "changed", _("Changed by the coordinator")
    REJECTED = "rejected", _("Rejected")


class MatchingSuggestion(ChoiceLabels, models.Model):
    """The engine's proposal for one request, and what the coordinator decided.

    `reasons` holds coded reasons ([{"code": ..., "params": {...}}]) so that the
    explanation is rendered in the reader's language. `consultant` is null when
    nobody could take the request (the reasons then say why).
    """

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="suggestions")
    request = models.ForeignKey(
        CardRequest, on_delete=models.CASCADE, related_name="matching_suggestions"
    )
    consultant = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cost = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    decision = models.CharField(
        max_length=10, choices=SuggestionDecision.choices, default=SuggestionDecision.PENDING
    )
    chosen_consultant = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField(_("note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="one_suggestion_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.request_id}"
