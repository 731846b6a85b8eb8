"""Forms for the regional consultation on crisis care and its follow-ups."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATE_WIDGET
from regie.core.stale import SeenForm
from regie.people.models import Region
from regie.reports.quarters import Quarter, completed_quarters

from ..outreach.models import Stakeholder
from .models import RegionalMeetingAction


class ConsultationForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    title = forms.CharField(label=_("Title"), max_length=200)
    stakeholders: forms.ModelMultipleChoiceField[Stakeholder] = forms.ModelMultipleChoiceField(
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
    input_quarter = forms.CharField(
        label=_("Quarter of the input pack"),
        required=False,
        widget=forms.Select,
        help_text=_(
            "The input pack always covers one whole quarter that has ended. Leave it on the "
            "default for the last quarter before the meeting."
        ),
    )

    def __init__(
        self,
        *args: Any,
        region: Region,
        today: datetime.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["stakeholders"]
        ).queryset = Stakeholder.objects.filter(region=region).order_by("name", "pk")
        self.today = today or timezone.localdate()
        self.quarters = completed_quarters(self.today)
        self.fields["input_quarter"].widget.choices = [
            ("", _("Default: the last quarter before the meeting"))
        ] + [(q.key, q.label()) for q in self.quarters]

    def clean_input_quarter(self) -> Quarter | None:
        key = self.cleaned_data.get("input_quarter") or ""
        if not key:
            return None
        quarter = Quarter.parse(key)
        if quarter is None or quarter not in self.quarters:
            raise forms.ValidationError(
                _("Choose a quarter that has ended from the list, or the default.")
            )
        return quarter

    def clean(self) -> dict[str, Any]:
        """The chosen quarter becomes the input pack's first and last day (None: default)."""
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        quarter = data.pop("input_quarter", None)
        data["input_period_start"] = quarter.start if quarter else None
        data["input_period_end"] = quarter.end if quarter else None
        return data


class ConsultationActionForm(forms.Form):
    description = forms.CharField(label=_("Action or initiative"), max_length=300)
    owner = forms.CharField(label=_("Who"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE_WIDGET)


class ConsultationActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RegionalMeetingAction.Status.choices)


class ConsultationEditForm(SeenForm, ConsultationForm):
    """The consultation form on an existing meeting: a stale save is refused."""
