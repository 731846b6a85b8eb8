"""Every write to people data: validated, atomic, and in the access log."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.errors import Refusal
from regie.core.policy import Actor
from regie.core.stale import StaleGuard

from .access import is_region_coordinator
from .models import (
    ConsultantLevel,
    ConsultantQualification,
    Organisation,
    Person,
    Region,
    Role,
    RoleAssignment,
    Trajectory,
    User,
)

# What the consultant edit form shows; a save based on other values is stale.
QUALIFICATION = StaleGuard(("level", "trained_on", "has_peer_expertise", "contract_hours_per_week"))


class PeopleError(Refusal):
    """A refused change, with a translated message for the user."""


def _require_coordinator(actor: Actor, region: Region) -> None:
    if not is_region_coordinator(actor, region):
        raise PeopleError(_("Only a coordinator of this region can do this."))


@transaction.atomic
def consultant_add(
    *,
    actor: Actor,
    region: Region,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    level: str,
    trained_on: datetime.date | None,
    has_peer_expertise: bool,
    contract_hours_per_week: Decimal,
    valid_from: datetime.date,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    """Register a new consultant in the coordinator's region.

    The role gets the coordinator's organisation in that region unless one is given.
    An existing qualification is kept, not overwritten.

    Who may: a coordinator of `region`.
    What changes: a Person (re-used when the e-mail address is already known),
    a login without a password (they set one through "forgot password"), the
    qualification, and an active consultant role. One access-log entry.
    Raises PeopleError when the person already is a consultant in the region.
    """
    _require_coordinator(actor, region)
    email = email.strip().lower()
    person = Person.objects.filter(email__iexact=email).first() if email else None
    if person is None:
        person = Person.objects.create(
            first_name=first_name, last_name=last_name, email=email, phone=phone
        )
    elif (
        RoleAssignment.objects.filter(person=person, role=Role.CONSULTANT, region=region)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
        .exists()
    ):
        raise PeopleError(_("%(name)s is already a consultant in this region.") % {"name": person})
    if email and person.user_id is None:
        existing_login = User.objects.filter(email__iexact=email, person__isnull=True).first()
        if existing_login is None and User.objects.filter(email__iexact=email).exists():
            raise PeopleError(_("This e-mail address belongs to someone else's login."))
        person.user = existing_login or User.objects.create_user(email=email)
        person.save(update_fields=["user"])
    if organisation is None:
        organisation = next(
            (
                a.organisation
                for a in actor.assignments
                if a.role == Role.COORDINATOR and a.region_id == region.pk
            ),
            None,
        )
    # A known consultant keeps their qualification: it may be managed in another
    # region, and changing it is a separate, logged step on their page.
    qualification, _created = ConsultantQualification.objects.get_or_create(
        person=person,
        defaults={
            "level": level,
            "trained_on": trained_on,
            "has_peer_expertise": has_peer_expertise,
            "contract_hours_per_week": contract_hours_per_week,
        },
    )
    qualification.regions.add(region)
    assignment = RoleAssignment.objects.create(
        person=person,
        role=Role.CONSULTANT,
        region=region,
        organisation=organisation,
        valid_from=valid_from,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        purpose="people:consultant_add",
        object_type=ObjectType.ROLE_ASSIGNMENT,
        object_id=str(assignment.uuid),
        subject=person,
        role=Role.COORDINATOR,
    )
    return assignment


@transaction.atomic
def consultant_change(
    *,
    actor: Actor,
    assignment: RoleAssignment,
    level: str,
    trained_on: datetime.date | None,
    has_peer_expertise: bool,
    contract_hours_per_week: Decimal,
    seen: str,
) -> ConsultantQualification:
    """Change a consultant's level, training date, peer expertise or hours.

    Who may: a coordinator of the role's region.
    What changes: the consultant's qualification (only the fields that differ);
    one access-log entry naming the changed fields.
    Raises StaleSave when someone else saved it after `seen` (QUALIFICATION's
    fingerprint) was taken.
    """
    assert assignment.region is not None
    _require_coordinator(actor, assignment.region)
    QUALIFICATION.lock_one(
        ConsultantQualification, anchor=assignment.person, seen=seen, person=assignment.person
    )
    if level not in ConsultantLevel.values:
        raise PeopleError(_("Choose MBO or HBO."))
    qualification, _created = ConsultantQualification.objects.get_or_create(
        person=assignment.person, defaults={"level": level}
    )
    wanted = {
        "level": level,
        "trained_on": trained_on,
        "has_peer_expertise": has_peer_expertise,
        "contract_hours_per_week": contract_hours_per_week,
    }
    changed = [name for name, value in wanted.items() if getattr(qualification, name) != value]
    for name in changed:
        setattr(qualification, name, wanted[name])
    if changed:
        qualification.save(update_fields=changed)
    qualification.regions.add(assignment.region)
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="people:consultant_edit",
        object_type=ObjectType.CONSULTANT_QUALIFICATION,
        object_id=str(assignment.uuid),
        part=",".join(changed),
        subject=assignment.person,
        role=Role.COORDINATOR,
    )
    return qualification


@transaction.atomic
def trajectory_add(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    title: str,
    started_on: datetime.date,
    ended_on: datetime.date | None,
    status: str,
    outcome: str,
) -> Trajectory:
    """Record an in-house training or coaching trajectory for a staff member.

    Who may: a team lead of an organisation where the person has a current role
    (checked by the view's access function and again here).
    """
    allowed = {
        a.organisation_id
        for a in actor.assignments
        if a.role == Role.TEAM_LEAD and a.organisation_id is not None
    }
    if (
        not RoleAssignment.objects.active()
        .filter(person=person, organisation_id__in=allowed)
        .exists()
    ):
        raise PeopleError(_("You can only record training for your own organisation's staff."))
    if ended_on is not None and ended_on < started_on:
        raise PeopleError(_("The end date cannot be before the start date."))
    trajectory = Trajectory.objects.create(
        person=person,
        kind=kind,
        title=title,
        started_on=started_on,
        ended_on=ended_on,
        status=status,
        outcome=outcome,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        purpose="people:trajectory_add",
        object_type=ObjectType.TRAJECTORY,
        object_id=str(trajectory.pk),
        subject=person,
        role=Role.TEAM_LEAD,
    )
    return trajectory


@transaction.atomic
def consultant_role_end(
    *, actor: Actor, assignment: RoleAssignment, end_on: datetime.date
) -> RoleAssignment:
    """End a consultant's role in a region on `end_on` (inclusive).

    Who may: a coordinator of the role's region.
    What changes: the role's end date. The person and their history stay.
    Raises PeopleError for an end date before the start or a role already ended.
    """
    assert assignment.region is not None
    _require_coordinator(actor, assignment.region)
    if assignment.valid_to is not None and assignment.valid_to < timezone.localdate():
        raise PeopleError(_("This role has already ended."))
    if end_on < assignment.valid_from:
        raise PeopleError(
            _("The end date cannot be before the start date (%(start)s).")
            % {"start": assignment.valid_from.strftime("%d-%m-%Y")}
        )
    assignment.valid_to = end_on
    assignment.save(update_fields=["valid_to"])
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="people:consultant_end",
        object_type=ObjectType.ROLE_ASSIGNMENT,
        object_id=str(assignment.uuid),
        part="valid_to",
        subject=assignment.person,
        role=Role.COORDINATOR,
    )
    return assignment
