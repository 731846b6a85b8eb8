"""Forms for the sharing grid and the responder's identification. Only these fields are writable."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import schema
from ..models import ResponderType
from ..services.parties import SHAREABLE_SECTIONS
from ..services.sharing import Grantee


def section_choices() -> list[tuple[str, Any]]:
    return [(key, schema.BY_KEY[key].title) for key in SHAREABLE_SECTIONS]


class SharingGridForm(forms.Form):
    """One group of section checkboxes per grantee (a party or a responder type)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, rows: list[Grantee], notice: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[row.key] = forms.MultipleChoiceField(
                label=row.name,
                required=False,
                choices=section_choices(),
                widget=forms.CheckboxSelectMultiple,
            )
        if notice:
            self.fields["notify_emergency"] = forms.BooleanField(
                label=_("Send me an e-mail when someone opens my plan in an emergency"),
                required=False,
            )

    def grid(self) -> dict[str, list[str]]:
        return {row.key: self.cleaned_data[row.key] for row in self.rows}

    def row_fields(self) -> list[tuple[Grantee, forms.BoundField]]:
        return [(row, self[row.key]) for row in self.rows]


class ProposalAnswerForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])


class ResponderForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    organisation = forms.CharField(label=_("Your organisation"), max_length=90)
    responder_type = forms.ChoiceField(
        label=_("You are from"),
        choices=[("", "—"), *ResponderType.choices],
    )
    reason = forms.CharField(
        label=_("Why do you need more of the plan?"),
        max_length=80,
        help_text=_("In a few words. This is written in the log, which the card holder sees."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
