"""Correct a person's details, keeping the old values as a version."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.errors import Conflict
from regie.core.policy import Actor
from regie.people.models import Person

from ..export.access import PersonAccess
from ..export.collect import PERSON_FIELDS, person_details, plain
from ..models import PersonDetailsVersion
from .selectors import current_version


class StaleDetails(Conflict):
    """Someone saved these details after the page was opened (409)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed these details after you opened the page. "
                "Nothing was saved. Your text is still below: check it and save again."
            )
        )


@transaction.atomic
def person_details_correct(
    *,
    actor: Actor,
    access: PersonAccess,
    values: dict[str, Any],
    based_on: int,
    request: HttpRequest | None = None,
) -> PersonDetailsVersion | None:
    """Correct `access.person`'s details to `values` (every field of PERSON_FIELDS).

    Who may: the person themself, or staff who handle their request (see
    `export.access`). What changes: the changed fields of the Person, one
    PersonDetailsVersion with the old and new values, one access-log CHANGE
    naming the changed fields. Returns None (and writes nothing) when nothing
    changed. Raises StaleDetails when `based_on` is not the current history
    number (someone saved in between). A restriction does not stop a
    correction: correcting is what a restriction often waits for.
    """
    person = Person.objects.select_for_update().get(pk=access.person.pk)
    number = current_version(person)
    if based_on != number:
        raise StaleDetails()
    old = person_details(person)
    new = {field: plain(values.get(field)) for field in PERSON_FIELDS}
    changed = [field for field in PERSON_FIELDS if old[field] != new[field]]
    if not changed:
        return None
    for field in changed:
        setattr(person, field, values.get(field))
    person.save(update_fields=changed)
    try:
        with transaction.atomic():
            version = PersonDetailsVersion.objects.create(
                person=person,
                number=number + 1,
                changed_by=actor.person,
                changed_by_role=access.role,
                changed_fields=changed,
                old_values={field: old[field] for field in changed},
                new_values={field: new[field] for field in changed},
            )
    except IntegrityError as error:  # a parallel save took this number first
        raise StaleDetails() from error
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="privacy:details_correct",
        object_type=ObjectType.PERSON,
        object_id=str(person.uuid),
        subject=person,
        part=",".join(changed),
        role=access.role,
        on_behalf_of=None if access.is_own else person,
        request=request,
    )
    access.person.__dict__.update({field: getattr(person, field) for field in changed})
    return version
