from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RestrictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the person asks for the pause"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    confirm = forms.BooleanField(
        label=_("I have checked that the person asked for this pause."), required=True
    )


class LiftForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked that the person asked to lift the pause."), required=True
    )
