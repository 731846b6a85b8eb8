"""Who may read the access log: the log manager, nobody else."""

from __future__ import annotations

from django.http import Http404

from regie.core.policy import Actor
from regie.people.models import Role

from .events import ObjectType
from .models import Action, Outcome
from .services import record


def access_log_for_reading(actor: Actor) -> None:
    """Raise Http404 unless the actor holds the log-manager role today.

    A 404 rather than a 403, so the log's existence is not confirmed to others.
    """
    if not actor.has_role(Role.LOG_MANAGER):
        if actor.is_authenticated:
            record(
                actor=actor,
                action=Action.READ,
                purpose="audit:log",
                object_type=ObjectType.ACCESS_LOG,
                outcome=Outcome.DENIED,
            )
        raise Http404
