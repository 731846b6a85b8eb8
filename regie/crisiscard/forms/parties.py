"""Forms for parties, signing and scans. Only the fields listed here are writable."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core.stale import SeenForm

from .. import schema
from ..models import PartyKind
from ..services.parties import SHAREABLE_SECTIONS
from ..uploads import MAX_UPLOAD_BYTES


class PartyForm(forms.Form):
    # Set from the social map quick choice (?service=uuid); the view resolves
    # it within the request's region and the service checks it again.
    service = forms.UUIDField(required=False, widget=forms.HiddenInput)
    organisation = forms.ChoiceField(
        label=_("Organisation registered in Regie"),
        required=False,
        help_text=_("Optional. Choose an organisation of the region, or leave empty for a person."),
    )
    kind = forms.ChoiceField(label=_("Kind of party"), choices=PartyKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("The signing request goes to this address."),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    shared_sections = forms.MultipleChoiceField(
        label=_("Parts of the plan to propose for sharing with this party"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The participant decides: a change here is sent to them as a proposal, which they "
            "accept or decline in their portal. The party always sees their own agreements."
        ),
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._organisations = {str(o.uuid): o for o in organisations}
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            ("", _("None: a person"))
        ] + [(str(o.uuid), o.name) for o in organisations]
        cast(forms.ChoiceField, self.fields["shared_sections"]).choices = [
            (key, schema.BY_KEY[key].title) for key in SHAREABLE_SECTIONS
        ]

    def chosen_organisation(self) -> Any:
        return self._organisations.get(self.cleaned_data.get("organisation") or "")


class SignForm(forms.Form):
    typed_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        help_text=_("Typing your name counts as your signature."),
    )
    confirmed = forms.BooleanField(
        label=_("I agree with these agreements"),
        required=True,
        error_messages={"required": _("Tick the box to say you agree with these agreements.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you not sign?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The consultant and the participant will read this, so they can respond."),
    )


class ScanForm(forms.Form):
    file = forms.FileField(
        label=_("Signed scan"),
        help_text=_("A PDF, PNG or JPEG file of at most 5 MB."),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too big (at most 5 MB). Scan at a lower resolution and try again.")
            )
        return file


class PartyEditForm(SeenForm, PartyForm):
    """The party form on an existing party: a stale save is refused."""
