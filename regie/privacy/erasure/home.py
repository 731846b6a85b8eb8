"""Home sections: open erasure requests for the region's coordinators and the
log manager, with how many are past or near their deadline."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.home import Item, Section, register
from regie.core.policy import Actor
from regie.people.models import Role, RoleAssignment

from ..models import ErasureRequest, ErasureStatus


def _section(assignment: RoleAssignment, requests: QuerySet[ErasureRequest]) -> Section | None:
    total = requests.count()
    if not total:
        return None
    soon = requests.filter(due_on__lte=timezone.localdate() + datetime.timedelta(days=14)).count()
    url = reverse("privacy:erasure_tasks")
    section = Section(role=assignment.role, title=_("Erasure requests"))
    section.items.append(
        Item(text=_("Open requests to erase someone's data"), url=url, count=total)
    )
    if soon:
        section.items.append(Item(text=_("Due within two weeks or overdue"), url=url, count=soon))
    return section


@register(Role.COORDINATOR)
def coordinator_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    if assignment.region_id is None:
        return None
    open_requests = ErasureRequest.objects.filter(
        status=ErasureStatus.OPEN, region_id=assignment.region_id
    )
    return _section(assignment, open_requests)


@register(Role.LOG_MANAGER)
def log_manager_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    return _section(assignment, ErasureRequest.objects.filter(status=ErasureStatus.OPEN))
