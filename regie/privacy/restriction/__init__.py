"""Restriction of processing (AVG art. 18): the guard the services call.

While a person's restriction is active, services that change their data call
`ensure_not_restricted(person)` first and refuse with `ProcessingRestricted`;
the mail helper (`core.mail`) asks `mail_blocked()` and sends nothing to or
about them. Reading (and the person's own copy of their data) goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from regie.core.errors import Refusal
from regie.people.models import Person

from ..models import ProcessingRestriction


class ProcessingRestricted(Refusal):
    """The person asked to pause the use of their data; nothing may change now."""

    status = 423

    def __init__(self) -> None:
        super().__init__(
            _(
                "The use of this person's data is paused at their request. "
                "Nothing can be changed until the pause is lifted."
            )
        )


def _person_id(person: Person | int | None) -> int | None:
    if person is None or isinstance(person, int):
        return person
    return person.pk


@dataclass(frozen=True)
class _Active:
    """The restrictions active when `restrictions_read_once` began."""

    people: frozenset[int]
    addresses: frozenset[str]  # casefolded


_read_once: ContextVar[_Active | None] = ContextVar("regie_restrictions_read_once", default=None)


@contextmanager
def restrictions_read_once() -> Iterator[None]:
    """Inside this block, `is_restricted` and `mail_blocked` answer from one
    read of the restrictions active when it began, instead of a query each.

    For a job that tells many people in one short transaction (`run_daily`'s
    batches of a hundred cards): one query per batch instead of one per mail.
    The answer is as old as the block, a fraction of a second; a mail is
    handed to the queue only after the block's transaction commits in any
    case. Not for a block that restricts or lifts itself: it would not see it.
    """
    rows = ProcessingRestriction.objects.filter(lifted_at__isnull=True).values_list(
        "person_id", "person__email"
    )
    people: set[int] = set()
    addresses: set[str] = set()
    for person_id, email in rows:
        people.add(person_id)
        if email:
            addresses.add(email.casefold())
    token = _read_once.set(_Active(frozenset(people), frozenset(addresses)))
    try:
        yield
    finally:
        _read_once.reset(token)


def is_restricted(person: Person | int | None) -> bool:
    """Whether processing of `person` (a Person or its id) is restricted now."""
    person_id = _person_id(person)
    if person_id is None:
        return False
    active = _read_once.get()
    if active is not None:
        return person_id in active.people
    return ProcessingRestriction.objects.filter(
        person_id=person_id, lifted_at__isnull=True
    ).exists()


def restricted_people() -> QuerySet[ProcessingRestriction, int]:
    """The ids of the persons whose processing is restricted now (for `__in`)."""
    return ProcessingRestriction.objects.filter(lifted_at__isnull=True).values_list(
        "person_id", flat=True
    )


def ensure_not_restricted(person: Person | int | None) -> None:
    """Refuse (ProcessingRestricted) when processing of `person` is restricted.

    Called first by every service that changes a participant's or client's data."""
    if is_restricted(person):
        raise ProcessingRestricted()


def _people_in(values: Iterable[Any]) -> set[int]:
    """The persons a mail's context is about: a Person, or an object's
    participant, client or request's participant (parties, cards, cases)."""
    ids: set[int] = set()
    for value in values:
        if isinstance(value, Person):
            ids.add(value.pk)
            continue
        for path in ("participant", "client", "request.participant", "card.request.participant"):
            target: Any = value
            for attribute in path.split("."):
                target = getattr(target, attribute, None)
                if target is None:
                    break
            if isinstance(target, Person):
                ids.add(target.pk)
                break
    return ids


def mail_blocked(to: str, context: Mapping[str, Any]) -> bool:
    """Whether a mail to address `to` with `context` goes to or is about a
    person whose processing is restricted (then it must not be sent)."""
    known = _read_once.get()
    if known is not None:
        about = _people_in(context.values())
        return bool(about & known.people) or (bool(to) and to.casefold() in known.addresses)
    active = ProcessingRestriction.objects.filter(lifted_at__isnull=True)
    if not active.exists():
        return False
    about = _people_in(context.values())
    if about and active.filter(person_id__in=about).exists():
        return True
    return bool(to) and active.filter(person__email__iexact=to).exists()
