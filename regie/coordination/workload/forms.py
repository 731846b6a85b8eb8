"""Forms for workload: the region's thresholds and a person's own time entries."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATE_WIDGET

from .models import TimeEntryKind
from .services import ACTIVE_RANGE, ATTENTION_RANGE, DAY_MINUTES, HOURS_PERCENT_RANGE


def _bounded(value: int | None, low: int, high: int, message: str) -> int:
    if value is None or not low <= value <= high:
        raise forms.ValidationError(message % {"low": low, "high": high})
    return value


class ThresholdForm(forms.Form):
    """Writable: the three numbers. The region comes from the URL."""

    max_active_trajectories = forms.IntegerField(
        label=_("Active trajectories at most"),
        help_text=_("Someone with more active trajectories than this is overloaded."),
    )
    max_hours_percent = forms.IntegerField(
        label=_("Hours at most (percentage of contract hours)"),
        help_text=_(
            "Someone who worked more than this share of their contract hours in the "
            "last four weeks is overloaded. 100 means exactly their contract hours."
        ),
    )
    attention_percent = forms.IntegerField(
        label=_("Needs attention from (percentage of a limit)"),
        help_text=_(
            "Someone at or above this share of either limit needs attention, before "
            "they are overloaded. 100 means: only at the limit itself."
        ),
    )

    def clean_max_active_trajectories(self) -> int:
        low, high = ACTIVE_RANGE
        return _bounded(
            self.cleaned_data.get("max_active_trajectories"),
            low,
            high,
            str(_("Choose a number from %(low)s to %(high)s.")),
        )

    def clean_max_hours_percent(self) -> int:
        low, high = HOURS_PERCENT_RANGE
        return _bounded(
            self.cleaned_data.get("max_hours_percent"),
            low,
            high,
            str(_("Choose a percentage from %(low)s to %(high)s.")),
        )

    def clean_attention_percent(self) -> int:
        low, high = ATTENTION_RANGE
        return _bounded(
            self.cleaned_data.get("attention_percent"),
            low,
            high,
            str(
                _(
                    "Choose a percentage from %(low)s to %(high)s: attention comes before "
                    "the limit, never after it."
                )
            ),
        )


class TimeEntryForm(forms.Form):
    """Writable: date, minutes, kind and note. The person is always the one logged in."""

    worked_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=timezone.localdate)
    minutes = forms.IntegerField(
        label=_("Time (minutes)"),
        help_text=_("For example 90 for an hour and a half."),
        min_value=1,
        max_value=DAY_MINUTES,
        error_messages={
            "min_value": _("Give at least 1 minute."),
            "max_value": _("A day has at most 1440 minutes (24 hours)."),
        },
    )
    kind = forms.ChoiceField(label=_("Kind of work"), choices=TimeEntryKind.choices)
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=200,
        required=False,
        help_text=_("No names or details of participants."),
    )


class DeleteConfirmForm(forms.Form):
    """A POST with only the CSRF token: the confirmation page is the check."""
