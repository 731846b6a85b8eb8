"""The form for adding wheel scores: one 0–10 scale and a short note per life area."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATE_WIDGET

from ..models import LifeArea, Perspective, WheelScore
from ..services.wheel import NOTE_MAX_LENGTH, SCORE_MAX, SCORE_MIN

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SCORE_CHOICES = [(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


class AssessmentForm(forms.Form):
    """Built per request from the life areas in use. `previous` (life_area_id →
    WheelScore of the client's last view) shows last time's score as help.

    With `own_view` it is the client's own form: no choice of whose view, no
    date (the client scores today) and texts that speak to the client."""

    perspective = forms.ChoiceField(
        label=_("Whose view is this?"),
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        initial=Perspective.TEAM,
        help_text=_(
            "The client scores their own view on their own page. The team's view is "
            "saved separately and never replaces the client's."
        ),
    )
    client_asked = forms.BooleanField(
        label=_("The client asked me to type in their own scores for them"),
        required=False,
        help_text=_(
            "Only for the client's own view. The scores are then shown as "
            "“entered for the client at their request”."
        ),
    )
    assessed_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=timezone.localdate)

    def __init__(
        self,
        *args: Any,
        areas: list[LifeArea],
        opened_on: datetime.date,
        previous: dict[int, WheelScore] | None = None,
        own_view: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        self.opened_on = opened_on
        self.own_view = own_view
        if own_view:
            for name in ("perspective", "client_asked", "assessed_on"):
                del self.fields[name]
        previous = previous or {}
        for area in areas:
            help_text: StrOrPromise = _("0 is the worst, 10 the best.")
            last = previous.get(area.pk)
            if last is not None and own_view:
                help_text = _("0 is the worst, 10 the best. Last time you gave %(score)s.") % {
                    "score": last.score
                }
            elif last is not None:
                help_text = _(
                    "0 is the worst, 10 the best. Last time the client gave %(score)s."
                ) % {"score": last.score}
            self.fields[self.score_name(area)] = forms.TypedChoiceField(
                label=area.name,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score-choice"}),
                help_text=help_text,
                error_messages={
                    "required": _("Choose a score from 0 to 10."),
                    "invalid_choice": _("Choose a score from 0 to 10."),
                },
            )
            self.fields[self.note_name(area)] = forms.CharField(
                label=_("%(area)s: in your own words (optional)") % {"area": area.name},
                max_length=NOTE_MAX_LENGTH,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        self.fields["note"] = forms.CharField(
            label=_("Anything else you want to say (optional)"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        if (
            not self.own_view
            and data.get("perspective") == Perspective.CLIENT
            and not data.get("client_asked")
        ):
            self.add_error(
                "client_asked",
                _(
                    "The client scores the wheel themselves. Choose the team's view, or "
                    "tick that the client asked you to type in their scores."
                ),
            )
        return data

    def clean_assessed_on(self) -> datetime.date:
        # The service checks this too; here it shows next to the field, together
        # with any other mistake, instead of after the rest is right.
        value: datetime.date = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if value < self.opened_on:
            raise forms.ValidationError(
                _("The date cannot be before the case was opened (%(date)s).")
                % {"date": self.opened_on.strftime("%d-%m-%Y")}
            )
        return value

    @staticmethod
    def score_name(area: LifeArea) -> str:
        return f"score_{area.pk}"

    @staticmethod
    def note_name(area: LifeArea) -> str:
        return f"note_{area.pk}"

    def scores(self) -> dict[int, tuple[int, str]]:
        data = self.cleaned_data
        return {
            area.pk: (data[self.score_name(area)], data.get(self.note_name(area), ""))
            for area in self.areas
        }
