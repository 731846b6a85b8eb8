"""The access-log row every privacy page writes when it shows a person's data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import actor_for

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .export.access import PersonAccess


def log_person_page(request: HttpRequest, access: PersonAccess, purpose: str) -> None:
    """One READ row about the person the page shows, named by the page's URL name."""
    record(
        actor=actor_for(request),
        action=Action.READ,
        purpose=purpose,
        object_type=ObjectType.PERSON,
        object_id=str(access.person.uuid),
        subject=access.person,
        part="privacy rights",
        role=access.role,
        request=request,
    )
