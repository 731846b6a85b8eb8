"""Who may see what: the participant's consent per party or responder type and plan section.

One `SharingGrant` row per grantee of a request (a party of the plan, or a
responder type on the emergency route) holds the ticked sections and, for a
party, its standing read link. `Sharing` holds the grid's revision (a stale
save is refused) and the holder's notice wish; `SharingChange` is the
history; `SharingProposal` is a consultant's suggestion the participant
accepts or declines. See docs/decisions/0022-sharing-consent.md.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person

from .parties import Party
from .requests import CardRequest


class ResponderType(models.TextChoices):
    POLICE = "police", _("Police")
    CRISIS_SERVICE = "crisis_service", _("Crisis service")
    GP = "gp", _("GP")
    HOSPITAL = "hospital", _("Hospital")


class Sharing(models.Model):
    """The participant's sharing grid for one request: its revision and notice wish."""

    request = models.OneToOneField(CardRequest, on_delete=models.CASCADE, related_name="sharing")
    revision = models.PositiveIntegerField(default=0)
    notify_emergency = models.BooleanField(
        _("mail me when someone opens my plan in an emergency"), default=False
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sharing settings")
        verbose_name_plural = _("sharing settings")

    def __str__(self) -> str:
        return f"{self.request} r{self.revision}"


class SharingGrant(models.Model):
    """The plan sections one grantee may read: a party of the plan, or a responder type."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(CardRequest, on_delete=models.CASCADE, related_name="grants")
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="grants"
    )
    responder_type = models.CharField(
        max_length=16, choices=ResponderType.choices, blank=True, default=""
    )
    sections = models.JSONField(_("sections"), default=list, blank=True)
    # The party's standing read link: only the digest of its token is stored.
    link_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    link_created_at = models.DateTimeField(null=True, blank=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    link_revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("sharing grant")
        verbose_name_plural = _("sharing grants")
        constraints = [
            models.CheckConstraint(
                condition=(Q(party__isnull=False) & Q(responder_type=""))
                | (Q(party__isnull=True) & ~Q(responder_type="")),
                name="grant_party_or_responder_type",
            ),
            models.UniqueConstraint(
                fields=["request", "party"],
                condition=Q(party__isnull=False),
                name="one_grant_per_party",
            ),
            models.UniqueConstraint(
                fields=["request", "responder_type"],
                condition=Q(party__isnull=True),
                name="one_grant_per_responder_type",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        if self.party_id is not None:
            return grantee_key(party=self.party)
        return grantee_key(responder_type=self.responder_type)

    def link_live(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.link_digest is not None
            and self.link_revoked_at is None
            and self.link_expires_at is not None
            and self.link_expires_at > now
            and bool(self.sections)
        )


def grantee_key(*, party: Party | None = None, responder_type: str = "") -> str:
    """The grid's name for a grantee: `party:<uuid>` or `responder:<type>`."""
    if party is not None:
        return f"party:{party.uuid}"
    return f"responder:{responder_type}"


class SharingChange(models.Model):
    """History of the grid: who set which grantee's sections to what, and when."""

    class Via(models.TextChoices):
        DECISION = "decision", _("Changed by the participant")
        PROPOSAL = "proposal", _("Proposal accepted by the participant")
        MIGRATION = "migration", _("Taken over from the party's details")

    request = models.ForeignKey(
        CardRequest, on_delete=models.CASCADE, related_name="sharing_changes"
    )
    revision = models.PositiveIntegerField()
    grantee = models.CharField(max_length=60)
    grantee_name = models.CharField(max_length=200)
    sections = models.JSONField(default=list, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.DECISION)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["request", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.grantee} r{self.revision}"


class SharingProposal(models.Model):
    """A consultant's suggestion for the grid; only the participant accepts or declines it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        SUPERSEDED = "superseded", _("Replaced by a newer proposal")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        CardRequest, on_delete=models.CASCADE, related_name="sharing_proposals"
    )
    # Only the grantees the proposal changes: {grantee key: [sections]}.
    grid = models.JSONField(default=dict)
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["request", "status"])]

    def __str__(self) -> str:
        return f"{self.request} {self.status}"
