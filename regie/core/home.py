"""The home page: per active role, what needs the person's attention.

Apps contribute by registering a function for a role in their `home.py`
(imported from their AppConfig.ready). Core knows no app's models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise

from regie.people.models import RoleAssignment

from .policy import STAFF_ROLE_ORDER, Actor

type Text = str | Promise


@dataclass
class Item:
    text: Text
    url: str = ""
    count: int | None = None


@dataclass
class Section:
    role: str
    title: Text
    items: list[Item] = field(default_factory=list)
    empty_text: Text = ""
    actions: list[Item] = field(default_factory=list)


Contributor = Callable[[Actor, RoleAssignment], Section | None]

_CONTRIBUTORS: dict[str, list[Contributor]] = {}


def register(role: str) -> Callable[[Contributor], Contributor]:
    def decorator(func: Contributor) -> Contributor:
        _CONTRIBUTORS.setdefault(role, []).append(func)
        return func

    return decorator


PersonalContributor = Callable[[Actor], Section | None]

_PERSONAL: list[PersonalContributor] = []


def register_personal(func: PersonalContributor) -> PersonalContributor:
    """A section that does not come from a role but from who the person is
    (for example: the client of a recovery case, who holds no role)."""
    _PERSONAL.append(func)
    return func


def attention_sections(actor: Actor) -> list[Section]:
    """The person's own sections first, then one section per active role
    assignment, staff roles in a stable order."""
    personal = [section for func in _PERSONAL if (section := func(actor)) is not None]
    order = {role: i for i, role in enumerate(["participant", *STAFF_ROLE_ORDER])}
    assignments = sorted(actor.assignments, key=lambda a: (order.get(a.role, 99), str(a.region)))
    sections: list[Section] = personal
    for assignment in assignments:
        for contributor in _CONTRIBUTORS.get(assignment.role, []):
            section = contributor(actor, assignment)
            if section is not None:
                sections.append(section)
    return sections
