"""Set and lift a restriction of processing, on the person's request."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.errors import Refusal
from regie.core.policy import Actor

from ..export.access import PersonAccess
from ..models import ProcessingRestriction


class RestrictionError(Refusal):
    """A restriction that cannot be set or lifted as asked."""


def current_restriction(access: PersonAccess) -> ProcessingRestriction | None:
    """The person's active restriction, or None."""
    return ProcessingRestriction.objects.filter(
        person=access.person, lifted_at__isnull=True
    ).first()


def _log(actor: Actor, access: PersonAccess, action: Action, purpose: str, row_id: int) -> None:
    record(
        actor=actor,
        action=action,
        purpose=purpose,
        object_type=ObjectType.PROCESSING_RESTRICTION,
        object_id=str(row_id),
        subject=access.person,
        role=access.role,
        on_behalf_of=access.person,
    )


@transaction.atomic
def restriction_set(*, actor: Actor, access: PersonAccess, reason: str) -> ProcessingRestriction:
    """Pause the processing of `access.person`'s data, on their request.

    Who may: staff who handle the person's request (coordinator of their
    region, their case director or the team lead), not the person on their
    own pages. What changes: the person's one restriction row (created, or set
    again after a lift), one access-log CREATE. Raises RestrictionError when
    already restricted or asked by the person themself.
    """
    if access.is_own or actor.person is None:
        raise RestrictionError(_("A restriction is set by staff, at your request."))
    row = ProcessingRestriction.objects.select_for_update().filter(person=access.person).first()
    if row is not None and row.is_active:
        raise RestrictionError(_("The use of this person's data is already paused."))
    if row is None:
        row = ProcessingRestriction(person=access.person)
    row.restricted_since = timezone.now()
    row.restricted_by = actor.person
    row.reason = reason
    row.lifted_at = None
    row.lifted_by = None
    row.save()
    _log(actor, access, Action.CREATE, "privacy:restriction_set", row.pk)
    return row


@transaction.atomic
def restriction_lift(*, actor: Actor, access: PersonAccess) -> ProcessingRestriction:
    """Lift the pause, on the person's request: their data may be processed again.

    Who may: as `restriction_set`. What changes: `lifted_at`/`lifted_by` on the
    row, one access-log CHANGE. Raises RestrictionError when nothing is paused.
    """
    if access.is_own or actor.person is None:
        raise RestrictionError(_("A restriction is lifted by staff, at your request."))
    row = (
        ProcessingRestriction.objects.select_for_update()
        .filter(person=access.person, lifted_at__isnull=True)
        .first()
    )
    if row is None:
        raise RestrictionError(_("The use of this person's data is not paused."))
    row.lifted_at = timezone.now()
    row.lifted_by = actor.person
    row.save(update_fields=["lifted_at", "lifted_by"])
    _log(actor, access, Action.CHANGE, "privacy:restriction_lift", row.pk)
    return row
