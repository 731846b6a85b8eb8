"""Form pieces shared by apps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _

from regie.people.models import Person


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
