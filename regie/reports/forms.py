"""The report's period: two dates, start on or before end, at most five years."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import Period

MAX_DAYS = 5 * 366


def default_period(today: datetime.date | None = None) -> Period:
    """The last twelve months: from the first day of the month eleven months ago to today."""
    today = today or timezone.localdate()
    month = today.month - 1 - 11
    start = datetime.date(today.year + month // 12, month % 12 + 1, 1)
    return Period(start=start, end=today)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Up to and including"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("The end date must be on or after the start date."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", _("Choose a period of at most five years."))
        return data

    def period(self) -> Period:
        return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
