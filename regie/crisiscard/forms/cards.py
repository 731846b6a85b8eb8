"""Forms for the crisis card: one small form per panel, and the hidden base of the edit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .. import fit

ENGLISH_PREFIX = "en-"


class PanelForm(forms.Form):
    """The fields of one panel; the prefix is the panel's key (`en-<key>` for English)."""

    def __init__(
        self, *args: Any, panel: fit.PanelSpec, english: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", f"{ENGLISH_PREFIX}{panel.key}" if english else panel.key)
        super().__init__(*args, **kwargs)
        self.panel = panel
        self.english = english
        for spec in panel.fields:
            self.fields[spec.key] = forms.CharField(
                label=_("%(label)s (in English)") % {"label": spec.label}
                if english
                else spec.label,
                required=False,
                max_length=4000,
                strip=True,
                widget=forms.Textarea(
                    attrs={"rows": min(spec.max_lines + 1, 8)} | ({"lang": "en"} if english else {})
                ),
                help_text=ngettext_lazy(
                    "At most %(count)d line on the card.",
                    "At most %(count)d lines on the card.",
                    "count",
                )
                % {"count": spec.max_lines},
            )
        if english and "name" in self.fields:
            self.fields["name"].help_text = _("Leave empty to use the name on the Dutch card.")


class CardBaseForm(forms.Form):
    """What the editor saw when the page was loaded; a save on another base is stale."""

    base = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


def panel_forms(data: Any = None, initial: dict[str, dict[str, str]] | None = None) -> list:
    initial = initial or {}
    return [PanelForm(data, panel=panel, initial=initial.get(panel.key)) for panel in fit.PANELS]


def panels_from(forms_: list[PanelForm]) -> dict[str, dict[str, str]]:
    """The posted panels (call after every form validated)."""
    return fit.normalise_panels({f.panel.key: f.cleaned_data for f in forms_})


def english_panel_forms(
    data: Any = None, initial: dict[str, dict[str, str]] | None = None
) -> list[PanelForm]:
    """The same panels in English; all of them may stay empty (no English side)."""
    initial = initial or {}
    return [
        PanelForm(data, panel=panel, english=True, initial=initial.get(panel.key))
        for panel in fit.PANELS
    ]
