"""Forms for information sessions and communication materials. They check the
shape of the input; the services check the rules and raise CoordinationError."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATETIME_WIDGET, PersonChoiceForm
from regie.core.stale import SeenForm
from regie.people.models import Organisation, Region

from .models import AudienceKind, InformationSession
from .services import SessionDetails


def region_organisations(region: Region) -> Any:
    """Organisations a session in `region` may be requested by: the region's own
    and those without a region (national organisations)."""
    return Organisation.objects.filter(Q(region=region) | Q(region__isnull=True)).order_by(
        "name", "pk"
    )


class SessionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Requesting organisation (if known in Regie)"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not in the list"),
        help_text=_("Organisations of this region and national organisations."),
        error_messages={
            "invalid_choice": _(
                "Choose an organisation of this region (or a national one) from the list, "
                "or choose “Not in the list”."
            )
        },
    )
    requester_name = forms.CharField(label=_("Requested by"), max_length=200)
    requester_email = forms.EmailField(label=_("E-mail address (optional)"), required=False)
    requester_phone = forms.CharField(
        label=_("Phone number (optional)"), max_length=40, required=False
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=AudienceKind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Date and start time"), widget=DATETIME_WIDGET)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=24 * 60, initial=60
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    expected_size = forms.IntegerField(
        label=_("Expected number of people"), min_value=0, max_value=100_000, initial=0
    )

    @classmethod
    def initial_for(cls, session: InformationSession) -> dict[str, Any]:
        return {
            "organisation": session.organisation,
            "requester_name": session.requester_name,
            "requester_email": session.requester_email,
            "requester_phone": session.requester_phone,
            "audience": session.audience,
            "topic": session.topic,
            "starts_at": session.starts_at,
            "duration_minutes": session.duration_minutes,
            "location": session.location,
            "expected_size": session.expected_size,
        }

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = region_organisations(
            region
        )

    def details(self) -> SessionDetails:
        data = self.cleaned_data
        return SessionDetails(
            organisation=data["organisation"],
            requester_name=data["requester_name"],
            requester_email=data["requester_email"] or "",
            requester_phone=data["requester_phone"] or "",
            audience=data["audience"],
            topic=data["topic"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            location=data["location"] or "",
            expected_size=data["expected_size"],
        )


class SessionEditForm(SeenForm, SessionForm):
    """The session form on an existing session: a stale save is refused."""


class PresenterForm(PersonChoiceForm):
    person_field = "presenter"
    presenter = forms.ChoiceField(label=_("Presenter"), widget=forms.RadioSelect)


SCORE_CHOICES = [("", _("No evaluation"))] + [(str(i), str(i)) for i in range(1, 6)]


class HeldForm(forms.Form):
    attendance = forms.IntegerField(label=_("People who came"), min_value=0, max_value=100_000)
    evaluation_score = forms.TypedChoiceField(
        label=_("Evaluation (1 = poor, 5 = very good)"),
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    evaluation_notes = forms.CharField(
        label=_("Evaluation notes (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("What went well, what could be better. No names of participants."),
    )
