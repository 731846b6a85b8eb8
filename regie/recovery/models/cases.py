"""Recovery cases, their team over time, handovers and the case timeline."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.models import ChoiceLabels
from regie.people.models import Organisation, OrganisationKind, Person, Role


class TeamRole(models.TextChoices):
    CASE_DIRECTOR = Role.CASE_DIRECTOR.value, _("Case director")
    PEER_EXPERT = Role.PEER_EXPERT.value, _("Peer expert")
    FAMILY_PEER_EXPERT = Role.FAMILY_PEER_EXPERT.value, _("Family peer expert")


class TeamMembershipRule(models.Model):
    """Which kind of organisation supplies each team role (configuration, not code)."""

    team_role = models.CharField(_("team role"), max_length=32, choices=TeamRole.choices)
    organisation_kind = models.CharField(
        _("organisation kind"), max_length=32, choices=OrganisationKind.choices
    )

    class Meta:
        verbose_name = _("team membership rule")
        verbose_name_plural = _("team membership rules")
        constraints = [
            models.UniqueConstraint(
                fields=["team_role", "organisation_kind"], name="team_rule_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_team_role_display()} ← {self.get_organisation_kind_display()}"


class CaseState(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ACTIVE = "active", _("Active")
    NEEDS_PEER_EXPERT = "needs_peer_expert", _("Needs a peer expert")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    CLIENT_STOPPED = "client_stopped", _("Client chose to stop")
    REFERRED = "referred", _("Referred to other care")
    MOVED = "moved", _("Client moved away")
    NO_CONTACT = "no_contact", _("No contact possible")
    OTHER = "other", _("Other")


class RecoveryCase(ChoiceLabels, models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="recovery_cases", verbose_name=_("client")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="recovery_cases",
        verbose_name=_("case-direction organisation"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.INTAKE
    )
    from_own_caseload = models.BooleanField(
        _("client from the case director's own caseload"), default=False
    )
    share_crisis_card = models.BooleanField(
        _("client allows the team to see their crisis card"), default=False
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = models.TextField(_("note on closing"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Raised by every change of the client's sharing choices, so a stale save
    # of the sharing page is refused instead of undoing a newer choice.
    consent_revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-opened_on"]
        verbose_name = _("recovery case")
        verbose_name_plural = _("recovery cases")
        indexes = [models.Index(fields=["organisation", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="closed") | ~Q(close_reason=""),
                name="recovery_case_closed_has_reason",
            )
        ]

    def __str__(self) -> str:
        return _("Recovery case of %(client)s") % {"client": self.client}


def current_member_q(prefix: str = "", on: datetime.date | None = None) -> Q:
    """The one definition of "on the team" on `on` (today): started, and not
    yet ended. An approved handover dated in the future keeps the old director
    in charge until the day before it, and the new one from that day.

    `prefix` filters through a relation, e.g. "members__" from RecoveryCase;
    put it in the same filter() call as the other conditions on that member.
    CaseMember.is_current_on is the same rule for a loaded row.
    """
    day = on or timezone.localdate()
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


class CaseMemberQuerySet(models.QuerySet["CaseMember"]):
    def current(self, on: datetime.date | None = None) -> CaseMemberQuerySet:
        """Members on the team on `on` (today); see current_member_q."""
        return self.filter(current_member_q(on=on))

    def open(self) -> CaseMemberQuerySet:
        """Rows without an end date, including a director who starts after an
        approved future handover. Not "the current team" (that is current()):
        this is the database's rule of one open row per team role."""
        return self.filter(ended_on__isnull=True)


class CaseMember(ChoiceLabels, models.Model):
    """A person on a case's team for a period. Exactly one current case director
    carries final responsibility; at most one current peer expert and family
    peer expert (the tandem)."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="members", verbose_name=_("case")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="case_memberships", verbose_name=_("person")
    )
    team_role = models.CharField(_("team role"), max_length=32, choices=TeamRole.choices)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = CaseMemberQuerySet.as_manager()

    class Meta:
        ordering = ["team_role", "started_on"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        indexes = [
            # "Your cases": a person's current memberships in one team role
            # (home counters, case list), docs/performance.md.
            models.Index(fields=["person", "team_role"], name="casemember_person_role_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "team_role"],
                condition=Q(ended_on__isnull=True),
                name="case_one_current_member_per_team_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="case_member_period_is_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_team_role_display()})"

    def is_current_on(self, day: datetime.date) -> bool:
        """On the team on `day`: the rule of current_member_q for a loaded row."""
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    @property
    def is_current(self) -> bool:
        return self.is_current_on(timezone.localdate())


class HandoverStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Handover(models.Model):
    """Final responsibility moves from one case director to another, approved by the team lead."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="handovers", verbose_name=_("case")
    )
    from_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    reason = models.TextField(_("reason"))
    handover_on = models.DateField(_("handover date"))
    requested_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=HandoverStatus.choices, default=HandoverStatus.PENDING
    )
    decided_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="handover_one_pending_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_person} → {self.to_person}"


class CaseEvent(models.Model):
    """The case timeline: state changes, team changes and handovers, in order."""

    case = models.ForeignKey(RecoveryCase, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, related_name="+")
    kind = models.CharField(max_length=32)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return self.text
