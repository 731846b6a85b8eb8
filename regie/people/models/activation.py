"""One-time codes that activate a login, by letter or e-mail."""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .persons import Person


class ActivationPurpose(models.TextChoices):
    PARTICIPANT = "participant", _("Crisis-card participant")
    CLIENT = "client", _("Recovery client")


class ActivationChannel(models.TextChoices):
    MAIL = "mail", _("E-mail link")
    LETTER = "letter", _("Letter with a code")


class ActivationCode(models.Model):
    """A single-use way in for a person who has no password yet.

    Only a keyed hash of the code is stored (`digest`); the code itself is
    known only to the mail or letter that carried it. See
    people/activation/codes.py and decisions/0021.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(_("purpose"), max_length=16, choices=ActivationPurpose.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=ActivationChannel.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="activation_codes",
        verbose_name=_("for whom"),
    )
    issued_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        indexes = [models.Index(fields=["person", "used_at", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.person}"

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > moment
