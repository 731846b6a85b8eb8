"""One way to refuse: the `Refusal` base and the helpers that show it.

A service that will not do what it was asked raises a `Refusal` (through its
app's subclass, e.g. `CrisisCardError`) with a translated message for the
person on the page, and `field=` when one form field is to blame. Views never
catch it by hand; they wrap the service call in one of the helpers here:

    with refusals_to(form):
        thing = services.do_it(actor=actor, ...)
        messages.success(request, _("Done."))
        return redirect(...)
    return render(request, "page.html", {"form": form})  # refused: input kept

`refusals_to(form)` puts the message on the named field (or the form as a
whole) and lets the view fall through to re-render the bound form, so what the
user typed is kept. `refusals_to_messages(request)` is for a button without a
form page: the message goes into the messages framework and the view
redirects as it would have. A refusal nobody catches reaches
`RefusalMiddleware`, which answers with a plain error page and the refusal's
status (400, 409 for a stale save, 410 for something gone) instead of a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class Refusal(Exception):
    """A change the service refused, with a translated message for the user.

    `field` names the form field the refusal is about (None: the form as a
    whole). `status` is the HTTP status a page showing only the refusal
    answers with: 400 by default, 409 for a stale save, 410 for something gone.
    """

    field: str | None = None
    status: int = 400

    def __init__(
        self, message: Any = "", *, field: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return str(self.message)

    def applied_to(self, form: forms.BaseForm) -> None:
        """Hook for a refusal that changes more of the form than its errors
        (a stale save keeps the user's text and shows a diff)."""


class Conflict(Refusal):
    """Someone else changed the thing since the page was loaded (409)."""

    status = 409


class Gone(Refusal):
    """The thing asked for was withdrawn, replaced or has expired (410)."""

    status = 410


def apply_refusal(form: forms.BaseForm, refusal: Refusal, *, field: str | None = None) -> None:
    """Add the refusal's message to its field on `form`; a refusal that names
    no field goes to `field`, and else (or when this form has no such field)
    to the form as a whole."""
    name = refusal.field or field
    form.add_error(name if name in form.fields else None, str(refusal))
    refusal.applied_to(form)


@dataclass
class Caught:
    """What a helper caught: the refusal, or None when the service went through."""

    refusal: Refusal | None = None

    def __bool__(self) -> bool:
        return self.refusal is not None

    @property
    def message(self) -> str:
        return str(self.refusal) if self.refusal is not None else ""


@contextmanager
def refusals_to(
    form: forms.BaseForm, *, field: str | None = None, kind: type[Refusal] = Refusal
) -> Iterator[Caught]:
    """Turn a refusal raised in the block into an error on `form` (on the
    refusal's field, else on `field`, else on the whole form); the block stops
    there and the view goes on (to re-render the bound form)."""
    caught = Caught()
    try:
        yield caught
    except kind as refusal:
        caught.refusal = refusal
        apply_refusal(form, refusal, field=field)


@contextmanager
def refusals_to_messages(
    request: HttpRequest, *, kind: type[Refusal] = Refusal
) -> Iterator[Caught]:
    """Turn a refusal raised in the block into an error message for the next
    page; the block stops there and the view goes on (usually to redirect)."""
    caught = Caught()
    try:
        yield caught
    except kind as refusal:
        caught.refusal = refusal
        messages.error(request, str(refusal))


@contextmanager
def refusal_caught(*, kind: type[Refusal] = Refusal) -> Iterator[Caught]:
    """Keep a refusal raised in the block in the yielded `Caught`, for a view
    that shows it in its own place (a row of a list, a 409 page); the block
    stops there and the view goes on."""
    caught = Caught()
    try:
        yield caught
    except kind as refusal:
        caught.refusal = refusal


def refusal_page(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """A plain page saying what was refused, with the refusal's status."""
    return render(request, "errors/refused.html", {"refusal": refusal}, status=refusal.status)


class RefusalMiddleware:
    """Answer a refusal no view caught with `refusal_page` instead of a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Refusal):
            return refusal_page(request, exception)
        return None
