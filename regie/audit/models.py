"""The access log (NEN 7513): append-only and hash-chained.

Rows are written only by `regie.audit.services.record` (and its batch form
`record_many`). Database triggers refuse UPDATE and DELETE (see migration
0002), and every row carries the hash of its predecessor, so
`manage.py audit_verify` finds any alteration.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Action(models.TextChoices):
    READ = "read", _("Read")
    SEARCH = "search", _("Search")
    CREATE = "create", _("Create")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    PRINT = "print", _("Print")
    EXPORT = "export", _("Export")
    EMERGENCY = "emergency", _("Emergency access")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Allowed")
    DENIED = "denied", _("Refused")
    FAILED = "failed", _("Failed")


class AccessEvent(models.Model):
    seq = models.BigIntegerField(_("number"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("when"), editable=False, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    # Identifiers, not foreign keys: the log outlives erased records.
    subject_uuid = models.UUIDField(_("whose data"), null=True, blank=True, db_index=True)
    actor_user_id = models.BigIntegerField(_("login"), null=True, blank=True, db_index=True)
    actor_person_uuid = models.UUIDField(_("who"), null=True, blank=True)
    on_behalf_of_uuid = models.UUIDField(_("on behalf of"), null=True, blank=True)
    actor_role = models.CharField(_("role"), max_length=32, blank=True)
    actor_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    object_type = models.CharField(_("kind of data"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    part = models.CharField(_("section"), max_length=100, blank=True)
    purpose = models.CharField(_("screen or action"), max_length=100)
    legal_basis = models.CharField(_("legal basis or consent"), max_length=100, blank=True)
    emergency = models.BooleanField(_("emergency access"), default=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        indexes = [models.Index(fields=["actor_user_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}"

    HASHED_FIELDS = (
        "seq",
        "occurred_at",
        "action",
        "outcome",
        "subject_uuid",
        "actor_user_id",
        "actor_person_uuid",
        "on_behalf_of_uuid",
        "actor_role",
        "actor_organisation",
        "ip_address",
        "user_agent",
        "object_type",
        "object_id",
        "part",
        "purpose",
        "legal_basis",
        "emergency",
        "prev_hash",
    )

    def canonical(self) -> bytes:
        data: dict[str, Any] = {}
        for name in self.HASHED_FIELDS:
            value = getattr(self, name)
            if name == "occurred_at":
                value = value.isoformat(timespec="microseconds")
            elif value is not None and not isinstance(value, (bool, int, str)):
                value = str(value)
            data[name] = value
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()
