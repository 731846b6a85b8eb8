"""Forms for quarterly meetings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from regie.core.forms import DATE_WIDGET
from regie.core.stale import SeenForm
from regie.people.models import Organisation

from ..models import MeetingAttendance

ATTENDED, ABSENT, UNKNOWN = "yes", "no", ""
ATTENDANCE_CHOICES = [
    (ATTENDED, _("Was there")),
    (ABSENT, _("Was not there")),
    (UNKNOWN, _("Not recorded")),
]
_TO_VALUE = {ATTENDED: True, ABSENT: False, UNKNOWN: None}
_FROM_VALUE = {v: k for k, v in _TO_VALUE.items()}


class MeetingAddForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    held_on = forms.DateField(
        label=_("Date"),
        widget=DATE_WIDGET,
        help_text=_(
            "The proposed date keeps the rhythm of one meeting every 13 weeks. "
            "You can choose another date."
        ),
    )
    is_joint = forms.BooleanField(
        label=_("Joint meeting: peer experts and family peer experts are invited too"),
        required=False,
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You can add or change the agenda later."),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            field.initial = organisations[0].pk


class MeetingEditForm(SeenForm):
    """Agenda and minutes; attendance per invitee once the meeting day has come."""

    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Write about the work, not about clients: no client names in the minutes."),
    )

    def __init__(
        self,
        *args: Any,
        invitations: Iterable[MeetingAttendance],
        with_attendance: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.attendance_fields: dict[str, int] = {}
        if not with_attendance:
            return
        for invitation in invitations:
            name = f"attendance_{invitation.person_id}"
            self.fields[name] = forms.ChoiceField(
                label=_("%(name)s (%(role)s)")
                % {"name": invitation.person.full_name, "role": invitation.get_team_role_display()},
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=_FROM_VALUE[invitation.attended],
            )
            self.attendance_fields[name] = invitation.person_id
        self.order_fields(["seen", "agenda", *self.attendance_fields, "minutes"])

    def attendance(self) -> dict[int, bool | None]:
        return {
            person_id: _TO_VALUE.get(self.cleaned_data.get(name) or UNKNOWN)
            for name, person_id in self.attendance_fields.items()
        }
