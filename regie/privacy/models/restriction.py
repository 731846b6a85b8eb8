"""Restriction of processing (AVG art. 18): one row per person, set and lifted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.people.models import Person


class ProcessingRestriction(models.Model):
    """While `lifted_at` is empty, the person's data is frozen: services that
    change it refuse and no mail goes to or about them. Setting it again after a
    lift reuses the row; the access log keeps every set and lift."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="restriction", verbose_name=_("person")
    )
    restricted_since = models.DateTimeField(_("restricted since"))
    restricted_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("restricted by"),
    )
    reason = models.TextField(_("reason"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    class Meta:
        verbose_name = _("restriction of processing")
        verbose_name_plural = _("restrictions of processing")

    def __str__(self) -> str:
        return f"{self.person_id} {'lifted' if self.lifted_at else 'active'}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None
