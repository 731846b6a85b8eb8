"""Erasure (AVG art. 17): the request as a task with a deadline, and the
certificate that says what was erased, when, by whom, without personal data.

The request points at the person, whose row outlives the erasure as an empty
pseudonym (its uuid is what the access log names). The certificate holds no
names: counts per kind of data and identifiers only.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureStatus(models.TextChoices):
    OPEN = "open", _("Open")
    EXECUTED = "executed", _("Executed")


class ErasureVia(models.TextChoices):
    PORTAL = "portal", _("By the person, in Regie")
    STAFF = "staff", _("Recorded by staff on the person's behalf")
    # The daily retention job purged the last of the person's data.
    RETENTION = "retention", _("By the retention job: nothing else of the person was kept")


class ErasureReason(models.TextChoices):
    REQUEST = "request", _("At the person's request")
    RETENTION = "retention", _("The retention period ended")


class ErasureRequest(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="erasure_requests",
        verbose_name=_("whose data"),
    )
    # The coordinators of this region see the task; without a region only the
    # log manager does (a recovery client without a crisis card request).
    region = models.ForeignKey(
        "people.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    via = models.CharField(_("asked"), max_length=16, choices=ErasureVia.choices)
    requested_at = models.DateTimeField(_("asked on"))
    due_on = models.DateField(_("erase before"))
    recorded_by = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ErasureStatus.choices, default=ErasureStatus.OPEN
    )

    class Meta:
        ordering = ["due_on", "requested_at"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        # The home counters (open, due soon) and the tasks page, in due order.
        indexes = [models.Index(fields=["status", "due_on"], name="erasure_status_due_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="open"),
                name="one_open_erasure_request_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"erasure request {self.uuid}"


class ErasureCertificate(models.Model):
    """Proof of an executed erasure. No personal data: the subject is named by
    the pseudonym the access log uses (the person's uuid)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField(
        ErasureRequest,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("erasure request"),
    )
    subject_uuid = models.UUIDField(_("pseudonym of the person"))
    executed_at = models.DateTimeField(_("erased on"))
    # Empty when the daily retention job erased (`reason` retention).
    executed_by = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    executed_as = models.CharField(_("role"), max_length=32)
    reason = models.CharField(
        _("reason"), max_length=16, choices=ErasureReason.choices, default=ErasureReason.REQUEST
    )
    # {kind: count}: what went. The kinds are the keys of erasure.shredders.KINDS.
    erased = models.JSONField(_("what was erased"), default=dict)

    class Meta:
        ordering = ["-executed_at"]
        verbose_name = _("erasure certificate")
        verbose_name_plural = _("erasure certificates")

    def __str__(self) -> str:
        return f"erasure certificate {self.uuid}"
