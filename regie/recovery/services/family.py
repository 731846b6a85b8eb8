"""The family peer expert's track with relatives: activities, relatives and their notes.

Privacy: what a relative tells the family peer expert stays in the family
track. A note reaches the rest of the team only when the relative agreed to
share it, and the relative may withdraw that agreement at any time. Every
write is logged with the relative as the person whose data it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType, log_about_relative
from regie.audit.models import Action
from regie.core.policy import Actor
from regie.people.models import Person, Role
from regie.privacy.restriction import ensure_not_restricted

from ..access import can_run_family_activities
from ..models import (
    CaseEvent,
    CaseMember,
    CaseRelative,
    CaseState,
    FamilyActivity,
    FamilyActivityKind,
    FamilyTopic,
    RecoveryCase,
    RelativeNote,
    TeamRole,
)
from .errors import RecoveryError

NOTE_MAX_LENGTH = 10_000


def _current_team_roles(actor: Actor, case: RecoveryCase) -> set[str]:
    if actor.person is None:
        return set()
    return {
        role
        for role in CaseMember.objects.current()
        .filter(case=case, person=actor.person)
        .values_list("team_role", flat=True)
        if actor.has_role(role)
    }


def _require_family_peer_expert(actor: Actor) -> Person:
    if actor.person is None or not can_run_family_activities(actor):
        raise RecoveryError(_("Only a family peer expert can do this."))
    return actor.person


def _require_case_family_peer_expert(actor: Actor, case: RecoveryCase) -> Person:
    person = _require_family_peer_expert(actor)
    if TeamRole.FAMILY_PEER_EXPERT not in _current_team_roles(actor, case):
        raise RecoveryError(_("Only the family peer expert of this case can do this."))
    return person


def _clean_topics(topics: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in FamilyTopic.values]
    if unknown:
        raise RecoveryError(
            _("Unknown topic: %(topics)s. Choose from the list.") % {"topics": ", ".join(unknown)}
        )
    # Keep the order of the list of topics, so every page shows them alike.
    return [t for t in FamilyTopic.values if t in chosen]


def _check_relatives(relatives: Iterable[Person]) -> list[Person]:
    people = list({p.pk: p for p in relatives}.values())
    linked = set(CaseRelative.objects.filter(person__in=people).values_list("person_id", flat=True))
    strangers = [p for p in people if p.pk not in linked]
    if strangers:
        raise RecoveryError(
            _(
                "%(names)s is not a relative in any case. Add them as a relative "
                "on the client's case first."
            )
            % {"names": ", ".join(p.full_name for p in strangers)}
        )
    return people


@transaction.atomic
def activity_create(
    *,
    actor: Actor,
    kind: str,
    title: str,
    held_on: datetime.date,
    topics: list[str],
    relatives: list[Person],
) -> FamilyActivity:
    """Record a conversation, self-help group or training with relatives.

    Who may: a person with an active family peer expert role; they run the activity.
    What changes: a FamilyActivity with its relatives (who may come from
    different cases); one access-log entry per relative.
    Raises RecoveryError for an unknown kind or topic, an empty title, or a
    person who is not a relative on any case.
    """
    person = _require_family_peer_expert(actor)
    if kind not in FamilyActivityKind.values:
        raise RecoveryError(_("Choose what kind of activity this is."))
    title = title.strip()
    if not title:
        raise RecoveryError(_("Give the activity a title."))
    clean_topics = _clean_topics(topics)
    people = _check_relatives(relatives)
    for relative in people:
        ensure_not_restricted(relative)
    activity = FamilyActivity.objects.create(
        kind=kind,
        title=title,
        held_on=held_on,
        family_peer_expert=person,
        topics=clean_topics,
    )
    activity.relatives.set(people)
    for relative in people:
        log_about_relative(
            ObjectType.FAMILY_ACTIVITY,
            activity.uuid,
            relative=relative,
            actor=actor,
            action=Action.CREATE,
            purpose="recovery:family_activity_add",
            role=Role.FAMILY_PEER_EXPERT,
        )
    return activity


@transaction.atomic
def activity_update_relatives(
    *,
    actor: Actor,
    activity: FamilyActivity,
    add: Iterable[Person] = (),
    remove: Iterable[Person] = (),
) -> FamilyActivity:
    """Add relatives to an activity (people who joined later) or remove them.

    Who may: the family peer expert who runs the activity.
    What changes: the activity's relatives; one access-log entry per relative
    added or removed. Raises RecoveryError for someone who is not a relative
    on any case, or for an actor who does not run the activity.
    """
    person = _require_family_peer_expert(actor)
    if activity.family_peer_expert_id != person.pk:
        raise RecoveryError(_("Only the family peer expert who runs this activity can change it."))
    present = set(activity.relatives.values_list("pk", flat=True))
    to_add = [p for p in _check_relatives(add) if p.pk not in present]
    to_remove = [p for p in {p.pk: p for p in remove}.values() if p.pk in present]
    for relative in [*to_add, *to_remove]:
        ensure_not_restricted(relative)
    activity.relatives.add(*to_add)
    activity.relatives.remove(*to_remove)
    for relative, part in [(p, "added") for p in to_add] + [(p, "removed") for p in to_remove]:
        log_about_relative(
            ObjectType.FAMILY_ACTIVITY,
            activity.uuid,
            relative=relative,
            actor=actor,
            action=Action.CHANGE,
            purpose="recovery:family_activity_relatives",
            role=Role.FAMILY_PEER_EXPERT,
            part=part,
        )
    return activity


@transaction.atomic
def relative_add(
    *,
    actor: Actor,
    case: RecoveryCase,
    first_name: str,
    last_name: str,
    phone: str,
    email: str,
    relationship: str,
) -> CaseRelative:
    """Link a relative (family member or close one) to a case.

    Who may: the case's current case director or family peer expert.
    What changes: a new Person (without a login), a CaseRelative, a timeline
    entry and one access-log entry with the relative as subject.
    Raises RecoveryError for a closed case, missing names or relationship, or
    a relative with the same name already on the case.
    """
    roles = _current_team_roles(actor, case) & {
        TeamRole.CASE_DIRECTOR,
        TeamRole.FAMILY_PEER_EXPERT,
    }
    if not roles:
        raise RecoveryError(
            _("Only the case director or the family peer expert of this case can add relatives.")
        )
    if case.state == CaseState.CLOSED:
        raise RecoveryError(_("This case is closed."))
    ensure_not_restricted(case.client_id)
    first_name, last_name = first_name.strip(), last_name.strip()
    relationship = relationship.strip()
    if not first_name or not last_name:
        raise RecoveryError(_("Fill in the relative's first and last name."))
    if not relationship:
        raise RecoveryError(_("Say how this person is related to the client."))
    if CaseRelative.objects.filter(
        case=case, person__first_name__iexact=first_name, person__last_name__iexact=last_name
    ).exists():
        raise RecoveryError(
            _("%(name)s is already a relative on this case.")
            % {"name": f"{first_name} {last_name}"}
        )
    person = Person.objects.create(
        first_name=first_name, last_name=last_name, phone=phone.strip(), email=email.strip()
    )
    relative = CaseRelative.objects.create(case=case, person=person, relationship=relationship)
    CaseEvent.objects.create(
        case=case,
        actor=actor.person,
        kind="relative_added",
        text=(
            _("%(name)s added as a relative (%(relationship)s)")
            % {"name": person, "relationship": relationship}
        )[:300],
    )
    log_about_relative(
        ObjectType.CASE_RELATIVE,
        relative.pk,
        relative=person,
        actor=actor,
        action=Action.CREATE,
        purpose="recovery:relative_add",
        role=sorted(roles)[0],
    )
    return relative


@transaction.atomic
def relative_note_add(
    *,
    actor: Actor,
    case: RecoveryCase,
    relative: Person,
    text: str,
    shared_with_team: bool,
    activity: FamilyActivity | None = None,
) -> RelativeNote:
    """Write down what a relative told the family peer expert.

    Who may: the case's current family peer expert only.
    What changes: a RelativeNote, private to the family track unless the
    relative agreed to share it with the client's team; one access-log entry
    with the relative as subject.
    Raises RecoveryError when the person is not a relative on this case, the
    text is empty or too long, or the activity is not the actor's or the
    relative did not take part in it.
    """
    person = _require_case_family_peer_expert(actor, case)
    if not CaseRelative.objects.filter(case=case, person=relative).exists():
        raise RecoveryError(_("%(name)s is not a relative on this case.") % {"name": relative})
    ensure_not_restricted(case.client_id)
    ensure_not_restricted(relative)
    text = text.strip()
    if not text:
        raise RecoveryError(_("Write what the relative told you."))
    if len(text) > NOTE_MAX_LENGTH:
        raise RecoveryError(
            _("The note is too long: at most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}
        )
    if activity is not None:
        if activity.family_peer_expert_id != person.pk:
            raise RecoveryError(_("You can only link a note to an activity you run."))
        if not activity.relatives.filter(pk=relative.pk).exists():
            raise RecoveryError(
                _("%(name)s did not take part in “%(activity)s”.")
                % {"name": relative, "activity": activity.title}
            )
    note = RelativeNote.objects.create(
        relative=relative,
        case=case,
        activity=activity,
        author=person,
        text=text,
        shared_with_team=shared_with_team,
    )
    log_about_relative(
        ObjectType.RELATIVE_NOTE,
        note.pk,
        relative=relative,
        actor=actor,
        action=Action.CREATE,
        purpose="recovery:relative_note_add",
        role=Role.FAMILY_PEER_EXPERT,
        part="shared" if shared_with_team else "private",
    )
    return note


@transaction.atomic
def relative_note_set_sharing(*, actor: Actor, note: RelativeNote, shared: bool) -> RelativeNote:
    """Record that the relative agreed to share a note, or withdrew that agreement.

    Who may: the note's author, while they hold a family peer expert role.
    What changes: the note's sharing and one access-log entry with the
    relative as subject (nothing when the sharing stays the same). Raises RecoveryError for anyone else.
    """
    # Allowed while processing is restricted: it records the relative's own
    # consent choice (withdrawing it must always be possible).
    person = _require_family_peer_expert(actor)
    if note.author_id != person.pk:
        raise RecoveryError(_("Only the family peer expert who wrote this note can change it."))
    if note.shared_with_team == shared:
        return note
    note.shared_with_team = shared
    note.save(update_fields=["shared_with_team"])
    log_about_relative(
        ObjectType.RELATIVE_NOTE,
        note.pk,
        relative=note.relative,
        actor=actor,
        action=Action.CHANGE,
        purpose="recovery:relative_note_sharing",
        role=Role.FAMILY_PEER_EXPERT,
        part="shared" if shared else "private",
    )
    return note
