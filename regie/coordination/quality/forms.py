"""Forms for quality: the review decision, the indicators' period, visitations and actions.

Each form lists its writable fields; region, status, reviewer and creator are
set by the services, never posted.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core.stale import SeenForm
from regie.people.models import Person


class ReviewDecisionForm(forms.Form):
    # The card the reviewer read (its panels' hash and plan version): the
    # decision counts only for that card. The page always renders the card's
    # current values (see the view), never the posted ones.
    seen_panels = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    seen_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    own_words = forms.BooleanField(
        label=_("The plan and the card are in the participant's own words"), required=False
    )
    missing_signatures_reason = forms.CharField(
        label=_("Reason for missing signatures"),
        help_text=_("Needed only when a signature is missing."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comments = forms.CharField(
        label=_("Comments for the consultant"),
        help_text=_("Needed when you send the card back: say what should change."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class VisitationForm(forms.Form):
    visited_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    visitors = forms.CharField(
        label=_("Visitors"), max_length=300, help_text=_("Who visited, and for which body.")
    )
    period_start = forms.DateField(
        label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    findings = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class FindingsForm(SeenForm):
    findings = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class VisitationActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Who"), queryset=Person.objects.none(), required=False, empty_label=_("Nobody yet")
    )
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is not None:
            cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owners
        self.fields["owner"].label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]  # a ModelChoiceField; labels by full name
