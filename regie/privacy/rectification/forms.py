from __future__ import annotations

from django import forms
from django.db import models

from regie.core.forms import DATE_WIDGET
from regie.people.models import Person

from ..export.collect import PERSON_FIELDS


class DetailsForm(forms.Form):
    """The person's own details; `version` is the history number the page showed."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in PERSON_FIELDS:
            model_field = Person._meta.get_field(name)
            assert isinstance(model_field, models.Field)
            field = model_field.formfield()
            assert field is not None
            if name == "date_of_birth":
                field.widget = DATE_WIDGET
            self.fields[name] = field
