"""Home-page sections for information sessions (see regie.core.home): the
presenter's upcoming sessions and the coordinator's requests waiting for a presenter."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.home import Item, Section, register
from regie.core.policy import Actor
from regie.people.access import is_hbo_consultant
from regie.people.models import Role, RoleAssignment

from . import selectors as sel


def _upcoming_items(actor: Actor, region_id: int | None) -> list[Item]:
    if actor.person is None:
        return []
    return [
        Item(
            text=_("%(date)s: %(topic)s")
            % {
                "date": timezone.localtime(s.starts_at).strftime("%d-%m-%Y %H:%M"),
                "topic": s.topic,
            },
            url=reverse("coordination:session_detail", args=[s.uuid]),
        )
        for s in sel.upcoming_for_presenter(actor.person, region_id)
    ]


@register(Role.CONSULTANT)
def presenter_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    """An HBO consultant's upcoming sessions in this region."""
    if not is_hbo_consultant(actor.person):
        return None
    items = _upcoming_items(actor, assignment.region_id)
    if not items:
        return None
    return Section(
        role=assignment.role,
        title=_("Your information sessions"),
        items=items,
        actions=[Item(text=_("My sessions"), url=reverse("coordination:my_sessions"))],
    )


@register(Role.COORDINATOR)
def coordinator_sessions_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    """Requests waiting for a presenter in this region, and the coordinator's own sessions."""
    region = assignment.region
    if region is None:
        return None
    waiting = sel.waiting_for_presenter(region.pk).count()
    items = []
    if waiting:
        items.append(
            Item(
                text=_("Sessions waiting for a presenter"),
                url=reverse("coordination:session_list", args=[region.slug]),
                count=waiting,
            )
        )
    items.extend(_upcoming_items(actor, region.pk))
    if not items:
        return None
    return Section(
        role=assignment.role,
        title=_("Information sessions · %(region)s") % {"region": region.name},
        items=items,
        actions=[
            Item(
                text=_("All sessions"),
                url=reverse("coordination:session_list", args=[region.slug]),
            )
        ],
    )
