"""Forms for the social map: searching it, and adding or changing a service."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core.stale import SeenForm
from regie.people.models import Municipality, Region

from .models import ServiceCategory
from .selectors import region_municipalities


class SocialMapSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Words in the name or in what they offer."),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *ServiceCategory.choices],
    )
    municipality: forms.ModelChoiceField[Municipality] = forms.ModelChoiceField(
        label=_("Municipality"), required=False, queryset=None, empty_label=_("All municipalities")
    )
    inactive = forms.BooleanField(label=_("Also show deactivated services"), required=False)

    def __init__(self, *args: Any, region: Region, can_manage: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = region_municipalities(
            region
        )
        if not can_manage:
            del self.fields["inactive"]


class SocialServiceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=ServiceCategory.choices)
    municipality: forms.ModelChoiceField[Municipality] = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=None,
        empty_label=_("The whole region"),
    )
    description = forms.CharField(
        label=_("What they offer"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput({"type": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    website = forms.URLField(label=_("Website"), required=False)
    hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False)

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = region_municipalities(
            region
        )


class SocialServiceEditForm(SeenForm, SocialServiceForm):
    """The service form on an existing service: a stale save is refused."""
