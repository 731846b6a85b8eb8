"""The access log (NEN 7513): append-only and chained with a keyed hash.

Rows are written only by `regie.audit.services.record` (and its batch form
`record_many`). Database triggers refuse UPDATE and DELETE (see migration
0002), and every row carries the seal of its predecessor. A seal is an
HMAC-SHA256 with a key from the environment (`regie.audit.keys`), named by
the row's `key_id`, so `manage.py audit_verify` finds any alteration, and a
row written or rewritten without the key (decisions/0031).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from regie.core.models import ChoiceLabels

from .canonical import HASHED_FIELDS, canonical_bytes
from .indexes import NAMED
from .keys import Keyring, keyring, seal

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


class AccessEvent(ChoiceLabels, models.Model):
    seq = models.BigIntegerField(_("number"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("when"), editable=False, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    # Identifiers, not foreign keys: the log outlives erased records.
    # Indexed by the composite (subject_uuid, seq) and (actor_user_id, seq)
    # indexes in Meta, which serve every lookup a single-column index would.
    subject_uuid = models.UUIDField(_("whose data"), null=True, blank=True)
    actor_user_id = models.BigIntegerField(_("login"), null=True, blank=True)
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
    # `hash` and `prev_hash` hold HMAC-SHA256 seals (the names predate the key).
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)
    # Which key sealed the row; a new key starts a new segment of the chain.
    key_id = models.CharField(max_length=32, editable=False)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        # Newest first within whose data, who, or which action (regie.audit.indexes),
        # and the log manager's home counters of the last day: the few events to
        # check, without reading the whole day's rows.
        indexes = [
            *(models.Index(fields=list(columns), name=name) for name, columns in NAMED),
            models.Index(
                fields=["occurred_at"],
                condition=models.Q(emergency=True),
                name="accessevent_emergency_idx",
            ),
            models.Index(
                fields=["occurred_at"],
                condition=models.Q(outcome=Outcome.DENIED),
                name="accessevent_denied_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}"

    HASHED_FIELDS = HASHED_FIELDS

    def canonical(self) -> bytes:
        return canonical_bytes(lambda name: getattr(self, name))

    def compute_hash(self, ring: Keyring | None = None) -> str:
        """The row's seal with the key its `key_id` names (UnknownKey if absent),
        from `ring` when the caller has read the keyring already (a batch)."""
        return seal((ring or keyring()).secret(self.key_id), self.canonical())
