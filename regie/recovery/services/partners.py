"""The plan of a case: partners, goals, actions and contacts.

Who may: the case's current team (the views reach the case through
`access.access_case_for_work`; each service checks the team again).
Every write is one transaction with one access-log entry, and raises
RecoveryError with a translated message when the input breaks a rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import log_recovery_case
from regie.audit.models import Action
from regie.core.policy import Actor
from regie.people.models import Organisation, Person
from regie.privacy.restriction import ensure_not_restricted

from ..models import (
    ActionOwner,
    ActionStatus,
    CaseContact,
    CaseMember,
    CasePartner,
    CaseState,
    ContactWith,
    Goal,
    GoalAction,
    LifeArea,
    PartnerKind,
    RecoveryCase,
)
from .errors import RecoveryError

MAX_CONTACT_MINUTES = 24 * 60


def _team_role(actor: Actor, case: RecoveryCase) -> str:
    """The actor's current role on the case's team; RecoveryError when they are not on it."""
    if actor.person is None:
        raise RecoveryError(_("Only the case's team can change its plan."))
    roles = sorted(
        r
        for r in CaseMember.objects.current()
        .filter(case=case, person=actor.person)
        .values_list("team_role", flat=True)
        if actor.has_role(r)
    )
    if not roles:
        raise RecoveryError(_("Only the case's team can change its plan."))
    if case.state == CaseState.CLOSED:
        raise RecoveryError(_("This case is closed. Its plan can no longer change."))
    return roles[0]


def current_team_person_ids(case: RecoveryCase) -> set[int]:
    return set(CaseMember.objects.current().filter(case=case).values_list("person_id", flat=True))


@transaction.atomic
def partner_add(
    *,
    actor: Actor,
    case: RecoveryCase,
    kind: str,
    life_area: LifeArea | None = None,
    organisation: Organisation | None = None,
    person: Person | None = None,
    new_first_name: str = "",
    new_last_name: str = "",
    new_phone: str = "",
    relationship: str = "",
) -> CasePartner:
    """Add a partner (a relative or a professional) to the case, for a life area or overall.

    The partner names an organisation, a person, or both. The person is either
    an existing one passed in (the view offers the case's relatives) or a new
    contact made from a first and last name (and phone).
    """
    ensure_not_restricted(case.client_id)
    role = _team_role(actor, case)
    if kind not in PartnerKind.values:
        raise RecoveryError(_("Choose whether the partner is a relative or a professional."))
    new_first_name, new_last_name = new_first_name.strip(), new_last_name.strip()
    if person is not None and (new_first_name or new_last_name):
        raise RecoveryError(
            _("Choose an existing person or type the name of a new contact, not both.")
        )
    if (new_first_name or new_last_name or new_phone.strip()) and not (
        new_first_name and new_last_name
    ):
        raise RecoveryError(_("A new contact needs a first and a last name."))
    if person is None and new_first_name:
        person = Person.objects.create(
            first_name=new_first_name, last_name=new_last_name, phone=new_phone.strip()
        )
    if organisation is None and person is None:
        raise RecoveryError(_("Name an organisation, a contact person, or both."))
    if person is not None and person.pk == case.client_id:
        raise RecoveryError(_("The client cannot be their own partner."))
    partner = CasePartner.objects.create(
        case=case,
        kind=kind,
        life_area=life_area,
        organisation=organisation,
        person=person,
        relationship=relationship.strip(),
    )
    log_recovery_case(
        case,
        actor=actor,
        action=Action.CREATE,
        purpose="recovery:partner_add",
        role=role,
        part="partner",
    )
    return partner


@transaction.atomic
def goal_add(*, actor: Actor, case: RecoveryCase, life_area: LifeArea, description: str) -> Goal:
    """Add a goal for one life area of the case."""
    ensure_not_restricted(case.client_id)
    role = _team_role(actor, case)
    description = description.strip()
    if not description:
        raise RecoveryError(_("Describe the goal in a few words."))
    if not life_area.is_active:
        raise RecoveryError(_("This life area is no longer in use."))
    goal = Goal.objects.create(case=case, life_area=life_area, description=description)
    log_recovery_case(
        case, actor=actor, action=Action.CREATE, purpose="recovery:goal_add", role=role, part="goal"
    )
    return goal


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    case: RecoveryCase,
    goal: Goal,
    description: str,
    owner_kind: str,
    owner_person: Person | None = None,
    owner_partner: CasePartner | None = None,
    due_on: datetime.date | None = None,
) -> GoalAction:
    """Add an action to a goal: what, who does it (client, a team member, a partner), by when.

    A team member must be on the team now; a partner must belong to this case.
    """
    ensure_not_restricted(case.client_id)
    role = _team_role(actor, case)
    if goal.case_id != case.pk:
        raise RecoveryError(_("This goal belongs to another case."))
    description = description.strip()
    if not description:
        raise RecoveryError(_("Describe what needs to be done."))
    if owner_kind not in ActionOwner.values:
        raise RecoveryError(_("Choose who does this."))
    if owner_kind == ActionOwner.TEAM:
        if owner_person is None:
            raise RecoveryError(_("Choose the team member who does this."))
        if owner_person.pk not in current_team_person_ids(case):
            raise RecoveryError(
                _("%(name)s is not on this case's team now.") % {"name": owner_person}
            )
    else:
        owner_person = None
    if owner_kind == ActionOwner.PARTNER:
        if owner_partner is None:
            raise RecoveryError(_("Choose the partner who does this."))
        if owner_partner.case_id != case.pk:
            raise RecoveryError(_("This partner does not work on this case."))
    else:
        owner_partner = None
    action = GoalAction.objects.create(
        goal=goal,
        description=description,
        owner_kind=owner_kind,
        owner_person=owner_person,
        owner_partner=owner_partner,
        due_on=due_on,
    )
    log_recovery_case(
        case,
        actor=actor,
        action=Action.CREATE,
        purpose="recovery:action_add",
        role=role,
        part="action",
    )
    return action


@transaction.atomic
def action_set_status(
    *, actor: Actor, case: RecoveryCase, action: GoalAction, status: str
) -> GoalAction:
    """Mark an action as to do, done or dropped."""
    ensure_not_restricted(case.client_id)
    role = _team_role(actor, case)
    if action.goal.case_id != case.pk:
        raise RecoveryError(_("This action belongs to another case."))
    if status not in ActionStatus.values:
        raise RecoveryError(_("Choose a status."))
    action.status = status
    action.save(update_fields=["status"])
    log_recovery_case(
        case,
        actor=actor,
        action=Action.CHANGE,
        purpose="recovery:action_status",
        role=role,
        part="action",
    )
    return action


@transaction.atomic
def contact_log(
    *,
    actor: Actor,
    case: RecoveryCase,
    occurred_on: datetime.date,
    duration_minutes: int,
    with_whom: str,
    team_participants: Iterable[Person],
    partners_present: Iterable[CasePartner] = (),
    notes: str = "",
) -> CaseContact:
    """Log a contact with the client, relatives or partners.

    The date is not in the future; the duration is 1 to 1440 minutes; the team
    members present are on the team now (at least one); partners are this case's.
    """
    ensure_not_restricted(case.client_id)
    role = _team_role(actor, case)
    assert actor.person is not None
    if occurred_on < case.opened_on:
        raise RecoveryError(
            _("The date cannot be before the case was opened (%(date)s).")
            % {"date": case.opened_on.strftime("%d-%m-%Y")}
        )
    if occurred_on > timezone.localdate():
        raise RecoveryError(_("The date of a contact cannot be in the future."))
    if not 1 <= duration_minutes <= MAX_CONTACT_MINUTES:
        raise RecoveryError(_("The duration must be between 1 and 1440 minutes (one day)."))
    if with_whom not in ContactWith.values:
        raise RecoveryError(_("Choose who the contact was with."))
    people = list(team_participants)
    if not people:
        raise RecoveryError(_("Choose at least one team member who took part."))
    team = current_team_person_ids(case)
    outsiders = [p for p in people if p.pk not in team]
    if outsiders:
        raise RecoveryError(
            _("%(names)s is not on this case's team now.")
            % {"names": ", ".join(str(p) for p in outsiders)}
        )
    partners = list(partners_present)
    if any(p.case_id != case.pk for p in partners):
        raise RecoveryError(_("Only partners of this case can be marked as present."))
    contact = CaseContact.objects.create(
        case=case,
        occurred_on=occurred_on,
        duration_minutes=duration_minutes,
        with_whom=with_whom,
        notes=notes.strip(),
        recorded_by=actor.person,
    )
    contact.team_participants.set(people)
    if partners:
        contact.partners_present.set(partners)
    log_recovery_case(
        case,
        actor=actor,
        action=Action.CREATE,
        purpose="recovery:contact_add",
        role=role,
        part="contact",
    )
    return contact
