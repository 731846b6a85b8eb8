"""Home-page sections for workload (see regie.core.home).

Coordinators see how many of the region's consultants need attention; a team
lead how many peer experts do. Consultants and peer experts see their own
load only when it is at or over a limit, so the home page stays quiet.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regie.core.home import Item, Section, register
from regie.core.policy import Actor
from regie.people.models import Role, RoleAssignment

from . import selectors as sel
from .access import team_lead_organisation_ids

OWN_LOAD_ROLES = (Role.CONSULTANT, Role.PEER_EXPERT, Role.FAMILY_PEER_EXPERT)


@register(Role.COORDINATOR)
def coordinator_workload_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    """'N people need attention' for the region, or nothing when nobody does."""
    region = assignment.region
    if region is None:
        return None
    count = sel.attention_count(region.pk)
    if not count:
        return None
    url = reverse("coordination:workload", args=[region.slug])
    return Section(
        role=assignment.role,
        title=_("Workload · %(region)s") % {"region": region},
        items=[
            Item(
                text=ngettext(
                    "Person who needs attention because of their workload",
                    "People who need attention because of their workload",
                    count,
                ),
                url=url,
                count=count,
            )
        ],
        actions=[Item(text=_("Workload dashboard"), url=url)],
    )


def _first_own_load_assignment(actor: Actor) -> RoleAssignment | None:
    for role in OWN_LOAD_ROLES:
        for assignment in actor.assignments:
            if assignment.role == role:
                return assignment
    return None


def own_workload_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    """The person's own load, once (not per role), and only when at or over a limit."""
    if actor.person is None or _first_own_load_assignment(actor) is not assignment:
        return None
    threshold = sel.threshold_for(assignment.region_id)
    row = sel.load_rows([actor.person], threshold)[0]
    if row.signal == "ok":
        return None
    load = row.load
    items: list[Item] = []
    url = reverse("coordination:my_work")
    if load.has_contract_hours:
        items.append(
            Item(
                text=_(
                    "Your hours in the last four weeks: %(hours)s of %(contract)s contract hours"
                )
                % {"hours": load.hours, "contract": round(load.contract_hours_in_window, 1)},
                url=url,
            )
        )
    items.append(
        Item(
            text=_("Your active trajectories: %(active)s (limit %(limit)s)")
            % {"active": load.active, "limit": threshold.max_active_trajectories},
            url=url,
        )
    )
    title = (
        _("Your workload is over a limit")
        if row.signal == "overloaded"
        else _("Your workload is close to a limit")
    )
    return Section(role=assignment.role, title=title, items=items)


for _role in OWN_LOAD_ROLES:
    register(_role)(own_workload_section)


@register(Role.TEAM_LEAD)
def team_lead_workload_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    """The team lead's way to the peer experts' workload, with how many need attention."""
    leads = [a for a in actor.assignments if a.role == Role.TEAM_LEAD and a.organisation_id]
    if not leads or leads[0] is not assignment:
        return None  # one section, however many organisations
    threshold = sel.threshold_for(None)
    rows = sel.load_rows(sel.team_peer_experts(team_lead_organisation_ids(actor)), threshold)
    count = sum(1 for row in rows if row.signal != "ok")
    url = reverse("coordination:workload_team")
    section = Section(
        role=assignment.role,
        title=_("Workload of peer experts"),
        empty_text=_("No peer expert needs attention because of their workload."),
        actions=[Item(text=_("Workload of peer experts"), url=url)],
    )
    if count:
        section.items.append(
            Item(
                text=ngettext(
                    "Peer expert who needs attention because of their workload",
                    "Peer experts who need attention because of their workload",
                    count,
                ),
                url=url,
                count=count,
            )
        )
    return section
