"""The social map: services in the region a plan can point to."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.people.models import Municipality, Organisation, Region


class ServiceCategory(models.TextChoices):
    CRISIS = "crisis", _("Crisis service")
    MENTAL_HEALTH = "mental_health", _("Mental-health care")
    GP = "gp", _("GP and out-of-hours GP")
    ADDICTION = "addiction", _("Addiction care")
    HOUSING = "housing", _("Housing")
    DEBT = "debt", _("Money and debts")
    WORK = "work", _("Work and daytime activity")
    SOCIAL = "social", _("Social work and neighbourhood team")
    PEER_SUPPORT = "peer_support", _("Peer support and self-help")
    FAMILY = "family", _("Support for relatives")
    POLICE = "police", _("Police")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Other")


class SocialService(models.Model):
    """One local service on the region's social map."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="social_services", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=ServiceCategory.choices)
    description = models.TextField(_("what they offer"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("service on the social map")
        verbose_name_plural = _("social map")
        indexes = [models.Index(fields=["region", "category"])]

    def __str__(self) -> str:
        return self.name
