"""Forms for the regional consultation on crisis care and its follow-ups."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.people.models import Region

from .models import RegionalMeetingAction, Stakeholder

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsultationForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    title = forms.CharField(label=_("Title"), max_length=200)
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Organisations present"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.CharField(
        label=_("Other participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names or roles of the people present, one a line."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    input_period_start = forms.DateField(
        label=_("Input pack from"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave both dates empty for the twelve months before the meeting."),
    )
    input_period_end = forms.DateField(
        label=_("Input pack until"), required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholders"].queryset = Stakeholder.objects.filter(region=region).order_by(
            "name", "pk"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("input_period_start"), data.get("input_period_end")
        if start and end and end < start:
            self.add_error(
                "input_period_end",
                _("This date is before the start of the period. Choose a later date."),
            )
        elif bool(start) != bool(end) and "input_period_start" not in self.errors:
            self.add_error(
                "input_period_end" if start else "input_period_start",
                _("Give both dates of the period, or leave both empty."),
            )
        return data


class ConsultationActionForm(forms.Form):
    description = forms.CharField(label=_("Action or initiative"), max_length=300)
    owner = forms.CharField(label=_("Who"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE_WIDGET)


class ConsultationActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RegionalMeetingAction.Status.choices)
