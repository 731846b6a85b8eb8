from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.home import Item, Section, register
from regie.core.policy import Actor
from regie.people.models import Role, RoleAssignment

from .models import AccessEvent


@register(Role.LOG_MANAGER)
def log_manager_section(actor: Actor, assignment: RoleAssignment) -> Section:
    since = timezone.now() - datetime.timedelta(days=1)
    last_day = AccessEvent.objects.filter(occurred_at__gte=since)
    emergencies = last_day.filter(emergency=True).count()
    refused = last_day.filter(outcome="denied").count()
    url = reverse("audit:log")
    section = Section(role=assignment.role, title=_("Access log"))
    section.items.append(
        Item(text=_("Access events in the last 24 hours"), url=url, count=last_day.count())
    )
    if emergencies:
        section.items.append(
            Item(text=_("Emergency access events to check"), url=url, count=emergencies)
        )
    if refused:
        section.items.append(Item(text=_("Refused access events to check"), url=url, count=refused))
    return section
