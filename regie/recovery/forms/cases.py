"""Forms of the case pages. They check the shape of the input; the services
check the rules and raise RecoveryError, which the views show as form errors."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATE_WIDGET, person_choices
from regie.people.models import Organisation, Person

from ..models import (
    ActionOwner,
    ActionStatus,
    CasePartner,
    CaseState,
    CloseReason,
    ContactWith,
    LifeArea,
    PartnerKind,
    TeamRole,
)


class _LookupMixin:
    """Turns the chosen ids of a choice field back into the objects offered."""

    def _one(self, name: str, lookup: dict[int, Any]) -> Any:
        value = self.cleaned_data.get(name)  # type: ignore[attr-defined]  # mixed into a Form
        return lookup.get(int(value)) if value else None

    def _many(self, name: str, lookup: dict[int, Any]) -> list[Any]:
        return [lookup[int(v)] for v in self.cleaned_data.get(name) or []]  # type: ignore[attr-defined]  # mixed into a Form


class CaseFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *CaseState.choices],
    )
    attention = forms.BooleanField(label=_("Only cases that need attention"), required=False)
    actions_due = forms.BooleanField(
        label=_("Only cases with my actions due within two weeks or overdue"), required=False
    )
    # From the home page's counters: only cases where I hold this team role now.
    role = forms.ChoiceField(
        required=False, choices=[("", ""), *TeamRole.choices], widget=forms.HiddenInput
    )


class CaseCreateForm(_LookupMixin, forms.Form):
    first_name = forms.CharField(label=_("Client's first name"), max_length=100)
    last_name = forms.CharField(label=_("Client's last name"), max_length=150)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_WIDGET)
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    from_own_caseload = forms.BooleanField(
        label=_("This client is from my own caseload"), required=False
    )
    organisation = forms.ChoiceField(label=_("Organisation"))
    peer_expert = forms.ChoiceField(
        label=_("Peer expert (optional)"),
        required=False,
        help_text=_(
            "The case can only become active with a peer expert. You can also add one later."
        ),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[Organisation],
        peer_experts: Sequence[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.peer_experts = {p.pk: p for p in peer_experts}
        if len(organisations) > 1:
            cast(forms.ChoiceField, self.fields["organisation"]).choices = [
                ("", _("Choose…")),
                *[(str(o.pk), o.name) for o in organisations],
            ]
        else:
            del self.fields["organisation"]
        cast(forms.ChoiceField, self.fields["peer_expert"]).choices = [
            ("", _("Not yet")),
            *person_choices(peer_experts, key="pk"),
        ]

    def clean_date_of_birth(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return value

    def chosen_organisation(self) -> Organisation:
        if "organisation" in self.fields:
            return self._one("organisation", self.organisations)
        return next(iter(self.organisations.values()))

    def chosen_peer_expert(self) -> Person | None:
        return self._one("peer_expert", self.peer_experts)


class CaseStateForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"), widget=forms.RadioSelect)
    reason = forms.ChoiceField(
        label=_("Reason for closing"),
        required=False,
        choices=[("", _("Choose…")), *CloseReason.choices],
        help_text=_("Only needed when you close the case."),
    )
    note = forms.CharField(
        label=_("Note on closing (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, allowed: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order = list(CaseState.values)
        cast(forms.ChoiceField, self.fields["to_state"]).choices = [
            (s, CaseState(s).label) for s in sorted(allowed, key=order.index)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        if data.get("to_state") == CaseState.CLOSED and not data.get("reason"):
            self.add_error("reason", _("Choose a reason for closing the case."))
        return data


class MemberAddForm(_LookupMixin, forms.Form):
    team_role = forms.ChoiceField(
        label=_("Role on the team"),
        widget=forms.RadioSelect,
        choices=[
            (TeamRole.PEER_EXPERT, TeamRole.PEER_EXPERT.label),
            (TeamRole.FAMILY_PEER_EXPERT, TeamRole.FAMILY_PEER_EXPERT.label),
        ],
    )
    person = forms.ChoiceField(label=_("Who"))
    started_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, candidates: dict[str, list[Person]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.people = {p.pk: p for group in candidates.values() for p in group}
        cast(forms.ChoiceField, self.fields["person"]).choices = [
            ("", _("Choose…")),
            *[
                (str(TeamRole(role).label), person_choices(people, key="pk"))
                for role, people in candidates.items()
                if people
            ],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        person = self._one("person", self.people)
        role = data.get("team_role")
        if person is not None and role and person not in self.candidates.get(role, []):
            self.add_error(
                "person",
                _("%(name)s cannot join as %(role)s.")
                % {"name": person, "role": TeamRole(role).label},
            )
        data["person_obj"] = person
        return data


class MemberEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Last day on the team"), widget=DATE_WIDGET)


class HandoverRequestForm(_LookupMixin, forms.Form):
    to_person = forms.ChoiceField(label=_("New case director"))
    reason = forms.CharField(
        label=_("Reason for the handover"), widget=forms.Textarea(attrs={"rows": 3})
    )
    handover_on = forms.DateField(
        label=_("Handover date"),
        widget=DATE_WIDGET,
        help_text=_("From this day the new case director has final responsibility."),
    )

    def __init__(self, *args: Any, candidates: Sequence[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in candidates}
        cast(forms.ChoiceField, self.fields["to_person"]).choices = [
            ("", _("Choose…")),
            *person_choices(candidates, key="pk"),
        ]

    def chosen_person(self) -> Person:
        return self._one("to_person", self.people)


class HandoverDecideForm(forms.Form):
    """No input: the URL says approve or reject; the form carries a refusal back to the page."""


class PartnerAddForm(_LookupMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of partner"), widget=forms.RadioSelect)
    life_area = forms.ModelChoiceField(
        label=_("Life area (optional)"),
        queryset=LifeArea.objects.filter(is_active=True),
        required=False,
        empty_label=_("All life areas"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation (optional)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("No organisation"),
    )
    relative = forms.ChoiceField(
        label=_("A relative already known (optional)"),
        required=False,
    )
    new_first_name = forms.CharField(
        label=_("Or a new contact: first name"), max_length=100, required=False
    )
    new_last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    new_phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    relationship = forms.CharField(
        label=_("Relationship or function"),
        max_length=100,
        required=False,
        help_text=_("For example: sister, debt counsellor, housing consultant."),
    )

    def __init__(self, *args: Any, relatives: Sequence[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = PartnerKind.choices
        self.relatives = {p.pk: p for p in relatives}
        cast(forms.ChoiceField, self.fields["relative"]).choices = [
            ("", _("None")),
            *person_choices(relatives, key="pk"),
        ]

    def chosen_relative(self) -> Person | None:
        return self._one("relative", self.relatives)


class GoalAddForm(forms.Form):
    life_area = forms.ModelChoiceField(
        label=_("Life area"), queryset=LifeArea.objects.filter(is_active=True)
    )
    description = forms.CharField(
        label=_("Goal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the client's own words where possible."),
    )


class ActionAddForm(_LookupMixin, forms.Form):
    description = forms.CharField(label=_("What needs to be done"), max_length=300)
    owner_kind = forms.ChoiceField(
        label=_("Who does it"), widget=forms.RadioSelect, choices=ActionOwner.choices
    )
    owner_person = forms.ChoiceField(
        label=_("Team member"), required=False, help_text=_("When a team member does it.")
    )
    owner_partner = forms.ChoiceField(
        label=_("Partner"), required=False, help_text=_("When a partner does it.")
    )
    due_on = forms.DateField(label=_("By when (optional)"), required=False, widget=DATE_WIDGET)

    def __init__(
        self,
        *args: Any,
        team: Sequence[Person],
        partners: Sequence[CasePartner],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.team = {p.pk: p for p in team}
        self.partners = {p.pk: p for p in partners}
        cast(forms.ChoiceField, self.fields["owner_person"]).choices = [
            ("", _("Choose…")),
            *person_choices(team, key="pk"),
        ]
        cast(forms.ChoiceField, self.fields["owner_partner"]).choices = [
            ("", _("Choose…")),
            *[(str(p.pk), partner_label(p)) for p in partners],
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "description": data["description"],
            "owner_kind": data["owner_kind"],
            "owner_person": self._one("owner_person", self.team),
            "owner_partner": self._one("owner_partner", self.partners),
            "due_on": data.get("due_on"),
        }


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class ContactForm(_LookupMixin, forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        help_text=_("Between 1 and 1440 minutes."),
    )
    with_whom = forms.ChoiceField(
        label=_("Contact with"), widget=forms.RadioSelect, choices=ContactWith.choices
    )
    team_participants = forms.MultipleChoiceField(
        label=_("Team members who took part"), widget=forms.CheckboxSelectMultiple
    )
    partners_present = forms.MultipleChoiceField(
        label=_("Partners who took part"), widget=forms.CheckboxSelectMultiple, required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args: Any,
        team: Sequence[Person],
        partners: Sequence[CasePartner],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.team = {p.pk: p for p in team}
        self.partners = {p.pk: p for p in partners}
        cast(forms.ChoiceField, self.fields["team_participants"]).choices = person_choices(
            team, key="pk"
        )
        cast(forms.ChoiceField, self.fields["partners_present"]).choices = [
            (str(p.pk), partner_label(p)) for p in partners
        ]
        if not partners:
            del self.fields["partners_present"]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "occurred_on": data["occurred_on"],
            "duration_minutes": data["duration_minutes"],
            "with_whom": data["with_whom"],
            "team_participants": self._many("team_participants", self.team),
            "partners_present": self._many("partners_present", self.partners),
            "notes": data.get("notes", ""),
        }


def partner_label(partner: CasePartner) -> str:
    names = [str(x) for x in (partner.person, partner.organisation) if x is not None]
    label = " – ".join(names)
    if partner.relationship:
        label = f"{label} ({partner.relationship})"
    return label
