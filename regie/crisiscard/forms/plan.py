"""Forms of the plan pages. The editor is built from schema.SECTIONS, so no field is listed twice.

Field names: `<section>__<field>` for plain sections, `<section>__<phase>__<field>`
for the phases, `<section>__<row>__<field>` for repeated sections. Repeated
sections get the stored rows plus EXTRA_ROWS empty ones; the number of rows
posted travels in `<section>__rows`, so no JavaScript is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import schema
from ..models import ChangeProposal

EXTRA_ROWS = 2

HELP = {
    ("about_me", "text"): _("In your own words. For example what you like and who matters to you."),
    ("about_me", "what_crisis_means"): _("What happens to you in a crisis, as you see it."),
    ("phases", "signals"): _("What you notice yourself, and what others can notice."),
    ("approach", "text"): _("For example: speak calmly, tell me what you are going to do."),
    ("contacts", "do_not_inform"): _("Tick this for someone who must not be told."),
    ("medication", "what_to_do"): _("For example: keep taking it, or bring it to the hospital."),
    ("agreements", "party"): _(
        "Who this agreement is with. Parties are added on the parties page."
    ),
}


@dataclass
class Row:
    index: int
    fields: list[forms.BoundField]


@dataclass
class Group:
    section: schema.Section
    fields: list[forms.BoundField]  # plain sections
    phases: list[tuple[str, Any, list[forms.BoundField]]]
    rows: list[Row]
    rows_field: forms.BoundField | None


def _widget(f: schema.Field) -> forms.Widget:
    if f.kind == "bool":
        return forms.CheckboxInput()
    if f.key == "phone":
        return forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})
    if f.short:
        return forms.TextInput()
    return forms.Textarea(attrs={"rows": 3})


class PlanForm(forms.Form):
    """The structured editor for the whole plan."""

    based_on_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        data: Any = None,
        *,
        content: dict[str, Any],
        party_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        self.party_choices = party_choices
        content = schema.normalise(content)
        self._layout: list[tuple[schema.Section, Any]] = []
        for section in schema.SECTIONS:
            value = content[section.key]
            if section.repeated:
                rows = len(value) + EXTRA_ROWS
                if data is not None:
                    rows = _posted_rows(data, section.key, rows)
                rows = min(rows, schema.MAX_ITEMS)
                self.fields[f"{section.key}__rows"] = forms.IntegerField(
                    widget=forms.HiddenInput, required=False, initial=rows
                )
                for index in range(rows):
                    item = value[index] if index < len(value) else {}
                    for f in section.fields:
                        self._add(section, f, f"{section.key}__{index}__{f.key}", item.get(f.key))
                self._layout.append((section, rows))
            elif section.subsections:
                for key, _label in section.subsections:
                    for f in section.fields:
                        self._add(section, f, f"{section.key}__{key}__{f.key}", value[key][f.key])
                self._layout.append((section, None))
            else:
                for f in section.fields:
                    self._add(section, f, f"{section.key}__{f.key}", value[f.key])
                self._layout.append((section, None))

    def _add(self, section: schema.Section, f: schema.Field, name: str, initial: Any) -> None:
        help_text = HELP.get((section.key, f.key), "")
        field: forms.Field
        if f.kind == "bool":
            field = forms.BooleanField(required=False, label=f.label, widget=_widget(f))
        elif f.key == "party":
            choices = [("", _("Choose a party")), *self.party_choices]
            if initial and initial not in {value for value, _label in self.party_choices}:
                # Keep what was stored, so nothing is lost when saving.
                choices.append((initial, _("A party that is no longer in the plan")))
            field = forms.ChoiceField(required=False, label=f.label, choices=choices)
        else:
            field = forms.CharField(
                required=False,
                label=f.label,
                max_length=schema.MAX_SHORT if f.short else schema.MAX_TEXT,
                strip=False,
                widget=_widget(f),
            )
        field.help_text = help_text
        field.initial = initial
        self.fields[name] = field

    def groups(self) -> list[Group]:
        """The bound fields per section, in the schema's order, for the template."""
        result = []
        for section, rows in self._layout:
            group = Group(section, [], [], [], None)
            if section.repeated:
                group.rows_field = self[f"{section.key}__rows"]
                group.rows = [
                    Row(i, [self[f"{section.key}__{i}__{f.key}"] for f in section.fields])
                    for i in range(rows)
                ]
            elif section.subsections:
                group.phases = [
                    (key, label, [self[f"{section.key}__{key}__{f.key}"] for f in section.fields])
                    for key, label in section.subsections
                ]
            else:
                group.fields = [self[f"{section.key}__{f.key}"] for f in section.fields]
            result.append(group)
        return result

    def content(self) -> dict[str, Any]:
        """The posted plan (after is_valid), in the schema's shape before normalising."""
        data = self.cleaned_data
        result: dict[str, Any] = {}
        for section, rows in self._layout:
            if section.repeated:
                result[section.key] = [
                    {f.key: data.get(f"{section.key}__{i}__{f.key}") for f in section.fields}
                    for i in range(rows)
                ]
            elif section.subsections:
                result[section.key] = {
                    key: {f.key: data.get(f"{section.key}__{key}__{f.key}") for f in section.fields}
                    for key, _label in section.subsections
                }
            else:
                result[section.key] = {
                    f.key: data.get(f"{section.key}__{f.key}") for f in section.fields
                }
        return result


def _posted_rows(data: Any, key: str, default: int) -> int:
    try:
        return max(0, int(data.get(f"{key}__rows", default)))
    except (TypeError, ValueError):
        return default


class EstablishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("This is my plan. I have read it and I agree with it."),
        error_messages={"required": _("Tick the box to confirm this is your plan.")},
    )


class ProposalForm(forms.Form):
    section = forms.ChoiceField(
        label=_("Which part of the plan?"),
        required=False,
        choices=[("", _("The whole plan, or I am not sure"))]
        + [(s.key, s.title) for s in schema.SECTIONS],
    )
    text = forms.CharField(
        label=_("What would you like to change?"),
        help_text=_("In your own words. Your consultant reads it and talks it over with you."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=schema.MAX_TEXT,
    )


class ProposalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ChangeProposal.Status.choices)


class NewDraftForm(forms.Form):
    """Start a new version of the plan; optionally from one open change proposal."""

    proposal = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
