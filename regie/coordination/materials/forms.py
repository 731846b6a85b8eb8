"""Forms for communication materials. They check the shape of the input;
the services check the rules and raise CoordinationError."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MaterialAudience, MaterialKind


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    description = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea({"rows": 3}),
    )
    audience = forms.ChoiceField(
        label=_("Who may see it"),
        choices=MaterialAudience.choices,
        initial=MaterialAudience.STAFF,
        widget=forms.RadioSelect,
    )
    all_regions = forms.BooleanField(
        label=_("Share with every region"),
        required=False,
        help_text=_("Otherwise only people in this region see it."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, Word (.docx) or PowerPoint (.pptx), at most 20 MB."),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class MaterialVersionForm(forms.Form):
    file = forms.FileField(
        label=_("New version"),
        help_text=_("PDF, PNG, JPEG, Word (.docx) or PowerPoint (.pptx), at most 20 MB."),
    )
    note = forms.CharField(label=_("What changed (optional)"), max_length=300, required=False)
