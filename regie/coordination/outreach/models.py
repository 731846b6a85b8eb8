"""Outreach: stakeholders, their contact history and regional agreements."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Organisation, Person, Region


class StakeholderKind(models.TextChoices):
    CRISIS_SERVICE = "crisis_service", _("Crisis service")
    POLICE = "police", _("Police")
    MENTAL_HEALTH = "mental_health", _("Mental-health institution (GGZ)")
    MUNICIPALITY = "municipality", _("Municipality")
    GP = "gp", _("GP practice")
    HOSPITAL = "hospital", _("Hospital")
    CLIENT_ORGANISATION = "client_organisation", _("Client or family organisation")
    FINANCIER = "financier", _("Financier")
    OTHER = "other", _("Other")


class StakeholderStatus(models.TextChoices):
    INTERESTED = "interested", _("Wants to be involved")
    INVOLVED = "involved", _("Involved")
    FORMER = "former", _("No longer involved")


class Stakeholder(models.Model):
    """An organisation or person who is, or wants to be, involved in wider use of the card."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="stakeholders", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=StakeholderKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StakeholderStatus.choices,
        default=StakeholderStatus.INTERESTED,
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.name


class StakeholderContact(models.Model):
    """One moment of contact with a stakeholder."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="contacts")
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("what was discussed"))
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.occurred_on}"


class AgreementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDING = "ending", _("Ends soon")
    EXPIRED = "expired", _("Expired")


class RegionalAgreement(models.Model):
    """What a stakeholder agreed about the card (crisis service, police, GGZ), until when.

    A reminder goes to the region's coordinators `remind_days_before` days
    before `valid_until` (once; `reminded_at` records it).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.PROTECT, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=200)
    agreed = models.TextField(_("what was agreed"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(_("remind days before"), default=60)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["valid_until", "pk"]
        verbose_name = _("regional agreement")
        verbose_name_plural = _("regional agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__lte=models.F("valid_until")),
                name="agreement_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title
