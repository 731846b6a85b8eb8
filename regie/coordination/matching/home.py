"""Home-page sections for matching (see regie.core.home)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regie.core.home import Item, Section, register
from regie.core.policy import Actor
from regie.people.models import Role, RoleAssignment

from .selectors import waiting_count


@register(Role.COORDINATOR)
def matching_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    """How many applications in the region wait for a match."""
    if assignment.region is None:
        return None
    url = reverse("coordination:matching", args=[assignment.region.slug])
    section = Section(
        role=assignment.role,
        title=f"{_('Matching')} · {assignment.region}",
        empty_text=_("No applications are waiting for a match."),
        actions=[Item(text=_("Open matching"), url=url)],
    )
    waiting = waiting_count(assignment.region.pk)
    if waiting:
        section.items.append(
            Item(text=_("Applications waiting for a match"), url=url, count=waiting)
        )
    return section
