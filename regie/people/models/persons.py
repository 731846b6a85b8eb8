"""Persons and the roles they hold in organisations and regions."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import User
from .organisations import Organisation, Region


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Person(models.Model):
    """A human being Regie knows about, with or without a login."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.DUTCH
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    CONSULTANT = "consultant", _("Consultant")
    COORDINATOR = "coordinator", _("Coordinator")
    CASE_DIRECTOR = "case_director", _("Case director")
    TEAM_LEAD = "team_lead", _("Team lead (case direction)")
    PEER_EXPERT = "peer_expert", _("Peer expert")
    FAMILY_PEER_EXPERT = "family_peer_expert", _("Family peer expert")
    LOG_MANAGER = "log_manager", _("Log manager")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES = frozenset(set(Role) - {Role.PARTICIPANT})
REGIONAL_ROLES = frozenset({Role.CONSULTANT, Role.COORDINATOR})


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, at: datetime.date | None = None) -> RoleAssignmentQuerySet:
        day = at or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class RoleAssignment(models.Model):
    """A person holds a role in an organisation (and a region) for a period."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("region"),
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["person", "role", "valid_from"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="role_assignment_period_is_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(r.value for r in REGIONAL_ROLES))
                | Q(region__isnull=False),
                name="role_assignment_regional_role_has_region",
            ),
        ]
        indexes = [models.Index(fields=["role", "region", "valid_to"])]

    def __str__(self) -> str:
        where = self.region or self.organisation
        label = self.get_role_display()
        return f"{self.person} – {label} ({where})" if where else f"{self.person} – {label}"

    def is_active(self, at: datetime.date | None = None) -> bool:
        day = at or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
