"""Rectification: every correction of a person's own details, kept as a version."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person


class PersonDetailsVersion(models.Model):
    """One correction of a person's details: who, when, which fields, the old
    and the new values. `number` counts the corrections of one person (1, 2, …);
    the form carries the number it was based on, so a stale save is refused."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="details_versions", verbose_name=_("person")
    )
    number = models.PositiveIntegerField(_("version"))
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_by_role = models.CharField(_("role"), max_length=32, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list)
    old_values = models.JSONField(_("old values"), default=dict)
    new_values = models.JSONField(_("new values"), default=dict)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["person", "-number"]
        verbose_name = _("version of personal details")
        verbose_name_plural = _("versions of personal details")
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="person_details_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} v{self.number}"
