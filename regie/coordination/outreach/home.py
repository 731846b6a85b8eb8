"""Home-page sections for outreach (see regie.core.home): regional agreements
that end soon, for each region the person coordinates."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.core.home import Item, Section, register
from regie.core.policy import Actor
from regie.people.models import Role, RoleAssignment

from .models import AgreementStatus
from .selectors import agreements_ending

SHOWN = 5


@register(Role.COORDINATOR)
def agreements_ending_section(actor: Actor, assignment: RoleAssignment) -> Section | None:
    """Agreements in their reminder window: renew them or record that they end."""
    region = assignment.region
    if region is None:
        return None
    ending = agreements_ending(region, timezone.localdate())
    if not ending:
        return None  # the home page shows what needs attention
    list_url = reverse("coordination:agreement_list", args=[region.slug])
    section = Section(
        role=assignment.role,
        title=f"{_('Regional agreements ending soon')} · {region}",
        actions=[
            Item(
                text=_("All regional agreements"),
                url=f"{list_url}?status={AgreementStatus.ENDING}",
            )
        ],
    )
    for row in ending[:SHOWN]:
        agreement = row.agreement
        section.items.append(
            Item(
                text=_("%(title)s with %(stakeholder)s ends on %(date)s")
                % {
                    "title": agreement.title,
                    "stakeholder": agreement.stakeholder.name,
                    "date": agreement.valid_until.strftime("%d-%m-%Y")
                    if agreement.valid_until
                    else "",
                },
                url=reverse(
                    "coordination:stakeholder_detail",
                    args=[region.slug, agreement.stakeholder.uuid],
                ),
            )
        )
    if len(ending) > SHOWN:
        section.items.append(
            Item(
                text=_("More agreements ending soon"),
                url=f"{list_url}?status={AgreementStatus.ENDING}",
                count=len(ending) - SHOWN,
            )
        )
    return section
