"""Forms of the participant portal and the consultant's evaluation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core.stale import SeenForm

from .. import schema
from ..models import EvaluationOutcome, EvaluationTheme, RespectedBy

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes(value: str) -> bool:
    return value == "yes"


class ProposalForm(forms.Form):
    section = forms.ChoiceField(
        label=_("Which part of your plan is it about?"),
        required=False,
        choices=[("", _("I am not sure, or more than one part"))]
        + [(s.key, s.title) for s in schema.SECTIONS],
    )
    text = forms.CharField(
        label=_("What would you like to change?"),
        help_text=_("Write it in your own words. Your consultant will talk it through with you."),
        max_length=schema.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class EvaluationForm(SeenForm):
    crisis_happened = forms.TypedChoiceField(
        label=_("Did a crisis happen since the card was made (or last evaluated)?"),
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
    )
    card_used = forms.TypedChoiceField(
        label=_("Was the card used?"),
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
    )
    used_by = forms.MultipleChoiceField(
        label=_("Used by"),
        help_text=_("Who looked at the card or the plan? Tick all that apply."),
        choices=RespectedBy.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    respected_by = forms.MultipleChoiceField(
        label=_("Respected by"),
        help_text=_("Who did what the card asks? Tick all that apply."),
        choices=RespectedBy.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        help_text=_(
            "Which wishes and bottlenecks came up? Tick all that apply. "
            "Only these ticks (never the text below) are counted in anonymised reports."
        ),
        choices=EvaluationTheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    what_should_change = forms.CharField(
        label=_("What should change?"),
        help_text=_("In the card holder's own words. Leave empty if nothing should change."),
        required=False,
        max_length=schema.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    outcome = forms.ChoiceField(
        label=_("What happens with the card?"),
        choices=EvaluationOutcome.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Unchanged: the card stays as it is, the next evaluation is in a year. "
            "Updated: you make a new version of the plan together. "
            "Ended: the card stops and its QR code no longer works."
        ),
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        help_text=_("Your consultant answers within two working days."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
