from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATE_WIDGET, PersonChoiceField
from regie.core.stale import SeenForm

from .models import ConsultantLevel, Person, TrajectoryKind, TrajectoryStatus


class QualificationFields(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"),
        choices=ConsultantLevel.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "MBO: light situations, tasks 1–7. HBO: light and heavy situations, tasks 1–9."
        ),
    )
    trained_on = forms.DateField(
        label=_("Trained as crisis-card consultant on"), required=False, widget=DATE_WIDGET
    )
    has_peer_expertise = forms.BooleanField(label=_("Has peer expertise"), required=False)
    contract_hours_per_week = forms.DecimalField(
        label=_("Contract hours per week"), min_value=0, max_value=60, decimal_places=1
    )

    def clean_trained_on(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("trained_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The training date cannot be in the future."))
        return value


class ConsultantAddForm(QualificationFields):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The new consultant logs in with this address and chooses their own password."),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_(
            "A work number: card holders see it in their portal to call their consultant. "
            "Empty: they see the organisation's number."
        ),
    )
    valid_from = forms.DateField(
        label=_("Starts on"), widget=DATE_WIDGET, initial=timezone.localdate
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "level",
        "trained_on",
        "has_peer_expertise",
        "contract_hours_per_week",
        "valid_from",
    ]


class ConsultantChangeForm(SeenForm, QualificationFields):
    """The qualification fields of an existing consultant: a stale save is refused."""


class RoleEndForm(forms.Form):
    end_on = forms.DateField(label=_("Last day in the role"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, starts_on: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.starts_on = starts_on

    def clean_end_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["end_on"]
        if value < self.starts_on:
            raise forms.ValidationError(
                _("The end date cannot be before the start date (%(start)s).")
                % {"start": self.starts_on.strftime("%d-%m-%Y")}
            )
        return value


class TrajectoryForm(forms.Form):
    person = PersonChoiceField(label=_("Staff member"), queryset=Person.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind"), choices=TrajectoryKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    started_on = forms.DateField(label=_("Started on"), widget=DATE_WIDGET)
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DATE_WIDGET)
    status = forms.ChoiceField(label=_("Status"), choices=TrajectoryStatus.choices)
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = staff

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("The end date cannot be before the start date."))
        return data
