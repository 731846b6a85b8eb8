"""Logged reads for the recovery pages: every page that shows a client's or a
relative's personal data writes an access-log row about each person shown.

A case page (a form about one case) names the client: one row about the case.
A page that lists relatives (a picker, the relatives on a case): one row per
relative shown, in one write. The purpose is the page's URL name.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from regie.audit.events import ObjectType, log_recovery_case
from regie.audit.models import Action
from regie.audit.services import record_many
from regie.core.policy import Actor
from regie.people.models import Person

from .. import access as acc
from ..models import CaseRelative, RelativeNote


def log_case_page(request: HttpRequest, actor: Actor, access: acc.CaseAccess, purpose: str) -> None:
    """The page names the case's client: one read of the case."""
    log_recovery_case(
        access.case,
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        role=access.log_role,
        request=request,
    )


def log_case_relatives(
    request: HttpRequest,
    actor: Actor,
    *,
    relatives: Iterable[CaseRelative],
    purpose: str,
    role: str,
) -> None:
    """The page names these relatives of a case: one read of each."""
    record_many(
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        object_type=ObjectType.CASE_RELATIVE,
        items=[(relative.pk, relative.person) for relative in relatives],
        role=role,
        request=request,
    )


def log_relative_notes(
    request: HttpRequest,
    actor: Actor,
    *,
    notes: Iterable[RelativeNote],
    purpose: str,
    role: str,
) -> None:
    """The page shows these notes about relatives: one read of each."""
    record_many(
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        object_type=ObjectType.RELATIVE_NOTE,
        items=[(note.pk, note.relative) for note in notes],
        role=role,
        request=request,
    )


def log_people_listed(
    request: HttpRequest, actor: Actor, *, people: Iterable[Person], purpose: str, role: str
) -> None:
    """The page lists these relatives by name (a picker across cases): one read each."""
    record_many(
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        object_type=ObjectType.PERSON,
        items=[(str(person.uuid), person) for person in people],
        role=role,
        request=request,
    )
