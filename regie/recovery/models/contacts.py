"""Contacts with the client, relatives or partners, logged with their duration."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person

from .cases import RecoveryCase
from .partners import CasePartner


class ContactWith(models.TextChoices):
    CLIENT = "client", _("Client")
    RELATIVES = "relatives", _("Relatives")
    PARTNERS = "partners", _("Partners")


class CaseContact(models.Model):
    """A meeting with the client, relatives or partners, logged with its duration."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("case")
    )
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    with_whom = models.CharField(_("with"), max_length=12, choices=ContactWith.choices)
    team_participants = models.ManyToManyField(
        Person, related_name="recovery_contacts", verbose_name=_("team members present")
    )
    partners_present = models.ManyToManyField(
        CasePartner, blank=True, related_name="contacts", verbose_name=_("partners present")
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        # "Needs attention" (home counters, case list): a case's recent contacts.
        indexes = [models.Index(fields=["case", "occurred_on"], name="casecontact_case_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=24 * 60),
                name="case_contact_duration_sensible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d-%m-%Y} ({self.duration_minutes} min)"
