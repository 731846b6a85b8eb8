"""Forms for coaching conversations and intervision sessions in a region."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATE_WIDGET, PeopleChoiceField, PersonChoiceField
from regie.core.stale import SeenForm
from regie.people.models import Person


class CoachingForm(forms.Form):
    """Writable: who, when, topic and agreed actions. Coach and region are never in the form."""

    person = PersonChoiceField(label=_("Consultant"), queryset=Person.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=timezone.localdate)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    agreed_actions = forms.CharField(
        label=_("Agreed actions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you agreed, who does it and when. No participant details."),
    )

    def __init__(self, *args: object, people: QuerySet[Person], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # the form's own data, files and initial
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people


class IntervisionForm(forms.Form):
    """Writable: date, topic, facilitator and attendees. The region comes from the URL."""

    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=timezone.localdate)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    facilitator = PersonChoiceField(
        label=_("Facilitator"), queryset=Person.objects.none(), required=False
    )
    attendees = PeopleChoiceField(
        label=_("Attendees"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: object,
        consultants: QuerySet[Person],
        facilitators: QuerySet[Person],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # the form's own data, files and initial
        cast(forms.ModelChoiceField, self.fields["facilitator"]).queryset = facilitators
        cast(forms.ModelChoiceField, self.fields["attendees"]).queryset = consultants


class CoachingEditForm(SeenForm, CoachingForm):
    """The coaching form on a logged conversation: a stale save is refused."""


class IntervisionEditForm(SeenForm, IntervisionForm):
    """The intervision form on a logged session: a stale save is refused."""
