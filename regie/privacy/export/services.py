"""Make a person's copy of their data (JSON or PDF), and log it."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor

from .access import PersonAccess
from .collect import collect
from .pdf import data_pdf

JSON = "json"
PDF = "pdf"


def data_copy_make(
    *, actor: Actor, access: PersonAccess, kind: str, request: HttpRequest | None = None
) -> bytes:
    """All of `access.person`'s data as JSON (kind "json") or a readable PDF ("pdf").

    Who may: the person themself, or staff who handle their request (see
    `access`). What changes: nothing but one access-log EXPORT (a copy of all
    their data, part = the kind), on behalf of the person when staff make it.
    Raises ValueError for an unknown kind.
    """
    if kind not in (JSON, PDF):
        raise ValueError(kind)
    data = collect(access.person)
    if kind == JSON:
        content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    else:
        content = data_pdf(data)
    record(
        actor=actor,
        action=Action.EXPORT,
        purpose=f"privacy:data_copy_{kind}",
        object_type=ObjectType.DATA_COPY,
        object_id=str(access.person.uuid),
        subject=access.person,
        part=kind,
        role=access.role,
        on_behalf_of=None if access.is_own else access.person,
        request=request,
    )
    return content
