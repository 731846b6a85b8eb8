"""Forms of the family track: activities with relatives, relatives, and their notes."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATE_WIDGET
from regie.people.models import Person

from ..models import (
    CaseRelative,
    FamilyActivity,
    FamilyActivityKind,
    FamilyTopic,
    RecoveryCase,
    TeamRole,
    current_member_q,
)


def relatives_of_my_cases(person: Person) -> QuerySet[Person]:
    """Relatives on the cases where `person` is the family peer expert now."""
    return (
        Person.objects.filter(
            current_member_q("relative_of__case__members__"),
            relative_of__case__members__person=person,
            relative_of__case__members__team_role=TeamRole.FAMILY_PEER_EXPERT,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


class RelativeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class ActivityRelativesField(forms.Form):
    relatives = RelativeChoiceField(
        label=_("Relatives who take part"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only relatives on cases where you are the family peer expert are listed. "
            "You can add relatives later."
        ),
    )

    def __init__(
        self, *args: Any, person: Person, current: QuerySet[Person] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choosable = relatives_of_my_cases(person)
        if current is not None:
            # Relatives already present stay listed, even from a case the person left.
            choosable = (
                Person.objects.filter(pk__in=choosable.values("pk"))
                | Person.objects.filter(pk__in=current.values("pk"))
            ).order_by("last_name", "first_name", "pk")
        cast(forms.ModelChoiceField, self.fields["relatives"]).queryset = choosable

    def listed_relatives(self) -> list[Person]:
        """The relatives the form names (its choices), for the access log."""
        choices = cast(forms.ModelChoiceField, self.fields["relatives"]).queryset
        return list(choices) if choices is not None else []


class ActivityForm(ActivityRelativesField):
    kind = forms.ChoiceField(
        label=_("Kind of activity"), choices=FamilyActivityKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=timezone.localdate)
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=FamilyTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["kind", "title", "held_on", "topics", "relatives"]


class RelativeForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    relationship = forms.CharField(
        label=_("Relationship to the client"),
        max_length=100,
        help_text=_("For example: mother, partner, friend, neighbour."),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)


class CaseRelativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CaseRelative) -> str:
        return f"{obj.person.full_name} ({obj.relationship})"


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: FamilyActivity) -> str:
        return f"{obj.title} ({obj.held_on:%d-%m-%Y})"


class RelativeNoteForm(forms.Form):
    relative = CaseRelativeChoiceField(
        label=_("Relative"), queryset=CaseRelative.objects.none(), empty_label=None
    )
    text = forms.CharField(
        label=_("What the relative told you"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
    )
    activity = ActivityChoiceField(
        label=_("Written during (optional)"),
        queryset=FamilyActivity.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label=_("Not during an activity"),
    )
    shared_with_team = forms.BooleanField(
        label=_("The relative agrees to share this note with the client's team"),
        required=False,
    )

    def __init__(self, *args: Any, case: RecoveryCase, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["relative"]).queryset = (
            CaseRelative.objects.filter(case=case)
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        cast(forms.ModelChoiceField, self.fields["activity"]).queryset = (
            FamilyActivity.objects.filter(
                family_peer_expert=person, relatives__relative_of__case=case
            )
            .distinct()
            .order_by("-held_on", "-pk")
        )


class NoteSharingForm(forms.Form):
    shared = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
