"""Communication materials and their uploaded versions."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person, Region


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
