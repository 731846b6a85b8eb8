"""One way to refuse a stale save: a fingerprint of what the edit form showed.

An edit form carries, in a required hidden `seen` field, a fingerprint of the
record's editable fields as they were when the page was opened. The service
locks the row (`select_for_update()` inside its `transaction.atomic`) and
compares the fingerprint of what is saved now with `seen`; when they differ,
or `seen` is missing, it raises `StaleSave` and changes nothing. On
PostgreSQL the lock makes concurrent saves wait for each other, so of several
saves based on the same page only the first goes through.

    # services.py
    NOTES = StaleGuard(("title", "notes"))

    @transaction.atomic
    def thing_update(*, actor, thing, seen: str, title: str, notes: str) -> Thing:
        NOTES.lock(thing, seen=seen)  # refreshes `thing` from the locked row
        ...

    # forms.py
    class ThingForm(SeenForm): ...

    # views.py
    form = ThingForm(request.POST or None, initial=..., seen=services.NOTES.fingerprint(thing))
    if request.method == "POST" and form.is_valid():
        with refusals_to(form):
            services.thing_update(actor=actor, thing=thing, **form.cleaned_data)
            return redirect(...)
    return render(request, "thing_form.html", {...}, status=stale_status(form))

`refusals_to` hands the refusal to the form (`Refusal.applied_to`): the form
keeps what the user typed, gets the fingerprint of what is saved now (so a
deliberate second save goes through) and a `stale` notice with a word diff,
which `includes/form.html` shows through `includes/_stale_save.html`. The
page answers 409.
"""

from __future__ import annotations

import difflib
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.db import models, transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .errors import Conflict

SEEN = "seen"
ABSENT = "absent"  # the fingerprint of a record that is not saved yet
M = TypeVar("M", bound=models.Model)
SAME, ADDED, REMOVED = "same", "added", "removed"


@dataclass(frozen=True)
class Piece:
    kind: str  # SAME, ADDED or REMOVED
    text: str


# A word with the space after it, so that spaces alone never count as "the same".
_WORDS = re.compile(r"\s*\S+\s*|\s+")


def word_diff(old: str, new: str) -> list[Piece]:
    """Word-level pieces from `old` to `new`: unchanged, removed and added runs."""
    a = _WORDS.findall(old)
    b = _WORDS.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece(SAME, "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece(REMOVED, "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece(ADDED, "".join(b[j1:j2])))
    return [p for p in pieces if p.text]


@dataclass(frozen=True)
class FieldChange:
    """One field where the user's text and what is saved now differ."""

    name: str
    label: Any
    saved: str
    yours: str
    pieces: list[Piece]


@dataclass
class StaleNotice:
    """What the "someone else saved meanwhile" notice shows."""

    message: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


class StaleSave(Conflict):
    """The record changed after the page this save was based on was opened.

    Carries the fingerprint and the field values saved now, so the form can
    show the difference and accept a deliberate second save.
    """

    def __init__(self, *, fingerprint: str, saved: dict[str, str], message: Any = None) -> None:
        super().__init__(
            message
            or _(
                "Someone else saved this meanwhile. Nothing of yours is saved yet. Your text "
                "is still in the form; compare it with what is saved now and save again."
            )
        )
        self.fingerprint = fingerprint
        self.saved = saved

    def applied_to(self, form: forms.BaseForm) -> None:
        """Keep the user's text, note the new fingerprint and the difference."""
        data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
        data[form.add_prefix(SEEN)] = self.fingerprint
        form.data = data
        notice = StaleNotice(message=str(self))
        for name, saved in self.saved.items():
            if name not in form.fields:
                continue  # not on this form, or not text (a foreign key by its id)
            yours = str(form.data.get(form.add_prefix(name), ""))
            if yours.strip() == saved.strip():
                continue
            notice.changes.append(
                FieldChange(name, form.fields[name].label, saved, yours, word_diff(saved, yours))
            )
        form.stale = notice  # type: ignore[attr-defined]  # read by includes/form.html


@dataclass(frozen=True)
class StaleGuard:
    """The editable fields of one kind of record that a stale save is checked on."""

    fields: Sequence[str]
    # Values of related rows the form also shows (attendance of a meeting, ...).
    related: Callable[[Any], Any] | None = None

    def values(self, obj: models.Model | None) -> dict[str, str]:
        if obj is None or obj.pk is None:
            return {}
        return {name: _plain(getattr(obj, name)) for name in self.fields}

    def fingerprint(self, obj: models.Model | None) -> str:
        """A digest of the record's editable fields, for the form's `seen`
        field; a record not saved yet has the fingerprint ABSENT."""
        if obj is None or obj.pk is None:
            return ABSENT
        extra = self.related(obj) if self.related is not None else None
        payload = json.dumps([type(obj)._meta.label, obj.pk, self.values(obj), extra], default=str)
        return hashlib.sha256(payload.encode()).hexdigest()[:32]

    def _check(self, obj: models.Model | None, seen: str) -> None:
        current = self.fingerprint(obj)
        if not seen or not hmac.compare_digest(str(seen), current):
            raise StaleSave(fingerprint=current, saved=self.values(obj))

    def lock(self, obj: models.Model, *, seen: str) -> None:
        """Lock `obj`'s row for the rest of the transaction, reload it, and
        raise StaleSave unless its fingerprint is `seen` (a missing `seen` is
        always stale). Call it first in the service, inside transaction.atomic."""
        _require_atomic()
        obj.refresh_from_db(from_queryset=type(obj)._base_manager.select_for_update())
        self._check(obj, seen)

    def lock_one(
        self, model: type[M], *, anchor: models.Model, seen: str, **lookup: Any
    ) -> M | None:
        """For a record that may not exist yet (one per `anchor`): lock the
        anchor's row first, so saves of a record still to be made wait for
        each other too, then the record found by `lookup`; raise StaleSave
        unless its fingerprint (ABSENT when there is none) is `seen`."""
        _require_atomic()
        type(anchor)._base_manager.select_for_update().filter(pk=anchor.pk).first()
        row = model._base_manager.select_for_update().filter(**lookup).first()
        self._check(row, seen)
        return row


def _require_atomic() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A stale-save check needs an atomic block to hold its lock.")


class SeenForm(forms.Form):
    """A form with the required hidden `seen` fingerprint of the edited record.

    Pass `seen=guard.fingerprint(obj)` when building it; a bound form takes
    the value the page posted back.
    """

    def __init__(self, *args: Any, seen: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[SEEN] = forms.CharField(widget=forms.HiddenInput, initial=seen, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if not self.cleaned_data.get(SEEN):
            # A hidden field's error would not show; this one goes on the form.
            raise forms.ValidationError(
                _(
                    "This page is out of date. Open it again from the overview and make "
                    "your change there."
                ),
                code="unseen",
            )
        return cleaned


def stale_status(form: forms.BaseForm) -> int:
    """409 when the form was refused as a stale save, else 200."""
    return 409 if getattr(form, "stale", None) is not None else 200
