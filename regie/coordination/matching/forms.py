"""Forms for matching: the coordinator's decisions, wishes and work profiles."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core.forms import person_choices
from regie.core.stale import SeenForm
from regie.people.models import Person

from .models import Gender, Weekday


class ChangeForm(forms.Form):
    consultant = forms.ChoiceField(label=_("Another consultant"))

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {str(p.uuid): p for p in people}
        self.fields["consultant"].choices = person_choices(people)  # type: ignore[attr-defined]

    def chosen(self) -> Person:
        return self._people[self.cleaned_data["consultant"]]


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)


class WishForm(SeenForm):
    wants_peer_expertise = forms.BooleanField(
        label=_("Wants a consultant with peer expertise"), required=False
    )
    language = forms.CharField(
        label=_("Language besides Dutch"),
        max_length=8,
        required=False,
        help_text=_("A code of two letters, such as tr (Turkish) or ar (Arabic). Empty: Dutch."),
    )
    consultant_gender = forms.ChoiceField(
        label=_("Prefers a consultant who is a"),
        choices=[("", _("No preference")), *Gender.choices],
        required=False,
    )
    available_days = forms.MultipleChoiceField(
        label=_("Days that suit the applicant"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    previous_consultant = forms.ChoiceField(label=_("Previous consultant"), required=False)

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {str(p.uuid): p for p in people}
        cast(forms.ChoiceField, self.fields["previous_consultant"]).choices = [
            ("", _("None or unknown")),
            *person_choices(people),
        ]

    def previous(self) -> Person | None:
        return self._people.get(self.cleaned_data["previous_consultant"] or "")


class WorkProfileForm(SeenForm):
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Not recorded")), *Gender.choices], required=False
    )
    languages = forms.CharField(
        label=_("Languages besides Dutch"),
        max_length=100,
        required=False,
        help_text=_("Codes of two letters, separated by commas, such as tr, ar, en."),
    )
    available_days = forms.MultipleChoiceField(
        label=_("Available days"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = forms.IntegerField(
        label=_("Active trajectories at most"),
        min_value=0,
        max_value=100,
        help_text=_(
            "New suggestions stop when this number is reached, or earlier at the "
            "region's overload limit."
        ),
    )
