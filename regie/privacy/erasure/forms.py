from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core.forms import PersonChoiceForm


class RecordErasureForm(PersonChoiceForm):
    """Staff record an erasure request on a person's behalf."""

    person = forms.ChoiceField(label=_("Whose data"))


class ConfirmErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked this request and understand that this cannot be undone."),
        required=True,
    )
