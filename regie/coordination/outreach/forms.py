"""Forms for stakeholders, their contact moments and regional agreements.

They list their writable fields; region, creator and reminder state are set by
the services. The services check the rules again and raise CoordinationError.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATE_WIDGET
from regie.core.stale import SeenForm

from .models import AgreementStatus, StakeholderKind, StakeholderStatus
from .services import MAX_REMIND_DAYS

ROWS_4 = forms.Textarea(attrs={"rows": 4})


class StakeholderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *StakeholderKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Involvement"),
        required=False,
        choices=[("", _("All")), *StakeholderStatus.choices],
    )


class StakeholderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=StakeholderKind.choices)
    status = forms.ChoiceField(
        label=_("Involvement"),
        choices=StakeholderStatus.choices,
        initial=StakeholderStatus.INTERESTED,
    )
    contact_person = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput({"type": "tel"}),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=ROWS_4)


class StakeholderContactForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=timezone.localdate)
    summary = forms.CharField(label=_("What was discussed"), max_length=4000, widget=ROWS_4)


class AgreementFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *AgreementStatus.choices]
    )


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    agreed = forms.CharField(label=_("What was agreed"), max_length=8000, widget=ROWS_4)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_WIDGET)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty when the agreement has no end date."),
    )
    remind_days_before = forms.IntegerField(
        label=_("Remind me this many days before the end"),
        min_value=1,
        max_value=MAX_REMIND_DAYS,
        initial=60,
        help_text=_("The region's coordinators get one e-mail, so there is time to renew."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until",
                _("The end date is before the start date (%(start)s). Choose a later date.")
                % {"start": start.strftime("%d-%m-%Y")},
            )
        return data


class StakeholderEditForm(SeenForm, StakeholderForm):
    """The stakeholder form on an existing stakeholder: a stale save is refused."""


class AgreementEditForm(SeenForm, AgreementForm):
    """The agreement form on an existing agreement: a stale save is refused."""
