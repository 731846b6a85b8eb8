"""Home-page sections for quality (see regie.core.home).

- A coordinator sees how many cards wait for a four-eyes review in the region.
- An HBO consultant sees the reviews they may do in the region (never their
  own cards), and every consultant sees their cards sent back with comments.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.core.home import Item, Section, register
from regie.core.policy import Actor
from regie.people.access import is_hbo_consultant
from regie.people.models import Role, RoleAssignment

from . import selectors as sel


def _review_item(actor: Actor, assignment: RoleAssignment) -> Item | None:
    assert assignment.region is not None
    waiting = sel.waiting_count({assignment.region.pk}, actor.person)
    if not waiting:
        return None
    return Item(
        text=_("Cards waiting for a quality review"),
        url=reverse("coordination:review_list", args=[assignment.region.slug]),
        count=waiting,
    )


@register(Role.COORDINATOR)
def coordinator_reviews(actor: Actor, assignment: RoleAssignment) -> Section | None:
    if assignment.region is None:
        return None
    item = _review_item(actor, assignment)
    if item is None:
        return None
    return Section(
        role=assignment.role,
        title=f"{gettext_lazy('Quality')} · {assignment.region}",
        items=[item],
    )


@register(Role.CONSULTANT)
def consultant_reviews(actor: Actor, assignment: RoleAssignment) -> Section | None:
    """Cards sent back to me with comments; reviews I may do as an HBO consultant."""
    if assignment.region is None or actor.person is None:
        return None
    items: list[Item] = []
    sent_back = sel.sent_back_to(actor.person).filter(card__request__region=assignment.region)
    for review in sent_back[:10]:
        items.append(
            Item(
                text=_("Card %(number)s of %(name)s was sent back: %(comments)s")
                % {
                    "number": review.card.number,
                    "name": review.card.request.participant.full_name,
                    "comments": review.comments[:200],
                },
                url=reverse("crisiscard:card_edit", args=[review.card.request.uuid]),
            )
        )
    if is_hbo_consultant(actor.person):
        item = _review_item(actor, assignment)
        if item is not None:
            items.append(item)
    if not items:
        return None
    return Section(
        role=assignment.role,
        title=f"{gettext_lazy('Quality reviews')} · {assignment.region}",
        items=items,
    )
