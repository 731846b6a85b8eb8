"""Forms of the request pages. They check the shape of the input; the services
check the rules and raise CrisisCardError, which the views show as form errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATE_WIDGET, PersonChoiceForm, person_choices
from regie.people.models import Municipality, Person

from ..models import (
    ConversationKind,
    HeardVia,
    Party,
    RequestState,
    StopReason,
    Urgency,
    Weight,
)
from ..selectors.requests import ALL, IN_PROGRESS, OPEN
from ..services.requests import Applicant


class ApplicationForm(forms.Form):
    """The public application: written for the applicant, in plain words."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        widget=forms.EmailInput({"autocomplete": "email"}),
        help_text=_("Give your e-mail address, your phone number, or both."),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput({"autocomplete": "tel", "type": "tel"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (if you want)"), required=False, widget=DATE_WIDGET
    )
    municipality = forms.ModelChoiceField(
        label=_("Where do you live?"),
        queryset=Municipality.objects.select_related("region").order_by("name"),
        empty_label=_("Choose your municipality"),
        help_text=_("We use this to find a consultant near you."),
    )
    heard_via = forms.ChoiceField(
        label=_("How did you hear about the crisis card?"),
        choices=HeardVia.choices,
        widget=forms.RadioSelect,
    )
    urgency = forms.ChoiceField(
        label=_("How soon do you need help?"),
        choices=[
            (Urgency.NORMAL, _("In the coming weeks is fine")),
            (Urgency.URGENT, _("Soon: it is urgent for me")),
        ],
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    wishes = forms.CharField(
        label=_("Wishes (if you have any)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_(
            "For example: a consultant who has been through a crisis too, "
            "or a conversation in another language."
        ),
    )

    def clean_date_of_birth(self) -> Any:
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("email") or (data.get("phone") or "").strip()) and (
            "email" not in self.errors
        ):
            self.add_error(
                "email", _("Give an e-mail address or a phone number, so we can reach you.")
            )
        return data

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"] or "",
            phone=data["phone"] or "",
            date_of_birth=data["date_of_birth"],
            municipality=data["municipality"],
            heard_via=data["heard_via"],
            urgency=data["urgency"],
            wishes=data["wishes"] or "",
        )


class PhoneApplicationForm(ApplicationForm):
    """The same questions, asked by staff on the phone, plus the weight."""

    weight = forms.ChoiceField(
        label=_("Situation"),
        choices=Weight.choices,
        initial=Weight.LIGHT,
        widget=forms.RadioSelect,
        help_text=_("Heavy situations can only be taken by an HBO consultant."),
    )

    def __init__(self, *args: Any, region_ids: Sequence[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "first_name": _("Applicant's first name"),
            "last_name": _("Applicant's last name"),
            "date_of_birth": _("Date of birth (optional)"),
            "municipality": _("Municipality"),
            "heard_via": _("How did they hear about the crisis card?"),
            "urgency": _("Urgency"),
            "wishes": _("Wishes (optional)"),
        }
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["municipality"].help_text = ""
        cast(
            forms.ModelChoiceField, self.fields["municipality"]
        ).queryset = Municipality.objects.filter(region_id__in=region_ids).order_by("name")
        cast(forms.ChoiceField, self.fields["urgency"]).choices = Urgency.choices
        self.fields["email"].help_text = _("At least an e-mail address or a phone number.")


class RequestFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            (IN_PROGRESS, _("Requests in progress")),
            (OPEN, _("All open requests (also issued and evaluated cards)")),
            *RequestState.choices,
            (ALL, _("All requests")),
        ],
    )
    # The home page's counters link here with these; each narrows the list further.
    region = forms.SlugField(required=False, widget=forms.HiddenInput)
    urgent = forms.BooleanField(label=_("Only urgent, not yet in conversation"), required=False)
    unconfirmed = forms.BooleanField(label=_("Only weight not yet confirmed"), required=False)
    mine = forms.BooleanField(label=_("Only requests assigned to me"), required=False)
    follow_up = forms.BooleanField(
        label=_("Only with a follow-up due within a week"), required=False
    )


class AssignForm(PersonChoiceForm):
    person_field = "consultant"
    consultant = forms.ChoiceField(label=_("Consultant"), widget=forms.RadioSelect)


class WeightForm(forms.Form):
    weight = forms.ChoiceField(
        label=_("Situation"), choices=Weight.choices, widget=forms.RadioSelect
    )


class StopForm(forms.Form):
    to_state = forms.ChoiceField(label=_("What do you want to do?"), widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Reason"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Explanation (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
    )

    keeps_card = forms.BooleanField(
        label=_("The holder keeps their card (its QR code keeps working)"),
        required=False,
        help_text=_("Without this tick the card ends and its QR code stops working at once."),
    )

    def __init__(
        self,
        *args: Any,
        states: Sequence[str],
        for_participant: bool,
        has_card: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not has_card:
            del self.fields["keeps_card"]
        elif for_participant:
            self.fields["keeps_card"].label = _("I keep my card (its QR code keeps working)")
            self.fields["keeps_card"].help_text = _(
                "If you do not tick this, your card stops and its QR code no longer works."
            )
        labels = {
            RequestState.WITHDRAWN: (
                _("I want to stop my application")
                if for_participant
                else _("Withdraw (the participant stops)")
            ),
            RequestState.CLOSED: _("Close (we stop the trajectory)"),
        }
        self.fields["to_state"].choices = [(s, labels[s]) for s in states]  # type: ignore[attr-defined,index]  # a ChoiceField; states are RequestState values
        if len(states) == 1:
            self.fields["to_state"].initial = states[0]
        reasons = [
            (value, label)
            for value, label in StopReason.choices
            if not (for_participant and value == StopReason.CARD_ENDED)
        ]
        cast(forms.ChoiceField, self.fields["reason"]).choices = reasons
        if for_participant:
            self.fields["reason"].label = _("Why do you want to stop?")
            self.fields["note"].label = _("Do you want to tell us more? (optional)")


class ConversationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of conversation"), choices=ConversationKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=24 * 60
    )
    participants = forms.MultipleChoiceField(
        label=_("Who took part"), required=False, widget=forms.CheckboxSelectMultiple
    )
    others_present = forms.CharField(
        label=_("Others present (optional)"), required=False, max_length=300
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 5}))
    parties_present = forms.MultipleChoiceField(
        label=_("Parties present"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Needed for a mediation: tick the parties of the plan who took part."),
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=5000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Needed for a mediation: what the parties agreed or did not agree."),
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Needed for a question: the date by which you get back to them."),
    )

    def __init__(
        self,
        *args: Any,
        people: Sequence[Person],
        parties: Sequence[Party] = (),
        may_mediate: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._people = {str(p.uuid): p for p in people}
        self.fields["participants"].choices = person_choices(people)  # type: ignore[attr-defined]
        self._parties = {str(p.uuid): p for p in parties}
        if parties:
            cast(forms.ChoiceField, self.fields["parties_present"]).choices = [
                (str(p.uuid), f"{p.name} ({p.get_kind_display()})") for p in parties
            ]
        else:
            del self.fields["parties_present"]
        if not may_mediate:
            # Only the widget hides mediation: a posted "mediation" still reaches
            # the service, which refuses it with the reason.
            self.fields["kind"].widget.choices = [
                (value, label)
                for value, label in ConversationKind.choices
                if value != ConversationKind.MEDIATION
            ]
            del self.fields["outcome"]
            self.fields.pop("parties_present", None)
        self.fields["occurred_on"].initial = timezone.localdate()

    def chosen_people(self) -> list[Person]:
        return [self._people[v] for v in self.cleaned_data.get("participants") or []]

    def chosen_parties(self) -> list[Party]:
        return [self._parties[v] for v in self.cleaned_data.get("parties_present") or []]
