"""Outreach: stakeholders and regional agreements, the social map,
communication materials and the regional consultation on crisis care."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Municipality, Organisation, Person, Region


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


class MaterialKind(models.TextChoices):
    FOLDER = "folder", _("Folder")
    ARTICLE = "article", _("Article")
    PRESENTATION = "presentation", _("Presentation")
    POSTER = "poster", _("Poster")
    OTHER = "other", _("Other")


class MaterialAudience(models.TextChoices):
    STAFF = "staff", _("All staff")
    PRESENTERS = "presenters", _("Coordinators and HBO consultants")
    COORDINATORS = "coordinators", _("Coordinators only")


class Material(models.Model):
    """A communication material (folder, article, presentation) with its versions.

    `region` empty: shared by every region. `audience` says who may see it.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=MaterialKind.choices)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("who may see it"),
        max_length=16,
        choices=MaterialAudience.choices,
        default=MaterialAudience.STAFF,
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("communication material")
        verbose_name_plural = _("communication materials")

    def __str__(self) -> str:
        return self.title


class MaterialVersion(models.Model):
    """One uploaded version of a material; files live outside the web root."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to="materials/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="material_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"


class RegionalMeeting(models.Model):
    """A regional consultation on crisis care: who came, the agenda, notes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="regional_meetings", verbose_name=_("region")
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    participants = models.TextField(_("participants"), blank=True)
    stakeholders = models.ManyToManyField(
        Stakeholder, blank=True, related_name="meetings", verbose_name=_("organisations present")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    input_period_start = models.DateField(_("input pack from"), null=True, blank=True)
    input_period_end = models.DateField(_("input pack until"), null=True, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("regional consultation")
        verbose_name_plural = _("regional consultations")

    def __str__(self) -> str:
        return self.title


class RegionalMeetingAction(models.Model):
    """An action or initiative that follows from a regional consultation."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(RegionalMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action or initiative"), max_length=300)
    owner = models.CharField(_("who"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.description
