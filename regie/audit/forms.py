from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action


class LogFilterForm(forms.Form):
    participant = forms.CharField(
        label=_("Whose data"),
        required=False,
        max_length=100,
        help_text=_("Part of a name, or the person's number."),
    )
    user = forms.CharField(
        label=_("Who (the e-mail address they log in with)"), required=False, max_length=254
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *Action.choices]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: datetime.date | None = data.get("date_from")
        end: datetime.date | None = data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data

    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)
