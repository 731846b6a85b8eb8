"""Home-page sections for roles whose work lives in this app.

The participant's and consultant's sections live in crisiscard/home.py."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.home import Item, Section, register
from regie.core.policy import Actor

from .models import Role, RoleAssignment
from .selectors import consultant_assignments_in_region


def _where(assignment: RoleAssignment) -> str:
    place = assignment.region or assignment.organisation
    return (
        f"{assignment.get_role_display()} · {place}"
        if place
        else str(assignment.get_role_display())
    )


@register(Role.COORDINATOR)
def coordinator_section(actor: Actor, assignment: RoleAssignment) -> Section:
    region = assignment.region
    assert region is not None  # a database constraint guarantees it
    today = timezone.localdate()
    consultants = consultant_assignments_in_region(region)
    active = consultants.active(today)
    ending = active.filter(
        valid_to__isnull=False, valid_to__lte=today + datetime.timedelta(days=30)
    ).count()
    untrained = active.filter(person__consultant_qualification__trained_on__isnull=True).count()
    url = reverse("people:region_consultants", args=[region.slug])
    section = Section(role=assignment.role, title=_where(assignment))
    section.items.append(Item(text=_("Active consultants"), url=url, count=active.count()))
    if ending:
        section.items.append(
            Item(text=_("Consultant roles ending within 30 days"), url=url, count=ending)
        )
    if untrained:
        section.items.append(
            Item(text=_("Consultants without a recorded training date"), url=url, count=untrained)
        )
    section.actions.append(
        Item(text=_("Add a consultant"), url=reverse("people:consultant_add", args=[region.slug]))
    )
    return section


@register(Role.ADMINISTRATOR)
def administrator_section(actor: Actor, assignment: RoleAssignment) -> Section:
    return Section(
        role=assignment.role,
        title=_where(assignment),
        actions=[Item(text=_("Open the management screens"), url=reverse("admin:index"))],
        empty_text=_("Nothing needs your attention right now."),
    )
