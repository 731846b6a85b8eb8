"""The print queue: cards and letters the licence holder prints and posts.

Nobody silently gets nothing: a notice for a person without an e-mail address
becomes a letter here, a new or re-issued card is queued for printing, and an
invitation letter waits here until it is printed (its code is made then).
The region's coordinators do the licence holder's print work
(docs/permissions.md). See decisions/0021.
"""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record, record_many
from regie.core import mail
from regie.core.letters import Letter, draw_letter, new_canvas, split_text
from regie.core.policy import Actor, actor_for_user
from regie.core.tasks import background, enqueue_after_commit
from regie.people.activation.invitation import Inviter, invitation_letter, recipient_lines
from regie.people.activation.services import ActivationError, activation_issue
from regie.people.models import (
    ActivationChannel,
    ActivationPurpose,
    Person,
    Region,
    Role,
    RoleAssignment,
)
from regie.privacy.restriction import (
    ensure_not_restricted,
    is_restricted,
    restricted_people,
)

from ..models import (
    BatchStatus,
    Card,
    CardRequest,
    EmergencyLink,
    PrintBatch,
    PrintItem,
    PrintKind,
)
from .errors import CrisisCardError

# One batch PDF holds at most this many items; the page says so.
MAX_BATCH = 100
# A batch PDF holds personal data: it is kept only this long.
KEEP_BATCHES = datetime.timedelta(days=1)


# --- Putting things in the queue -------------------------------------------


def enqueue_card(*, actor: Actor | None, card: Card) -> PrintItem:
    """Queue an issued card for printing (cards.issue calls this for new and re-issued cards)."""
    ensure_not_restricted(card.request.participant_id)
    return PrintItem.objects.create(
        kind=PrintKind.CARD,
        region_id=card.request.region_id,
        recipient_id=card.request.participant_id,
        card=card,
        request_id=card.request_id,
        created_by=actor.person if actor is not None else None,
    )


def wants_letters(person: Person) -> bool:
    return not person.email


def notify(
    person: Person,
    template: str,
    context: dict[str, Any],
    *,
    region: Region | None,
    request: CardRequest | None = None,
    later: bool = False,
) -> str:
    """Tell `person` by mail, or by a letter in the print queue when they have no address.

    The mail is `template` (core.mail), sent after commit; with `later` it is
    queued as ids and rendered by the worker that sends it (`mail.send_later`:
    `context` then holds model instances and text only). The letter carries
    the same subject and text, rendered now in the person's language. Returns
    "mail", "letter", or "" when there is no address and no region to print in.
    Inside the caller's transaction.
    """
    language = person.preferred_language or settings.LANGUAGE_CODE
    context = {"person": person, **context}
    if not wants_letters(person):
        if later:
            mail.send_later(person, template, context)
        else:
            mail.send_after_commit(person.email, template, context, language=language)
        return "mail"
    # A letter is a mail on paper: none to a person whose processing is
    # restricted (core.mail holds back the e-mail the same way).
    if region is None or is_restricted(person):
        return ""
    rendered = mail.render(template, {**context, "letter": True}, language=language)
    PrintItem.objects.create(
        kind=PrintKind.NOTICE,
        region=region,
        recipient=person,
        request=request,
        subject=rendered.subject[:200],
        body=rendered.text,
    )
    return "letter"


def _consultant_organisation(request: CardRequest) -> Inviter:
    consultant = request.consultant
    organisation = None
    if consultant is not None:
        assignment = (
            RoleAssignment.objects.active()
            .filter(person=consultant, role=Role.CONSULTANT, region_id=request.region_id)
            .select_related("organisation")
            .first()
        )
        organisation = assignment.organisation if assignment is not None else None
    return Inviter(person=consultant, organisation=organisation)


@transaction.atomic
def enqueue_invitation(*, actor: Actor, request: CardRequest) -> PrintItem:
    """Queue an invitation letter for the participant; its code is made when it is printed.

    Who may: the caller checked that the actor is the request's consultant
    (invitations.participant_letter_to_queue). What changes: one PrintItem
    (an open invitation letter for this request replaces nothing: a second
    one is refused); one access-log CREATE. Raises CrisisCardError when an
    invitation letter for this participant is already waiting.
    """
    ensure_not_restricted(request.participant_id)
    waiting = PrintItem.objects.filter(
        kind=PrintKind.INVITATION, recipient=request.participant, printed_at__isnull=True
    )
    if waiting.exists():
        raise CrisisCardError(_("An invitation letter for this participant is already waiting."))
    item = PrintItem.objects.create(
        kind=PrintKind.INVITATION,
        region_id=request.region_id,
        recipient=request.participant,
        request=request,
        created_by=actor.person,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        purpose="crisiscard:participant_letter_queue",
        object_type=ObjectType.PRINT_ITEM,
        object_id=str(item.uuid),
        subject=request.participant,
        part="invitation",
        role=Role.CONSULTANT,
    )
    return item


# --- Reading the queue ------------------------------------------------------


def open_items(region: Region) -> QuerySet[PrintItem]:
    """The region's items not yet printed and sent, oldest first, with what a row shows."""
    return (
        PrintItem.objects.filter(region=region, printed_at__isnull=True)
        .select_related("recipient", "card", "created_by")
        .order_by("created_at", "pk")
    )


def batch_in_region(region: Region, batch: uuid.UUID) -> PrintBatch | None:
    """The region's batch with this id, or None (the caller answers 404)."""
    return PrintBatch.objects.filter(region=region, uuid=batch).first()


def batch_progress(region: Region, batch: uuid.UUID) -> dict[str, Any] | None:
    """How far a batch PDF is: {"status", "done", "total"}, or None when unknown."""
    row = (
        PrintBatch.objects.filter(region=region, uuid=batch)
        .values("status", "done", "total")
        .first()
    )
    return dict(row) if row is not None else None


def batch_items(batch: PrintBatch) -> list[PrintItem]:
    """The items in a finished batch's PDF, with their recipients (for the access log)."""
    return list(
        PrintItem.objects.filter(region_id=batch.region_id, uuid__in=batch.items).select_related(
            "recipient"
        )
    )


# --- Printing ---------------------------------------------------------------


def _notice_letter(item: PrintItem) -> Letter:
    person = item.recipient
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        text = render_to_string("crisiscard/print/notice_letter.txt", {"item": item})
    _subject, closing = split_text(text)
    paragraphs = [" ".join(p.split()) for p in item.body.strip().split("\n\n") if p.strip()]
    return Letter(
        recipient=recipient_lines(person),
        sender=item.region.name,
        date=timezone.localdate(),
        subject=item.subject,
        paragraphs=paragraphs,
        closing=closing,
    )


def _items_for_batch(region: Region, chosen: Sequence[uuid.UUID]) -> list[PrintItem]:
    items = (
        open_items(region)
        .select_related(
            "region", "request__consultant", "card__request__participant", "card__version"
        )
        .prefetch_related(
            Prefetch(
                "card__request__participant__emergency_links",
                queryset=EmergencyLink.objects.filter(revoked_at__isnull=True).order_by(
                    "-created_at", "-pk"
                ),
                to_attr="live_links",
            )
        )
    )
    # Items for a person whose processing is restricted wait in the queue
    # until the pause is lifted: printing them is processing (and a letter).
    items = items.exclude(recipient_id__in=restricted_people())
    if chosen:
        items = items.filter(uuid__in=list(chosen))
    return list(items[:MAX_BATCH])


def print_batch(
    *, actor: Actor, region: Region, chosen: Sequence[uuid.UUID], batch: PrintBatch
) -> tuple[bytes, list[PrintItem]]:
    """One PDF with the chosen open items (or the oldest open ones), in queue order.

    Who may: a coordinator of the region (the view's access check; the
    licence holder's print work). What changes: each invitation letter gets a
    fresh single-use code (an earlier printed code of that person stops
    working); the items' `downloaded_at`; one access-log PRINT per item.
    Progress is written to `batch` for the page that waits for it. Returns
    the PDF and the items in it. Raises CrisisCardError when nothing is open.
    """
    items = _items_for_batch(region, chosen)
    if not items:
        raise CrisisCardError(_("There is nothing to print."))
    total = len(items)
    _progress(batch, 0, total)
    out = io.BytesIO()
    canvas = new_canvas(out, title=_("Print work %(region)s") % {"region": region.name})
    holders: dict[int, Any] = {}
    # Imported here: the card PDF imports the card selectors, which import services.
    from ..pdf import card_pdf

    # Not one transaction around the drawing: each step's progress must be
    # visible to the page that waits (each invitation code is issued in its
    # own transaction). The prints are marked and logged together at the end.
    for done, item in enumerate(items, start=1):
        if item.kind == PrintKind.CARD and item.card is not None:
            card_pdf(item.card, holders=holders, onto=canvas)
        elif item.kind == PrintKind.INVITATION:
            draw_letter(canvas, _invitation_for(actor, item))
        else:
            draw_letter(canvas, _notice_letter(item))
        _progress(batch, done, total)
    with transaction.atomic():
        PrintItem.objects.filter(pk__in=[i.pk for i in items]).update(downloaded_at=timezone.now())
        record_many(
            actor=actor,
            action=Action.PRINT,
            purpose="crisiscard:print_batch",
            object_type=ObjectType.PRINT_ITEM,
            items=[(str(i.uuid), i.recipient) for i in items],
            role=Role.COORDINATOR,
        )
    canvas.save()
    return out.getvalue(), items


def _progress(batch: PrintBatch, done: int, total: int) -> None:
    PrintBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, done=done, total=total
    )


@transaction.atomic
def print_batch_request(*, actor: Actor, region: Region, chosen: Sequence[uuid.UUID]) -> PrintBatch:
    """Ask a worker for one PDF of the chosen (or the oldest) open items.

    Who may: a coordinator of the region (the view's access check). What
    changes: a new PrintBatch, queued; the task that makes it runs after
    commit (`print_batch_build`); the region's batches older than
    KEEP_BATCHES are removed (the daily job removes the others). Nothing is
    logged yet: the worker logs the prints. Raises CrisisCardError when nothing is open.
    """
    if not _items_for_batch(region, chosen):
        raise CrisisCardError(_("There is nothing to print."))
    PrintBatch.objects.filter(region=region, created_at__lt=timezone.now() - KEEP_BATCHES).delete()
    batch = PrintBatch.objects.create(
        region=region, requested_by=actor.person, chosen=[str(c) for c in chosen]
    )
    enqueue_after_commit(print_batch_build, batch.pk)
    return batch


def purge_print_batches(today: datetime.date) -> str:
    """The daily job that removes batch PDFs older than KEEP_BATCHES (they hold
    personal data); `today` is not used: the age counts from now."""
    removed, _by_model = PrintBatch.objects.filter(
        created_at__lt=timezone.now() - KEEP_BATCHES
    ).delete()
    return f"{removed} print batches removed."


@background
def print_batch_build(batch_id: int) -> str:
    """Make the PDF of batch `batch_id` (a task). The coordinator who asked must
    still coordinate the region; a refusal ends the batch as failed with its
    message, any other error is retried by the queue."""
    batch = PrintBatch.objects.select_related("region", "requested_by__user").get(pk=batch_id)
    if batch.finished:
        return "already finished"
    requester = batch.requested_by
    actor = actor_for_user(requester.user if requester is not None else None)
    try:
        if not actor.has_role(Role.COORDINATOR, region=batch.region):
            raise CrisisCardError(_("You no longer coordinate this region."))
        data, items = print_batch(
            actor=actor,
            region=batch.region,
            chosen=[uuid.UUID(c) for c in batch.chosen],
            batch=batch,
        )
    except CrisisCardError as refusal:
        PrintBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, error=str(refusal), finished_at=timezone.now()
        )
        return "refused"
    except Exception:
        PrintBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.QUEUED, done=0)
        raise
    PrintBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE,
        pdf=data,
        items=[str(i.uuid) for i in items],
        done=len(items),
        total=len(items),
        finished_at=timezone.now(),
    )
    return f"{len(items)} items"


def _invitation_for(actor: Actor, item: PrintItem) -> Letter:
    request = item.request
    inviter = (
        _consultant_organisation(request)
        if request is not None
        else Inviter(person=item.created_by, organisation=None)
    )
    try:
        issued = activation_issue(
            actor=actor,
            person=item.recipient,
            purpose=ActivationPurpose.PARTICIPANT,
            channel=ActivationChannel.LETTER,
            role=Role.COORDINATOR,
            log_purpose="crisiscard:print_batch",
        )
    except ActivationError as error:
        raise CrisisCardError(str(error)) from error
    return invitation_letter(issued=issued, person=item.recipient, inviter=inviter)


@transaction.atomic
def mark_printed(*, actor: Actor, region: Region, chosen: Sequence[uuid.UUID]) -> int:
    """Mark the chosen open items of the region as printed and sent.

    Who may: a coordinator of the region. What changes: `printed_at` and
    `printed_by` of those items; one access-log CHANGE per item. Returns how
    many were marked. Raises CrisisCardError when none was chosen.
    """
    if not chosen:
        raise CrisisCardError(_("Choose the items you printed and sent."))
    items = list(open_items(region).filter(uuid__in=list(chosen)))
    if not items:
        raise CrisisCardError(_("Choose the items you printed and sent."))
    PrintItem.objects.filter(pk__in=[i.pk for i in items]).update(
        printed_at=timezone.now(), printed_by=actor.person
    )
    record_many(
        actor=actor,
        action=Action.CHANGE,
        purpose="crisiscard:print_mark",
        object_type=ObjectType.PRINT_ITEM,
        items=[(str(i.uuid), i.recipient) for i in items],
        part="printed",
        role=Role.COORDINATOR,
    )
    return len(items)
