"""Template tags other apps' pages use to show a person's privacy rights.

`{% my_data_section %}` is the "My data" section on the participant's and the
client's own home pages; `{% privacy_staff_box person %}` is the calm notice
of a pause and, for staff who handle the person's rights, a link to them.
"""

from __future__ import annotations

from typing import Any

from django import template

from regie.core.policy import actor_for
from regie.people.models import Person

from ..export.access import PersonAccess, own_role, staff_role_for
from ..restriction.services import current_restriction

register = template.Library()


@register.inclusion_tag("privacy/partials/_my_data_section.html", takes_context=True)
def my_data_section(context: dict[str, Any]) -> dict[str, Any]:
    actor = actor_for(context["request"])
    if own_role(actor) is None or actor.person is None:
        return {"show": False}
    access = PersonAccess(actor.person, "", True)
    return {"show": True, "restriction": current_restriction(access)}


@register.inclusion_tag("privacy/partials/_staff_box.html", takes_context=True)
def privacy_staff_box(context: dict[str, Any], person: Person) -> dict[str, Any]:
    actor = actor_for(context["request"])
    access = PersonAccess(person, "", False)
    return {
        "person": person,
        "restriction": current_restriction(access),
        "may_handle": staff_role_for(actor, person) is not None,
    }
