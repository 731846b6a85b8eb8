"""The client's sharing form: their crisis card, and per grantee what they may read."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CasePartner, ConsentPart
from ..services.consent import SharingChoices

PART_HELP = {
    ConsentPart.NOTES: _("What happened in talks with the team, and the notes about them."),
    ConsentPart.PLAN: _("Your goals, and who does what."),
    ConsentPart.WHEEL: _("The scores you gave each part of your life."),
}


class SharingForm(forms.Form):
    """One tick per grantee and part; `revision` refuses a stale save."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    share_crisis_card = forms.BooleanField(
        label=_("My team may see my crisis card"),
        required=False,
        help_text=_("Only what is on the card. You can change this at any time."),
    )

    def __init__(
        self,
        *args: Any,
        partners: list[CasePartner],
        current: SharingChoices,
        revision: int,
        **kwargs: Any,
    ) -> None:
        initial = {"revision": revision, "share_crisis_card": current.share_crisis_card}
        for part in ConsentPart.values:
            initial[self.family_name(part)] = part in current.family_peer_expert
            for partner in partners:
                initial[self.partner_name(partner, part)] = part in current.partners[partner.pk]
        super().__init__(*args, initial=initial, label_suffix="", **kwargs)  # type: ignore[misc]  # args are data and files only
        self.partners = partners
        for part in ConsentPart.values:
            self.fields[self.family_name(part)] = self._tick(part)
        for partner in partners:
            for part in ConsentPart.values:
                self.fields[self.partner_name(partner, part)] = self._tick(part)

    @staticmethod
    def _tick(part: str) -> forms.BooleanField:
        return forms.BooleanField(
            label=ConsentPart(part).label, required=False, help_text=PART_HELP[ConsentPart(part)]
        )

    @staticmethod
    def family_name(part: str) -> str:
        return f"family_{part}"

    @staticmethod
    def partner_name(partner: CasePartner, part: str) -> str:
        return f"partner_{partner.pk}_{part}"

    def family_fields(self) -> list[forms.BoundField]:
        return [self[self.family_name(part)] for part in ConsentPart.values]

    def partner_rows(self) -> list[tuple[CasePartner, list[forms.BoundField]]]:
        return [
            (partner, [self[self.partner_name(partner, part)] for part in ConsentPart.values])
            for partner in self.partners
        ]

    def choices(self) -> SharingChoices:
        data = self.cleaned_data
        return SharingChoices(
            share_crisis_card=data["share_crisis_card"],
            family_peer_expert=frozenset(
                part for part in ConsentPart.values if data[self.family_name(part)]
            ),
            partners={
                partner.pk: frozenset(
                    part for part in ConsentPart.values if data[self.partner_name(partner, part)]
                )
                for partner in self.partners
            },
        )
