"""The parties named in the plan and their signatures on an established version."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Organisation, Person

from .plans import PlanVersion
from .requests import CardRequest


class PartyKind(models.TextChoices):
    TRUSTED_PERSON = "trusted_person", _("Trusted person")
    RELATIVE = "relative", _("Relative")
    CARE_PROVIDER = "care_provider", _("Care provider")
    GP = "gp", _("GP")
    CRISIS_SERVICE = "crisis_service", _("Crisis service")
    POLICE = "police", _("Police")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Other")


class Party(models.Model):
    """A person or organisation named in the plan, who may sign their agreements."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(CardRequest, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="parties"
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    service = models.ForeignKey(
        "coordination.SocialService",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("service on the social map"),
    )
    phone = models.CharField(_("phone number"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name


class SignatureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")
    SCAN = "scan", _("Signed on paper (scan)")
    SUPERSEDED = "superseded", _("Superseded by a new request")


class Signature(models.Model):
    """One party's signature on their agreements of one established version."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="signatures")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="signatures")
    agreements_hash = models.CharField(max_length=64)
    status = models.CharField(
        max_length=12, choices=SignatureStatus.choices, default=SignatureStatus.REQUESTED
    )
    # Only the digest of the single-use link's token is stored.
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    typed_name = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    scan = models.FileField(upload_to="signature-scans/%Y/", blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.party} – {self.get_status_display()}"
