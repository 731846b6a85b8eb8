"""Information sessions and presentations (HBO task 9 and the coordinator's outreach).

A coordinator registers a request from an organisation, assigns it to an HBO
consultant or a coordinator of the region (requested → planned), and the
session is either held (attendance and evaluation) or cancelled. Every change
raises `ical_sequence`, so calendar apps that subscribed to the presenter's
feed update the event. Sessions hold no participant data: no access-log entry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.core.policy import Actor
from regie.core.stale import StaleGuard
from regie.people.access import is_hbo_consultant
from regie.people.models import Organisation, Person, Region, Role, RoleAssignment

from ..access import coordinated_region_ids
from ..errors import CoordinationError
from .models import InformationSession, SessionStatus

MIN_MINUTES = 5
MAX_MINUTES = 24 * 60
MAX_SIZE = 100_000

# What the edit form shows; a save based on other values is stale.
SESSION = StaleGuard(
    (
        "organisation_id",
        "requester_name",
        "requester_email",
        "requester_phone",
        "audience",
        "topic",
        "starts_at",
        "duration_minutes",
        "location",
        "expected_size",
    )
)

# Which step may be taken from which status: one table, checked by every service.
STEPS: dict[str, frozenset[str]] = {
    "edit": frozenset({SessionStatus.REQUESTED, SessionStatus.PLANNED}),
    "assign": frozenset({SessionStatus.REQUESTED, SessionStatus.PLANNED}),
    "held": frozenset({SessionStatus.PLANNED, SessionStatus.HELD}),
    "cancel": frozenset({SessionStatus.REQUESTED, SessionStatus.PLANNED}),
}


def can(step: str, session: InformationSession) -> bool:
    return session.status in STEPS[step]


@dataclass(frozen=True)
class SessionDetails:
    """What the coordinator writes down about a request for a session."""

    requester_name: str
    audience: str
    topic: str
    starts_at: datetime.datetime
    duration_minutes: int = 60
    expected_size: int = 0
    location: str = ""
    organisation: Organisation | None = None
    requester_email: str = ""
    requester_phone: str = ""


def _require_coordinator(actor: Actor, region_id: int) -> None:
    if region_id not in coordinated_region_ids(actor):
        raise CoordinationError(_("Only a coordinator of the region can do this."))


def _check(details: SessionDetails, region_id: int) -> None:
    if not details.requester_name.strip():
        raise CoordinationError(_("Write down who asked for the session."))
    if not details.topic.strip():
        raise CoordinationError(_("Write down the topic of the session."))
    if not MIN_MINUTES <= details.duration_minutes <= MAX_MINUTES:
        raise CoordinationError(_("The duration must be between 5 and 1440 minutes."))
    if not 0 <= details.expected_size <= MAX_SIZE:
        raise CoordinationError(_("The expected number of people is not sensible."))
    if timezone.is_naive(details.starts_at):
        raise CoordinationError(_("Give the date and time of the session."))
    organisation = details.organisation
    if organisation is not None and organisation.region_id not in (None, region_id):
        raise CoordinationError(
            _(
                "%(name)s is an organisation of another region. Choose an organisation of "
                "this region or a national one."
            )
            % {"name": organisation.name}
        )


def _locked(session: InformationSession) -> InformationSession:
    return (
        InformationSession.objects.select_for_update(of=("self",))
        .select_related("region", "presenter")
        .get(pk=session.pk)
    )


def _require_step(step: str, session: InformationSession) -> None:
    if not can(step, session):
        raise CoordinationError(
            _("This is not possible for a session that is %(status)s.")
            % {"status": SessionStatus(session.status).label.lower()}
        )


@transaction.atomic
def session_create(*, actor: Actor, region: Region, details: SessionDetails) -> InformationSession:
    """Register a request for a session (status requested).

    Who may: a coordinator of `region`. Raises CoordinationError for missing
    or senseless details, or an organisation of another region (organisations
    without a region are national and fit every region).
    """
    _require_coordinator(actor, region.pk)
    assert actor.person is not None
    _check(details, region.pk)
    return InformationSession.objects.create(
        region=region,
        organisation=details.organisation,
        requester_name=details.requester_name.strip(),
        requester_email=details.requester_email.strip(),
        requester_phone=details.requester_phone.strip(),
        audience=details.audience,
        topic=details.topic.strip(),
        starts_at=details.starts_at,
        duration_minutes=details.duration_minutes,
        location=details.location.strip(),
        expected_size=details.expected_size,
        created_by=actor.person,
    )


@transaction.atomic
def session_update(
    *, actor: Actor, session: InformationSession, details: SessionDetails, seen: str
) -> InformationSession:
    """Change the details of a requested or planned session.

    Who may: a coordinator of its region. Raises `ical_sequence`. Raises
    StaleSave when someone else saved it after `seen` (SESSION's fingerprint).
    """
    _require_coordinator(actor, session.region_id)
    SESSION.lock(session, seen=seen)
    locked = _locked(session)
    _require_step("edit", locked)
    _check(details, locked.region_id)
    locked.organisation = details.organisation
    locked.requester_name = details.requester_name.strip()
    locked.requester_email = details.requester_email.strip()
    locked.requester_phone = details.requester_phone.strip()
    locked.audience = details.audience
    locked.topic = details.topic.strip()
    locked.starts_at = details.starts_at
    locked.duration_minutes = details.duration_minutes
    locked.location = details.location.strip()
    locked.expected_size = details.expected_size
    locked.ical_sequence += 1
    locked.save()
    return locked


def _region_roles(region_id: int) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.active()
        .filter(region_id=region_id, role__in=[Role.COORDINATOR, Role.CONSULTANT])
        .select_related("person__consultant_qualification")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def _reason(person: Person, roles: set[str]) -> str:
    if Role.COORDINATOR in roles:
        return ""
    if is_hbo_consultant(person):
        return ""
    return _("%(name)s works at MBO level; presentations are an HBO task.") % {
        "name": person.full_name
    }


def presenter_options(region: Region) -> list[tuple[Person, str]]:
    """Every coordinator and consultant active in `region`, each with the reason
    they cannot present ("" when they can). A fixed number of queries."""
    people: dict[int, Person] = {}
    roles: dict[int, set[str]] = {}
    for assignment in _region_roles(region.pk):
        people.setdefault(assignment.person_id, assignment.person)
        roles.setdefault(assignment.person_id, set()).add(assignment.role)
    return [(person, _reason(person, roles[pk])) for pk, person in people.items()]


def presenter_refusal(person: Person, region: Region) -> str:
    """Why `person` may not present in `region`, or "" when they may."""
    roles = {
        a.role
        for a in RoleAssignment.objects.active().filter(
            person=person, region=region, role__in=[Role.COORDINATOR, Role.CONSULTANT]
        )
    }
    if not roles:
        return _("%(name)s does not work in %(region)s as a coordinator or consultant.") % {
            "name": person.full_name,
            "region": region.name,
        }
    return _reason(person, roles)


@transaction.atomic
def session_assign(
    *, actor: Actor, session: InformationSession, presenter: Person
) -> InformationSession:
    """Give the session to a presenter (requested → planned, or a new presenter).

    Who may: a coordinator of its region. The presenter must be a coordinator
    or an HBO consultant active in the region; otherwise CoordinationError
    with the reason. Raises `ical_sequence`.
    """
    _require_coordinator(actor, session.region_id)
    locked = _locked(session)
    _require_step("assign", locked)
    if locked.presenter_id == presenter.pk:
        raise CoordinationError(
            _("%(name)s already gives this session.") % {"name": presenter.full_name}
        )
    reason = presenter_refusal(presenter, locked.region)
    if reason:
        raise CoordinationError(reason)
    locked.presenter = presenter
    locked.status = SessionStatus.PLANNED
    locked.ical_sequence += 1
    locked.save(update_fields=["presenter", "status", "ical_sequence"])
    return locked


@transaction.atomic
def session_record_held(
    *,
    actor: Actor,
    session: InformationSession,
    attendance: int,
    evaluation_score: int | None,
    evaluation_notes: str = "",
) -> InformationSession:
    """Record that a planned session was held: attendance and evaluation (1–5).

    Who may: a coordinator of its region or the presenter. Only after the
    start time. Raises `ical_sequence`.
    """
    locked = _locked(session)
    is_presenter = actor.person is not None and locked.presenter_id == actor.person.pk
    if not is_presenter and locked.region_id not in coordinated_region_ids(actor):
        raise CoordinationError(_("Only the presenter or a coordinator can record this."))
    _require_step("held", locked)
    if locked.starts_at > timezone.now():
        raise CoordinationError(_("The session has not started yet."))
    if not 0 <= attendance <= MAX_SIZE:
        raise CoordinationError(_("The number of people who came is not sensible."))
    if evaluation_score is not None and not 1 <= evaluation_score <= 5:
        raise CoordinationError(_("The evaluation score is 1 to 5."))
    locked.status = SessionStatus.HELD
    locked.attendance = attendance
    locked.evaluation_score = evaluation_score
    locked.evaluation_notes = evaluation_notes.strip()
    locked.ical_sequence += 1
    locked.save(
        update_fields=[
            "status",
            "attendance",
            "evaluation_score",
            "evaluation_notes",
            "ical_sequence",
        ]
    )
    return locked


@transaction.atomic
def session_cancel(*, actor: Actor, session: InformationSession) -> InformationSession:
    """Cancel a requested or planned session; the presenter's feed shows it cancelled.

    Who may: a coordinator of its region. Raises `ical_sequence`.
    """
    _require_coordinator(actor, session.region_id)
    locked = _locked(session)
    _require_step("cancel", locked)
    locked.status = SessionStatus.CANCELLED
    locked.ical_sequence += 1
    locked.save(update_fields=["status", "ical_sequence"])
    return locked
