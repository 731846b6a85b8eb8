"""Home-page sections for recovery work: what needs each team member's attention."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record_many
from regie.core.home import Item, Section, register, register_personal
from regie.core.policy import Actor
from regie.people.models import Role, RoleAssignment

from . import access as acc
from .models import CaseState, Handover, HandoverStatus, RecoveryCase
from .selectors.cases import ATTENTION, actions_due, cases_in_team_role, with_flags


def _title(assignment: RoleAssignment) -> str:
    place = assignment.organisation
    role = assignment.get_role_display()
    return f"{role} · {place}" if place else str(role)


def _my_cases(actor: Actor, team_role: str) -> QuerySet[RecoveryCase]:
    """Open cases on which the actor holds `team_role` now."""
    return cases_in_team_role(RecoveryCase.objects.all(), actor.person, team_role)


def _next_meeting_item(actor: Actor) -> Item | None:
    meeting = (
        acc.visible_meetings(actor)
        .filter(held_on__gte=timezone.localdate())
        .order_by("held_on")
        .first()
    )
    if meeting is None:
        return None
    return Item(
        text=_("Next quarterly meeting: %(date)s") % {"date": meeting.held_on.strftime("%d-%m-%Y")},
        url=reverse("recovery:meeting_detail", args=[meeting.uuid]),
    )


def _team_member_section(actor: Actor, assignment: RoleAssignment) -> Section:
    team_role = assignment.role
    section = Section(role=team_role, title=_title(assignment))
    list_url = reverse("recovery:case_list")
    if actor.person is not None:
        mine = _my_cases(actor, team_role)
        # Each counter links to the case list with the filters it counts with.
        role_url = f"{list_url}?{urlencode({'role': team_role})}"
        # The three counters in one query over the person's own cases.
        counts = with_flags(mine).aggregate(
            due=Count("pk", filter=Q(actions_due(actor.person))),
            attention=Count("pk", filter=ATTENTION),
            active=Count("pk", filter=Q(state=CaseState.ACTIVE)),
        )
        due = counts["due"]
        if due:
            section.items.append(
                Item(
                    text=_("Your cases with actions due within two weeks or overdue"),
                    url=f"{role_url}&actions_due=on",
                    count=due,
                )
            )
        attention = counts["attention"]
        if attention:
            section.items.append(
                Item(
                    text=_("Your cases that need attention"),
                    url=f"{role_url}&attention=on",
                    count=attention,
                )
            )
        active = counts["active"]
        if active:
            section.items.append(
                Item(text=_("Your active cases"), url=f"{role_url}&state=active", count=active)
            )
    meeting = _next_meeting_item(actor)
    if meeting is not None:
        section.items.append(meeting)
    if team_role == Role.CASE_DIRECTOR:
        section.empty_text = _(
            "You have no active recovery cases yet. Open a case for a client to start."
        )
        section.actions.append(Item(text=_("Open a case"), url=reverse("recovery:case_create")))
    elif team_role == Role.PEER_EXPERT:
        section.empty_text = _(
            "You are not on a recovery case yet. A case director adds you to a case's "
            "team; the case then appears here."
        )
    else:
        section.empty_text = _(
            "You are not on a recovery case team yet. A case director adds you when the "
            "client or relatives want a family peer expert; the case then appears here."
        )
    return section


@register(Role.CASE_DIRECTOR)
def case_director_section(actor: Actor, assignment: RoleAssignment) -> Section:
    return _team_member_section(actor, assignment)


@register(Role.PEER_EXPERT)
def peer_expert_section(actor: Actor, assignment: RoleAssignment) -> Section:
    return _team_member_section(actor, assignment)


@register(Role.FAMILY_PEER_EXPERT)
def family_peer_expert_section(actor: Actor, assignment: RoleAssignment) -> Section:
    section = _team_member_section(actor, assignment)
    section.actions.append(
        Item(
            text=_("My activities with relatives"),
            url=reverse("recovery:family_activity_list"),
        )
    )
    return section


@register(Role.TEAM_LEAD)
def team_lead_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    if assignment.organisation_id is None:
        return None
    section = Section(role=assignment.role, title=_title(assignment))
    waiting = list(
        Handover.objects.filter(
            case__organisation_id=assignment.organisation_id, status=HandoverStatus.PENDING
        )
        .select_related("case__client", "to_person")
        .order_by("requested_at")[:20]
    )
    # The home names the client of each waiting handover: one read of each case, in one write.
    record_many(
        actor=actor,
        action=Action.READ,
        purpose="core:home",
        object_type=ObjectType.RECOVERY_CASE,
        items=[(str(handover.case.uuid), handover.case.client) for handover in waiting],
        part="handover",
        role=Role.TEAM_LEAD,
    )
    for handover in waiting:
        section.items.append(
            Item(
                text=_("Handover of the case of %(client)s to %(name)s waits for your approval")
                % {"client": handover.case.client, "name": handover.to_person},
                url=reverse("recovery:handover_decide", args=[handover.pk]),
            )
        )
    attention = (
        with_flags(RecoveryCase.objects.filter(organisation_id=assignment.organisation_id))
        .filter(ATTENTION)
        .count()
    )
    list_url = reverse("recovery:case_list")
    if attention:
        section.items.append(
            Item(
                text=_("Cases of the organisation that need attention"),
                url=f"{list_url}?attention=on",
                count=attention,
            )
        )
    section.empty_text = _(
        "No handover is waiting for your approval and no case needs attention. "
        "You can look at all cases of the organisation in the case list."
    )
    section.actions.append(Item(text=_("All cases"), url=list_url))
    section.actions.append(Item(text=_("Quarterly meetings"), url=reverse("recovery:meeting_list")))
    section.actions.append(
        Item(text=_("Training and coaching"), url=reverse("people:trajectories"))
    )
    return section


@register_personal
def recovery_client_section(actor: Actor) -> Section | None:
    """For the client of a recovery case: the way to their own pages."""
    if not acc.is_recovery_client(actor):
        return None
    section = Section(role=acc.CLIENT_LOG_ROLE, title=_("My recovery"))
    section.items.append(
        Item(text=_("Your team, your goals and your wheel"), url=reverse("recovery:my_home"))
    )
    return section
