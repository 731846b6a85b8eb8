"""Form pieces shared by apps: the date widgets and the person picker."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _

from regie.people.models import Person

# A browser date picker; the value is written as ISO so the picker shows it
# whatever the language.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def person_choices(people: Iterable[Person], *, key: str = "uuid") -> list[tuple[str, str]]:
    """Choices for a person picker: each person's `key` (their uuid, or "pk"
    where the form turns ids back itself) and their full name."""
    return [(str(getattr(person, key)), person.full_name) for person in people]


class PersonChoiceField(forms.ModelChoiceField):
    """Choose one person from a queryset, shown by full name."""

    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """Choose several people from a queryset, shown by full name."""

    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class PersonChoiceForm(forms.Form):
    """Choose one person from `options` ((person, reason) pairs): each choice is
    the person's uuid, and a person who may not be chosen shows the reason
    beside their name (the service refuses them with the same reason).

    Subclasses declare the field and name it in `person_field`.
    """

    person_field = "person"

    def __init__(self, *args: Any, options: Sequence[tuple[Person, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {str(person.uuid): person for person, _reason in options}
        cast(forms.ChoiceField, self.fields[self.person_field]).choices = [
            (
                str(person.uuid),
                person.full_name
                if not reason
                else _("%(name)s – not possible: %(reason)s")
                % {"name": person.full_name, "reason": reason},
            )
            for person, reason in options
        ]

    def chosen(self) -> Person:
        return self._people[self.cleaned_data[self.person_field]]
