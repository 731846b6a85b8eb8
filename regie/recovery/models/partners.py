"""Partners working with the client, and what the client lets each grantee read."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.people.models import Organisation, Person

from .cases import RecoveryCase
from .wheel import LifeArea


class PartnerKind(models.TextChoices):
    RELATIVE = "relative", _("Family or relative")
    PROFESSIONAL = "professional", _("Professional from a partner organisation")


class CasePartner(models.Model):
    """Someone who works with the client on the case, per life area where relevant."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="partners", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices)
    life_area = models.ForeignKey(
        LifeArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("life area"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_partnerships",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_partnerships",
        verbose_name=_("contact person"),
    )
    relationship = models.CharField(_("relationship or function"), max_length=100, blank=True)
    started_on = models.DateField(_("from"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["life_area__position", "kind"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="case_partner_names_someone",
            )
        ]

    def __str__(self) -> str:
        return str(self.person or self.organisation)


class ConsentPart(models.TextChoices):
    """What of a case the client may share with a grantee."""

    NOTES = "notes", _("Contacts and case notes")
    PLAN = "plan", _("Goals and actions")
    WHEEL = "wheel", _("Wheel scores")


# What the family peer expert reads when the client has not chosen yet: the
# plan and the wheel (the team's shared work), never the case notes.
FAMILY_PEER_EXPERT_DEFAULT = frozenset({ConsentPart.PLAN, ConsentPart.WHEEL})
PARTNER_DEFAULT: frozenset[str] = frozenset()


class ClientConsent(models.Model):
    """What the client lets one grantee read: the case's family peer expert
    (whoever holds that place on the team; `partner` empty) or one partner.
    No row means the default (FAMILY_PEER_EXPERT_DEFAULT, PARTNER_DEFAULT)."""

    case = models.ForeignKey(
        RecoveryCase, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case")
    )
    partner = models.ForeignKey(
        "CasePartner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("partner"),
    )
    notes = models.BooleanField(_("contacts and case notes"), default=False)
    plan = models.BooleanField(_("goals and actions"), default=False)
    wheel = models.BooleanField(_("wheel scores"), default=False)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )

    class Meta:
        verbose_name = _("client's consent")
        verbose_name_plural = _("client's consents")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(partner__isnull=True),
                name="client_consent_one_family_row",
            ),
            models.UniqueConstraint(
                fields=["case", "partner"],
                condition=Q(partner__isnull=False),
                name="client_consent_one_row_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {', '.join(sorted(self.parts))}"

    @property
    def parts(self) -> frozenset[str]:
        return frozenset(part for part in ConsentPart.values if getattr(self, part))
