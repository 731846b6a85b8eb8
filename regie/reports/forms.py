"""The report's period: one completed calendar quarter, chosen from a list."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .quarters import Quarter, completed_quarters, last_completed

# Query parameters of the old free period: refused, never read.
FREE_PERIOD = ("start", "end")


def default_quarter(today: datetime.date | None = None) -> Quarter:
    """The last completed quarter."""
    return last_completed(today)


class QuarterForm(forms.Form):
    quarter = forms.CharField(label=_("Quarter"), widget=forms.Select)

    def __init__(self, *args: Any, today: datetime.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.quarters = completed_quarters(self.today)
        self.fields["quarter"].widget.choices = [(q.key, q.label()) for q in self.quarters]
        self.fields["quarter"].error_messages["required"] = _("Choose a quarter from the list.")

    def clean_quarter(self) -> Quarter:
        quarter = Quarter.parse(self.cleaned_data["quarter"])
        if quarter is None:
            raise forms.ValidationError(_("Choose a quarter from the list."))
        if not quarter.is_completed(self.today):
            raise forms.ValidationError(
                _(
                    "%(quarter)s has not ended yet. A report only covers a quarter that has "
                    "ended: otherwise figures that grow day by day would show new small numbers."
                )
                % {"quarter": quarter.key}
            )
        if quarter not in self.quarters:
            raise forms.ValidationError(_("Choose a quarter from the list."))
        return quarter

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        if any(name in self.data for name in FREE_PERIOD):
            self.errors.pop("quarter", None)  # one clear message is enough
            self.add_error(
                "quarter",
                _(
                    "A report always covers one whole quarter; a period of your own is not "
                    "possible. Choose a quarter from the list."
                ),
            )
        return data
